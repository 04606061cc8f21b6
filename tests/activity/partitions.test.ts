import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "@/db/schema";
import { dropExpiredPartitions, listActivity, logEvent, maintainActivityPartitions } from "@/lib/activity";
import { findEventByDedupeKey } from "@/lib/activity/read/find-event-by-dedupe-key";
import { hasEventWithDedupeKey } from "@/lib/activity/read/has-event-with-dedupe-key";
import { applyRetention } from "@/lib/activity/retention/apply-retention";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import { createStore, rowById, systemContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

/**
 * activity_log is range-partitioned by month of occurred_at: partitions ahead of time, a DEFAULT
 * partition that never keeps rows for long, dedupe keys unique across months, and whole months
 * dropped once every store's retention has passed them. On both engines.
 */
let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  spool = useTestSpool();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.dispose();
  spool.cleanup();
});

const monthName = (d: Date) =>
  `activity_log_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
const monthsFromNow = (n: number, day = 15) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, day, 12));
};

async function partitions(): Promise<string[]> {
  const rows = await handle.owner.query<{ name: string }>(
    `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'public.activity_log'::regclass order by 1`,
  );
  return rows.map((r) => r.name);
}

/** Which partition holds a row (as the owner: the app may not name partitions). */
async function partitionOf(id: string): Promise<string | undefined> {
  const [row] = await handle.owner.query<{ name: string }>(
    "select tableoid::regclass::text as name from activity_log where id = $1",
    [id],
  );
  return row?.name;
}

const note = (storeId: string, occurredAt: Date, dedupeKey?: string) =>
  logEvent(
    handle.db,
    systemContext(storeId),
    "order.note_added",
    { note: "a note" },
    { occurredAt, dedupeKey, entity: { type: "store", id: storeId } },
  );

describe("activity_log partitions", () => {
  it("has this month's partition, the two before it and three ahead, and a DEFAULT one", async () => {
    const names = await partitions();
    for (let n = -2; n <= 3; n++) expect(names).toContain(monthName(monthsFromNow(n)));
    expect(names).toContain("activity_log_default");
    const [row] = await handle.owner.query<{ strategy: string; key: string }>(
      `select p.partstrat::text as strategy, pg_get_partkeydef(p.partrelid) as key
         from pg_partitioned_table p where p.partrelid = 'public.activity_log'::regclass`,
    );
    expect(row).toEqual({ strategy: "r", key: "RANGE (occurred_at)" });
  });

  it("writes each row into its month's partition", async () => {
    const storeId = await createStore(handle.db);
    const now = await note(storeId, new Date());
    const next = await note(storeId, monthsFromNow(2));
    expect(await partitionOf(now.id)).toBe(monthName(new Date()));
    expect(await partitionOf(next.id)).toBe(monthName(monthsFromNow(2)));
  });

  it("dedupes across a month boundary: the same key in another month writes nothing", async () => {
    const storeId = await createStore(handle.db);
    const other = await createStore(handle.db);
    const endOfMonth = monthsFromNow(1, 1);
    endOfMonth.setUTCHours(0, 0, 0, 0);
    const before = new Date(endOfMonth.getTime() - 1000);
    const first = await note(storeId, before, "boundary:1");
    const second = await note(storeId, new Date(endOfMonth.getTime() + 1000), "boundary:1");
    expect(first.status).toBe("written");
    expect(second.status).toBe("duplicate");
    expect(await partitionOf(first.id)).toBe(monthName(before));
    expect(await rowById(handle.db, second.id)).toBeUndefined();
    expect((await findEventByDedupeKey(handle.db, storeId, "boundary:1"))?.id).toBe(first.id);
    expect(await hasEventWithDedupeKey(handle.db, storeId, "boundary:1")).toBe(true);
    expect(await hasEventWithDedupeKey(handle.db, other, "boundary:1")).toBe(false);
    // Another store's key is its own.
    expect((await note(other, endOfMonth, "boundary:1")).status).toBe("written");
    // One batch holding the key twice, in two months, writes the first only.
    const batch = await Promise.all([
      note(storeId, monthsFromNow(0), "boundary:2"),
      note(storeId, monthsFromNow(3), "boundary:2"),
    ]);
    expect(batch.map((r) => r.status).sort()).toEqual(["duplicate", "written"]);
  });

  it("moves rows out of DEFAULT into a partition made for them, and says so", async () => {
    const storeId = await createStore(handle.db);
    const old = new Date(Date.UTC(2019, 2, 14, 9));
    const written = await note(storeId, old, "imported:2019");
    expect(written.status).toBe("written");
    expect(await partitionOf(written.id)).toBe("activity_log_default");

    const result = await maintainActivityPartitions(handle.db);
    expect(result.created).toContain("activity_log_y2019m03");
    expect(result.moved).toBe(1);
    expect(await partitionOf(written.id)).toBe("activity_log_y2019m03");
    const [left] = await handle.owner.query<{ n: number }>(
      "select count(*)::int as n from activity_log_default",
    );
    expect(left!.n).toBe(0);

    const page = await listActivity(
      handle.db,
      storeId,
      { type: "activity.partition_default_used" },
      { limit: 5 },
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      level: "warning",
      payload: { rows: 1, partitions: ["activity_log_y2019m03"] },
    });
    // The moved row keeps its key, and its place in the store's history.
    expect((await note(storeId, new Date(), "imported:2019")).status).toBe("duplicate");
    expect((await rowById(handle.db, written.id))?.occurredAt.toISOString()).toBe(old.toISOString());

    // Nothing left to do: a second run makes and moves nothing.
    expect(await maintainActivityPartitions(handle.db)).toEqual({ created: [], moved: 0 });
  });

  it("drops a whole month once it is past every store's retention, and only then", async () => {
    const short1 = await createStore(handle.db);
    const short2 = await createStore(handle.db);
    const long = await createStore(handle.db);
    const forever = await createStore(handle.db);
    for (const id of [short1, short2])
      await handle.db.update(stores).set({ activityRetentionDays: 30 }).where(eq(stores.id, id));
    await handle.db.update(stores).set({ activityRetentionDays: 3650 }).where(eq(stores.id, long));
    // Stores keep 90 days unless told otherwise; this one keeps its history for ever.
    await handle.db.update(stores).set({ activityRetentionDays: null }).where(eq(stores.id, forever));

    // Three old months (rows recorded then, too: only the owner may write inserted_at).
    const old = async (storeId: string, month: number, key: string | null) => {
      const at = new Date(Date.UTC(2021, month, 10, 8)).toISOString();
      await handle.owner.query(
        `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, dedupe_key, occurred_at, inserted_at)
         values (gen_random_uuid(), $1, 'order.note_added', 'info', 'old', 'system', 'Storyline', 'system', $2, $3, $3)`,
        [storeId, key, at],
      );
    };
    await old(short1, 0, "jan:1");
    await old(short1, 0, null);
    await old(short2, 0, "jan:2");
    await old(short1, 1, null);
    await old(long, 1, "feb:long");
    await old(forever, 2, null);
    await old(short2, 2, null);
    await maintainActivityPartitions(handle.db);
    expect(await partitions()).toEqual(
      expect.arrayContaining(["activity_log_y2021m01", "activity_log_y2021m02", "activity_log_y2021m03"]),
    );

    const dropped = await dropExpiredPartitions(handle.db);
    expect(dropped).toEqual([{ partition: "activity_log_y2021m01", rows: 3 }]);
    const names = await partitions();
    expect(names).not.toContain("activity_log_y2021m01");
    expect(names).toEqual(expect.arrayContaining(["activity_log_y2021m02", "activity_log_y2021m03"]));
    // The dropped rows' keys are free again; the kept ones still hold.
    expect(await hasEventWithDedupeKey(handle.db, short1, "jan:1")).toBe(false);
    expect(await hasEventWithDedupeKey(handle.db, short2, "jan:2")).toBe(false);
    expect(await hasEventWithDedupeKey(handle.db, long, "feb:long")).toBe(true);
    // This month and the partitions ahead are never candidates; a second call drops nothing.
    expect(await dropExpiredPartitions(handle.db)).toEqual([]);
  });

  it("the daily retention drops a month whole, counts each store's share, and the seal still verifies", async () => {
    const a = await createStore(handle.db);
    const b = await createStore(handle.db);
    for (const id of [a, b])
      await handle.db.update(stores).set({ activityRetentionDays: 30 }).where(eq(stores.id, id));
    const at = new Date(Date.UTC(2020, 4, 12, 9)).toISOString();
    const write = (storeId: string) =>
      handle.owner.query(
        `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, occurred_at, inserted_at)
         values (gen_random_uuid(), $1, 'order.note_added', 'info', 'May 2020', 'system', 'Storyline', 'system', $2, $2)`,
        [storeId, at],
      );
    for (let i = 0; i < 3; i++) await write(a);
    await write(b);
    await maintainActivityPartitions(handle.db);
    expect(await partitions()).toContain("activity_log_y2020m05");
    await sealActivity(handle.db, { lagSeconds: 0 });

    const lines: string[] = [];
    const results = await applyRetention(handle.db, { progress: (line) => lines.push(line) });
    expect(await partitions()).not.toContain("activity_log_y2020m05");
    expect(lines.some((line) => line.includes("dropped activity_log_y2020m05"))).toBe(true);
    expect(results.find((r) => r.storeId === a)).toMatchObject({ removed: 3 });
    expect(results.find((r) => r.storeId === b)).toMatchObject({ removed: 1 });
    const {
      items: [applied],
    } = await listActivity(handle.db, a, { type: "activity.retention_applied" });
    expect(applied?.payload).toMatchObject({ removed: 3 });
    // The dropped rows were sealed; the recorded purge of each store covers them.
    for (const [storeId, rows] of [
      [a, 3],
      [b, 1],
    ] as const)
      expect(await verifyStore(handle.db, storeId)).toMatchObject({ problem: null, purgedRows: rows });
  });
});
