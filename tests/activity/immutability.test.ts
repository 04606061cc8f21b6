import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRow } from "@/db/schema";
import { logEvent, purgeExpiredActivity } from "@/lib/activity";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { createStore, rowById, rowsOfStore, staffContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  handle = await createTestDatabase();
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

describe("retention", () => {
  it("purgeExpiredActivity deletes only the old rows of its own store", async () => {
    const storeA = await createStore(handle.db);
    const storeB = await createStore(handle.db);
    const now = Date.now();
    const log = (storeId: string, daysAgo: number) =>
      logEvent(
        handle.db,
        staffContext(storeId, uuidv7()),
        "order.note_added",
        { note: `${daysAgo} days ago` },
        { occurredAt: new Date(now - daysAgo * DAY) },
      );
    const [oldA1, oldA2, newA, oldB, newB] = await Promise.all([
      log(storeA, 400),
      log(storeA, 366),
      log(storeA, 10),
      log(storeB, 400),
      log(storeB, 10),
    ]);

    const deleted = await purgeExpiredActivity(handle.db, storeA, new Date(now - 365 * DAY));

    expect(deleted).toBe(2);
    expect((await rowsOfStore(handle.db, storeA)).map((r) => r.id)).toEqual([newA!.id]);
    expect((await rowsOfStore(handle.db, storeB)).map((r) => r.id)).toEqual([oldB!.id, newB!.id]);
    expect(await rowById(handle.db, oldA1!.id)).toBeUndefined();
    expect(await rowById(handle.db, oldA2!.id)).toBeUndefined();

    // The purge's permission ended with its transaction.
    expect(await rejection(handle.query("delete from activity_log where id = $1", [newA!.id]))).toMatch(
      /append-only/,
    );
  });

  describe("the retention setting stays in its own transaction", () => {
    // On the server, one connection, so that the next statement surely runs on the same session.
    let single: DatabaseHandle;
    beforeAll(() => {
      single = handle.url ? openServerDatabase(handle.url, { poolMax: 1 }) : handle;
    });
    afterAll(async () => {
      if (single !== handle) await single.close();
    });

    it("does not leak from a committed transaction", async () => {
      const row = await fullRow();
      await single.query("begin; select set_config('storyline.activity_retention', 'on', true); commit;");
      expect(await rejection(single.query("delete from activity_log where id = $1", [row.id]))).toMatch(
        /append-only/,
      );
      const [setting] = await single.query<{ value: string | null }>(
        "select current_setting('storyline.activity_retention', true) as value",
      );
      expect(setting?.value ?? "").not.toBe("on");
    });

    it("does not leak from a rolled-back transaction or a lone statement", async () => {
      const row = await fullRow();
      await single.query("begin; select set_config('storyline.activity_retention', 'on', true); rollback;");
      await single.query("select set_config('storyline.activity_retention', 'on', true)");
      expect(await rejection(single.query("delete from activity_log where id = $1", [row.id]))).toMatch(
        /append-only/,
      );
      expect(await rowById(handle.db, row.id)).toBeDefined();
    });

    it("does not leak from a Drizzle transaction into the next one", async () => {
      const row = await fullRow();
      await single.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('storyline.activity_retention', 'on', true)`);
      });
      const message = await rejection(
        single.db.transaction(async (tx) => {
          await tx.execute(sql`delete from activity_log where id = ${row.id}`);
        }),
      );
      expect(message).toMatch(/append-only/);
      expect(await rowById(handle.db, row.id)).toBeDefined();
    });
  });
});
