import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import { purgeExpiredActivity } from "@/lib/activity/write/purge-expired-activity";
import { createStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { tamper } from "@/tests/helpers/tamper";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

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

type OldStore = { storeId: string; old: string[]; lateImport: string; recent: string[] };

/**
 * A store keeping 30 days: four rows that occurred and were recorded 100 days ago, one recorded
 * 100 days ago that occurred yesterday (a late import), and two recent rows. Every test's store
 * is written before the first seal pass (a row back-dated after a pass would be a forgery).
 */
async function storeWithOldRows(): Promise<OldStore> {
  const storeId = await createStore(handle.db);
  await handle.db.execute(sql`update stores set activity_retention_days = 30 where id = ${storeId}`);
  const note = (note: string, daysAgo: number) =>
    logEvent(
      handle.db,
      systemContext(storeId),
      "order.note_added",
      { note },
      { occurredAt: new Date(Date.now() - daysAgo * DAY) },
    ).then((r) => r.id);
  const old = [
    await note("old 1", 100),
    await note("old 2", 100),
    await note("old 3", 100),
    await note("old 4", 100),
  ];
  const lateImport = await note("occurred yesterday", 1);
  await tamper(
    handle.db,
    `update activity_log set inserted_at = now() - interval '100 days' where id in ('${[...old, lateImport].join("', '")}')`,
  );
  const recent = [await note("recent 1", 0), await note("recent 2", 0)];
  return { storeId, old, lateImport, recent };
}

const stores: OldStore[] = [];
beforeAll(async () => {
  for (let i = 0; i < 5; i++) stores.push(await storeWithOldRows());
  await sealActivity(handle.db, { lagSeconds: 0 });
  for (const { storeId } of stores) expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
});

describe("a sealed history and retention", () => {
  it("accepts the sealed rows the retention purge removed, and counts them", async () => {
    const { storeId, old } = stores[0]!;
    const purged = await purgeExpiredActivity(handle.db, storeId, { maxRows: 3 });
    expect(purged.deleted).toBe(3);
    const result = await verifyStore(handle.db, storeId);
    expect(result.problem).toBeNull();
    expect(result.purgedRows).toBe(3);
    expect(result.notYetSealed).toBe(1); // the purge's own activity.purged row

    await sealActivity(handle.db, { lagSeconds: 0 });
    expect(await purgeExpiredActivity(handle.db, storeId)).toMatchObject({ deleted: 1 });
    await sealActivity(handle.db, { lagSeconds: 0 });
    const after = await verifyStore(handle.db, storeId);
    expect(after).toMatchObject({ problem: null, purgedRows: old.length, notYetSealed: 0 });
  });

  it("still detects a recent row deleted by a superuser after a purge", async () => {
    const { storeId, recent } = stores[1]!;
    await purgeExpiredActivity(handle.db, storeId);
    await tamper(handle.db, `delete from activity_log where id = '${recent[0]}'`);
    const { problem } = await verifyStore(handle.db, storeId);
    expect(problem).toMatchObject({ kind: "missing row", activityId: recent[0] });
  });

  it("still detects a row recorded long ago that occurred recently (the purge keeps it) deleted", async () => {
    const { storeId, lateImport } = stores[2]!;
    await purgeExpiredActivity(handle.db, storeId);
    await tamper(handle.db, `delete from activity_log where id = '${lateImport}'`);
    const { problem } = await verifyStore(handle.db, storeId);
    expect(problem).toMatchObject({ kind: "missing row", activityId: lateImport });
  });

  it("detects an old row deleted when no purge is recorded", async () => {
    const { storeId, old } = stores[3]!;
    await tamper(handle.db, `delete from activity_log where id = '${old[1]}'`);
    const { problem } = await verifyStore(handle.db, storeId);
    expect(problem).toMatchObject({ kind: "missing row", activityId: old[1] });
    expect(problem!.detail).toMatch(/gone/);
  });

  it("accepts rows removed under a purge recorded with activity_record_purge (a partition dropped)", async () => {
    const { storeId, old } = stores[4]!;
    await tamper(handle.db, `delete from activity_log where id in ('${old.join("', '")}')`);
    expect((await verifyStore(handle.db, storeId)).problem?.kind).toBe("missing row");
    await handle.db.execute(
      sql`select activity_record_purge(${storeId}::uuid, now() - interval '60 days', now() - interval '60 days', 4, 'partition dropped')`,
    );
    expect(await verifyStore(handle.db, storeId)).toMatchObject({ problem: null, purgedRows: 4 });
  });

  it("refuses a purge record newer than the 30-day retention floor", async () => {
    const error: unknown = await handle.db
      .execute(
        sql`select activity_record_purge(${stores[0]!.storeId}::uuid, now(), now(), 1, 'cover a delete')`,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(String((error as { cause?: Error })?.cause?.message ?? error)).toMatch(/older than 30 days/);
  });
});
