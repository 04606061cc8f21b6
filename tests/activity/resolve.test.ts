import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countNeedsAttention, listActivity, logEvent, resolveEvents } from "@/lib/activity";
import { createStore, expectAppError, rowById, systemContext } from "@/tests/helpers/activity-fixtures";
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

/** A store with one warning, one error and one info event. */
async function storeWithEvents() {
  const storeId = await createStore(handle.db);
  const activity = systemContext(storeId);
  const orderId = uuidv7();
  const warning = await logEvent(
    handle.db,
    activity,
    "order.payment_failed",
    { reason: "card declined" },
    { orderId },
  );
  const error = await logEvent(
    handle.db,
    activity,
    "order.email.failed",
    { email: "shipping", to: "c@example.com", reason: "SMTP timeout" },
    { orderId },
  );
  const info = await logEvent(handle.db, activity, "order.delivered", {}, { orderId });
  return { storeId, warning: warning.id, error: error.id, info: info.id };
}

describe("resolveEvents", () => {
  it("resolves one warning, recording who, when and the note", async () => {
    const { storeId, warning } = await storeWithEvents();
    const userId = uuidv7();
    const before = Date.now();

    const result = await resolveEvents(
      handle.db,
      { storeId, userId },
      { ids: [warning], note: "  customer paid by bank transfer  " },
    );

    expect(result).toEqual({ resolved: [warning], skipped: [] });
    const row = await rowById(handle.db, warning);
    expect(row).toMatchObject({ resolvedBy: userId, resolutionNote: "customer paid by bank transfer" });
    expect(row!.resolvedAt!.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(row!.resolvedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it("resolves many at once, only warnings and errors; info events are skipped", async () => {
    const { storeId, warning, error, info } = await storeWithEvents();
    const userId = uuidv7();
    expect(await countNeedsAttention(handle.db, storeId)).toBe(2);

    const result = await resolveEvents(
      handle.db,
      { storeId, userId },
      { ids: [warning, error, info, warning] },
    );

    expect(new Set(result.resolved)).toEqual(new Set([warning, error]));
    expect(result.skipped).toEqual([info]);
    expect((await rowById(handle.db, info))?.resolvedAt).toBeNull();
    expect(await countNeedsAttention(handle.db, storeId)).toBe(0);
    expect((await listActivity(handle.db, storeId, { needsAttention: true })).items).toEqual([]);
  });

  it("records a system resolution (no user) and no note", async () => {
    const { storeId, error } = await storeWithEvents();
    const result = await resolveEvents(handle.db, { storeId, userId: null }, { ids: [error], note: "   " });
    expect(result.resolved).toEqual([error]);
    const row = await rowById(handle.db, error);
    expect(row).toMatchObject({ resolvedBy: null, resolutionNote: null });
    expect(row!.resolvedAt).toBeInstanceOf(Date);
  });

  it("is harmless to repeat: the first resolution stands", async () => {
    const { storeId, warning } = await storeWithEvents();
    const first = uuidv7();
    const second = uuidv7();
    await resolveEvents(handle.db, { storeId, userId: first }, { ids: [warning], note: "first" });
    const before = await rowById(handle.db, warning);

    const again = await resolveEvents(
      handle.db,
      { storeId, userId: second },
      { ids: [warning], note: "second" },
    );

    expect(again).toEqual({ resolved: [], skipped: [warning] });
    const after = await rowById(handle.db, warning);
    expect(after).toMatchObject({ resolvedBy: first, resolutionNote: "first" });
    expect(after!.resolvedAt!.toISOString()).toBe(before!.resolvedAt!.toISOString());
  });

  it("leaves debug events alone", async () => {
    const storeId = await createStore(handle.db);
    const debug = await logEvent(
      handle.db,
      systemContext(storeId),
      "auth.login_failed",
      { email: "a@example.com", reason: "bad password", recentFailures: 3 },
      { visibility: "debug" },
    );
    const result = await resolveEvents(handle.db, { storeId, userId: uuidv7() }, { ids: [debug.id] });
    expect(result).toEqual({ resolved: [], skipped: [debug.id] });
  });

  it("only resolves its own store's events, even given another store's ids", async () => {
    const a = await storeWithEvents();
    const b = await storeWithEvents();
    const userId = uuidv7();

    const result = await resolveEvents(
      handle.db,
      { storeId: b.storeId, userId },
      { ids: [a.warning, a.error, b.warning] },
    );

    expect(result.resolved).toEqual([b.warning]);
    expect(new Set(result.skipped)).toEqual(new Set([a.warning, a.error]));
    expect((await rowById(handle.db, a.warning))?.resolvedAt).toBeNull();
    expect((await rowById(handle.db, a.error))?.resolvedAt).toBeNull();
    expect(await countNeedsAttention(handle.db, a.storeId)).toBe(2);
    expect(await countNeedsAttention(handle.db, b.storeId)).toBe(1);
  });

  it("skips ids that do not exist", async () => {
    const { storeId } = await storeWithEvents();
    const missing = uuidv7();
    expect(await resolveEvents(handle.db, { storeId, userId: null }, { ids: [missing] })).toEqual({
      resolved: [],
      skipped: [missing],
    });
  });

  it("joins the caller's transaction", async () => {
    const { storeId, warning } = await storeWithEvents();
    await expect(
      handle.db.transaction(async (tx) => {
        const result = await resolveEvents(tx, { storeId, userId: null }, { ids: [warning] });
        expect(result.resolved).toEqual([warning]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await rowById(handle.db, warning))?.resolvedAt).toBeNull();
  });

  it.each([
    ["non-uuid ids", { ids: ["42"] }],
    ["an injection attempt as id", { ids: ["' or 1=1 --"] }],
    ["a mix of good and bad ids", { ids: [uuidv7(), "nope"] }],
    ["no ids", { ids: [] }],
    ["too many ids", { ids: Array.from({ length: 501 }, () => uuidv7()) }],
    ["a too long note", { ids: [uuidv7()], note: "x".repeat(1001) }],
  ])("rejects %s with a 400", async (_name, input) => {
    const { storeId, warning } = await storeWithEvents();
    await expectAppError(resolveEvents(handle.db, { storeId, userId: null }, input), 400, "invalid_resolve");
    expect((await rowById(handle.db, warning))?.resolvedAt).toBeNull();
  });
});
