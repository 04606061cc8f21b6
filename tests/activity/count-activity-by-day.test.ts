import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent, resolveEvents } from "@/lib/activity";
import { countActivityByDay } from "@/lib/activity/read/count-activity-by-day";
import { createStore, expectAppError, systemContext } from "@/tests/helpers/activity-fixtures";
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

const at = (iso: string) => new Date(iso);
const now = at("2026-03-10T12:00:00Z");

describe("countActivityByDay", () => {
  it("counts a store's events per day by level, zeros included, with the still-open problems", async () => {
    const storeId = await createStore(handle.db);
    const other = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const log = (type: "order.delivered" | "order.payment_failed", iso: string, store = storeId) =>
      type === "order.delivered"
        ? logEvent(handle.db, systemContext(store), type, {}, { orderId, occurredAt: at(iso) })
        : logEvent(
            handle.db,
            systemContext(store),
            type,
            { reason: "card declined" },
            { orderId, occurredAt: at(iso) },
          );

    await log("order.delivered", "2026-03-10T08:00:00Z");
    await log("order.delivered", "2026-03-10T09:00:00Z");
    const resolved = await log("order.payment_failed", "2026-03-10T10:00:00Z");
    await log("order.payment_failed", "2026-03-08T10:00:00Z");
    await logEvent(
      handle.db,
      activity,
      "order.email.failed",
      { email: "shipping", to: "c@example.com", reason: "SMTP timeout" },
      { orderId, occurredAt: at("2026-03-08T11:00:00Z") },
    );
    // Outside the window, and another store's: neither is counted.
    await log("order.delivered", "2026-03-01T10:00:00Z");
    await log("order.delivered", "2026-03-10T10:00:00Z", other);
    await resolveEvents(handle.db, { storeId, userId: null }, { ids: [resolved.id!] });

    const result = await countActivityByDay(handle.db, storeId, { days: 3, timeZone: "UTC", now });

    expect(result).toEqual({
      timeZone: "UTC",
      days: [
        { day: "2026-03-08", counts: { info: 0, warning: 1, error: 1 }, needsAttention: 2 },
        { day: "2026-03-09", counts: { info: 0, warning: 0, error: 0 }, needsAttention: 0 },
        { day: "2026-03-10", counts: { info: 2, warning: 1, error: 0 }, needsAttention: 0 },
      ],
    });
  });

  it("puts each event on its calendar day in the store's time zone", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    // 23:30 UTC on the 9th is already the 10th in Auckland (UTC+13 in March), and 05:00 UTC
    // on the 10th is still the 9th in Los Angeles (UTC-7).
    await logEvent(
      handle.db,
      activity,
      "order.delivered",
      {},
      { orderId: uuidv7(), occurredAt: at("2026-03-09T23:30:00Z") },
    );
    await logEvent(
      handle.db,
      activity,
      "order.delivered",
      {},
      { orderId: uuidv7(), occurredAt: at("2026-03-10T05:00:00Z") },
    );

    const days = async (timeZone: string) =>
      (await countActivityByDay(handle.db, storeId, { days: 2, timeZone, now })).days.map((d) => [
        d.day,
        d.counts.info,
      ]);

    expect(await days("UTC")).toEqual([
      ["2026-03-09", 1],
      ["2026-03-10", 1],
    ]);
    expect(await days("Pacific/Auckland")).toEqual([
      ["2026-03-10", 2],
      ["2026-03-11", 0],
    ]);
    expect(await days("America/Los_Angeles")).toEqual([
      ["2026-03-09", 2],
      ["2026-03-10", 0],
    ]);
  });

  it("refuses a window it cannot draw", async () => {
    const storeId = await createStore(handle.db);
    await expectAppError(
      countActivityByDay(handle.db, storeId, { days: 0, timeZone: "UTC", now }),
      400,
      "invalid_days",
    );
  });
});
