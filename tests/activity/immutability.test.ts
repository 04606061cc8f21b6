import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRow } from "@/db/schema";
import { stores } from "@/db/schema";
import { logEvent, purgeExpiredActivity } from "@/lib/activity";
import { catalog } from "@/lib/activity/catalog/catalog";
import { resolveEvents } from "@/lib/activity/write/resolve-events";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { createStore, rowById, rowsOfStore, staffContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

// As the owner (PGlite's one user, or the tables' owner on the server): the triggers bind even
// the owner. What the app's own role cannot do at all is in least-privilege.test.ts.
beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

const DAY = 24 * 60 * 60 * 1000;

/** A warning with every column filled in, so that any change to any column is a real change. */
async function fullRow(): Promise<ActivityRow> {
  const storeId = await createStore(handle.db);
  const ctx = {
    ...staffContext(storeId, uuidv7()),
    ip: "198.51.100.4",
    userAgent: "curl/8",
    correlationId: "corr-1",
  };
  const { id } = await logEvent(
    handle.db,
    ctx,
    "order.cancelled",
    { reason: "customer request", by: "customer" },
    {
      orderId: uuidv7(),
      changes: { status: { old: "paid", new: "cancelled" } },
      dedupeKey: `cancel:${uuidv7()}`,
    },
  );
  return (await rowById(handle.db, id))!;
}

/** The raw row, every column as Postgres returns it, for before/after comparisons. */
async function rawRow(id: string) {
  const [row] = await handle.query("select to_jsonb(a) as row from activity_log a where id = $1", [id]);
  return (row as { row: Record<string, unknown> } | undefined)?.row;
}

async function rejection(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the statement should have been rejected").toBeInstanceOf(Error);
  // Drizzle wraps the driver's error ("Failed query: …"); the database's reason is in `cause`.
  const messages: string[] = [];
  for (let e = error as Error | undefined; e; e = e.cause as Error | undefined) messages.push(e.message);
  return messages.join(" <- ");
}

describe("UPDATE", () => {
  const forbidden: [column: string, assignment: string][] = [
    ["id", `id = '${uuidv7()}'`],
    ["store_id", `store_id = '${uuidv7()}'`],
    ["event_type", "event_type = 'order.delivered'"],
    ["level", "level = 'info'"],
    ["message", "message = 'Nothing happened'"],
    ["entity_type", "entity_type = 'product'"],
    ["entity_id", "entity_id = 'other'"],
    ["order_id", "order_id = null"],
    ["actor_type", "actor_type = 'system'"],
    ["actor_id", "actor_id = 'someone-else'"],
    ["actor_label", "actor_label = 'Mallory'"],
    ["source", "source = 'api'"],
    ["visibility", "visibility = 'debug'"],
    ["payload", `payload = '{"reason":"rewritten"}'::jsonb`],
    ["changes", "changes = null"],
    ["correlation_id", "correlation_id = 'other'"],
    ["dedupe_key", "dedupe_key = null"],
    ["ip_address", "ip_address = '127.0.0.1'"],
    ["user_agent", "user_agent = 'other'"],
    ["occurred_at", "occurred_at = occurred_at - interval '1 day'"],
    ["inserted_at", "inserted_at = inserted_at + interval '1 second'"],
  ];

  it.each(forbidden)("of %s is rejected by the database", async (_column, assignment) => {
    const row = await fullRow();
    const before = await rawRow(row.id);
    const message = await rejection(
      handle.query(`update activity_log set ${assignment} where id = $1`, [row.id]),
    );
    expect(message).toMatch(/append-only/);
    expect(await rawRow(row.id)).toEqual(before);
  });

  it("is rejected when it sneaks another column in with the resolution columns", async () => {
    const row = await fullRow();
    const message = await rejection(
      handle.query(
        "update activity_log set resolved_at = now(), resolution_note = 'ok', message = 'fine' where id = $1",
        [row.id],
      ),
    );
    expect(message).toMatch(/append-only/);
    expect((await rowById(handle.db, row.id))?.resolvedAt).toBeNull();
  });

  it("of the resolution columns is allowed", async () => {
    const row = await fullRow();
    const userId = uuidv7();
    await handle.query(
      "update activity_log set resolved_at = now(), resolved_by = $2, resolution_note = 'refunded by hand' where id = $1",
      [row.id, userId],
    );
    const after = await rowById(handle.db, row.id);
    expect(after).toMatchObject({ resolvedBy: userId, resolutionNote: "refunded by hand" });
    expect(after?.resolvedAt).toBeInstanceOf(Date);
    const { resolvedAt: _a, resolvedBy: _b, resolutionNote: _c, ...rest } = after!;
    const { resolvedAt: _d, resolvedBy: _e, resolutionNote: _f, ...original } = row;
    expect(rest).toEqual(original);
  });
});

describe("DELETE and TRUNCATE", () => {
  it("rejects DELETE of a row", async () => {
    const row = await fullRow();
    const message = await rejection(handle.query("delete from activity_log where id = $1", [row.id]));
    expect(message).toMatch(/append-only/);
    expect(await rowById(handle.db, row.id)).toBeDefined();
  });

  it("rejects DELETE of a whole store's rows", async () => {
    const row = await fullRow();
    const message = await rejection(
      handle.query("delete from activity_log where store_id = $1", [row.storeId]),
    );
    expect(message).toMatch(/append-only/);
    expect(await rowsOfStore(handle.db, row.storeId)).toHaveLength(1);
  });

  it("rejects TRUNCATE", async () => {
    const row = await fullRow();
    const message = await rejection(handle.query("truncate activity_log"));
    expect(message).toMatch(/TRUNCATE is not allowed/);
    expect(await rowById(handle.db, row.id)).toBeDefined();
  });
});

/** A row that occurred and was recorded `daysAgo` days ago (as a spool replay or an import would). */
async function agedRow(storeId: string, daysAgo: number, recordedDaysAgo = daysAgo): Promise<string> {
  const id = uuidv7();
  await handle.query(
    `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, occurred_at, inserted_at)
     values ($1, $2, 'order.note_added', 'info', $3, 'system', 'Storyline', 'system',
             now() - make_interval(days => $4::int), now() - make_interval(days => $5::int))`,
    [id, storeId, `${daysAgo} days ago`, daysAgo, recordedDaysAgo],
  );
  return id;
}

async function storeKeeping(days: number | null): Promise<string> {
  const storeId = await createStore(handle.db);
  await handle.db.update(stores).set({ activityRetentionDays: days }).where(eq(stores.id, storeId));
  return storeId;
}

describe("retention", () => {
  it("purgeExpiredActivity deletes only its store's rows past the store's retention, and records it", async () => {
    const storeA = await storeKeeping(365);
    const storeB = await storeKeeping(365);
    const oldA1 = await agedRow(storeA, 400);
    const oldA2 = await agedRow(storeA, 366);
    const newA = await agedRow(storeA, 10);
    const backdatedA = await agedRow(storeA, 400, 1); // recorded yesterday: not expired yet
    const oldB = await agedRow(storeB, 400);

    const result = await purgeExpiredActivity(handle.db, storeA);

    expect(result.deleted).toBe(2);
    expect(Date.now() - result.cutoff!.getTime()).toBeGreaterThanOrEqual(365 * DAY - 60_000);
    expect(await rowById(handle.db, oldA1)).toBeUndefined();
    expect(await rowById(handle.db, oldA2)).toBeUndefined();
    const left = await rowsOfStore(handle.db, storeA);
    expect(left.map((r) => r.id)).toEqual(expect.arrayContaining([newA, backdatedA]));
    expect((await rowsOfStore(handle.db, storeB)).map((r) => r.id)).toEqual([oldB]);

    // The purge wrote its own record, in the catalog's words.
    const purged = left.filter((r) => r.eventType === "activity.purged");
    expect(purged).toHaveLength(1);
    const record = purged[0]!;
    expect(record).toMatchObject({
      level: "info",
      actorType: "system",
      actorLabel: "Retention",
      source: "system",
    });
    expect(record.payload).toMatchObject({ deleted: 2, retentionDays: 365 });
    const parsed = catalog["activity.purged"].payload.parse(record.payload);
    expect(record.message).toBe(catalog["activity.purged"].message(parsed, { actorLabel: "Retention" }));

    // The purge's permission ended with it.
    expect(await rejection(handle.query("delete from activity_log where id = $1", [newA]))).toMatch(
      /append-only/,
    );
  });

  it("deletes in bounded batches, oldest first", async () => {
    const storeId = await storeKeeping(30);
    const ids = [await agedRow(storeId, 90), await agedRow(storeId, 80), await agedRow(storeId, 70)];
    expect((await purgeExpiredActivity(handle.db, storeId, { maxRows: 2 })).deleted).toBe(2);
    expect(await rowById(handle.db, ids[2]!)).toBeDefined();
    expect((await purgeExpiredActivity(handle.db, storeId, { maxRows: 2 })).deleted).toBe(1);
    expect((await purgeExpiredActivity(handle.db, storeId, { maxRows: 2 })).deleted).toBe(0);
    expect(await rejection(purgeExpiredActivity(handle.db, storeId, { maxRows: 0 }))).toMatch(/p_max_rows/);
  });

  it("deletes nothing for a store that keeps its activity for ever, or an unknown store", async () => {
    const storeId = await storeKeeping(null);
    const id = await agedRow(storeId, 4000);
    expect(await purgeExpiredActivity(handle.db, storeId)).toEqual({ deleted: 0, cutoff: null });
    expect(await purgeExpiredActivity(handle.db, uuidv7())).toEqual({ deleted: 0, cutoff: null });
    expect(await rowById(handle.db, id)).toBeDefined();
  });

  it("never keeps less than 30 days: a shorter retention is refused", async () => {
    const storeId = await createStore(handle.db);
    const message = await rejection(
      handle.db.update(stores).set({ activityRetentionDays: 1 }).where(eq(stores.id, storeId)),
    );
    expect(message).toMatch(/stores_activity_retention_days_range/);
  });

  describe("the old session setting opens nothing", () => {
    // On the server, one connection, so that the next statement surely runs on the same session.
    let single: DatabaseHandle;
    beforeAll(() => {
      single = handle.url ? openServerDatabase(handle.url, { poolMax: 1 }) : handle;
    });
    afterAll(async () => {
      if (single !== handle) await single.close();
    });

    it("storyline.activity_retention set in the deleting transaction", async () => {
      const row = await fullRow();
      const message = await rejection(
        single.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('storyline.activity_retention', 'on', true)`);
          await tx.execute(sql`delete from activity_log where id = ${row.id}`);
        }),
      );
      expect(message).toMatch(/deleted only by activity_purge_expired/);
      expect(await rowById(handle.db, row.id)).toBeDefined();
    });

    it("the purge's own flag does not outlive the purge in its transaction", async () => {
      const storeId = await storeKeeping(30);
      await agedRow(storeId, 90);
      const keep = await agedRow(storeId, 1);
      const message = await rejection(
        single.db.transaction(async (tx) => {
          await purgeExpiredActivity(tx, storeId);
          await tx.execute(sql`delete from activity_log where id = ${keep}`);
        }),
      );
      expect(message).toMatch(/append-only/);
      expect(await rowById(handle.db, keep)).toBeDefined();
    });
  });
});

describe("a resolution is written once", () => {
  async function resolvedRow() {
    const row = await fullRow();
    await handle.query(
      "update activity_log set resolved_at = now(), resolved_by = $2, resolution_note = 'refunded' where id = $1",
      [row.id, uuidv7()],
    );
    return (await rowById(handle.db, row.id))!;
  }

  it.each([
    ["undone", "resolved_at = null, resolved_by = null, resolution_note = null"],
    ["re-dated", "resolved_at = resolved_at - interval '30 days'"],
    ["given another person", `resolved_by = '${uuidv7()}'`],
    ["given another note", "resolution_note = 'nothing happened'"],
    ["stripped of its note", "resolution_note = null"],
  ])("cannot be %s", async (_what, assignment) => {
    const row = await resolvedRow();
    const before = await rawRow(row.id);
    const message = await rejection(
      handle.query(`update activity_log set ${assignment} where id = $1`, [row.id]),
    );
    expect(message).toMatch(/a resolution is written once/);
    expect(await rawRow(row.id)).toEqual(before);
  });

  it("resolveEvents leaves a resolved event as it was", async () => {
    const row = await resolvedRow();
    const result = await resolveEvents(
      handle.db,
      { storeId: row.storeId, userId: uuidv7() },
      { ids: [row.id], note: "again" },
    );
    expect(result).toEqual({ resolved: [], skipped: [row.id] });
    expect((await rowById(handle.db, row.id))?.resolutionNote).toBe("refunded");
  });
});
