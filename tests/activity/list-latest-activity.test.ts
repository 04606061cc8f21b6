import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { listLatestActivity } from "@/lib/activity/read/list-latest-activity";
import { createStore, systemContext } from "@/tests/helpers/activity-fixtures";
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

describe("listLatestActivity", () => {
  it("leaves out routine sign-ins and sign-outs, and keeps sign-in problems and everything else", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const at = (minute: number) => ({ occurredAt: new Date(Date.UTC(2026, 2, 1, 9, minute)) });
    await logEvent(handle.db, activity, "order.delivered", {}, { orderId: uuidv7(), ...at(1) });
    await logEvent(handle.db, activity, "auth.login_succeeded", { email: "ana@example.com" }, at(2));
    await logEvent(
      handle.db,
      activity,
      "auth.locked_out",
      { email: "ana@example.com", failures: 5, lockedUntil: "2026-03-01T09:18:00Z" },
      at(3),
    );
    await logEvent(handle.db, activity, "auth.logout", { email: "ana@example.com" }, at(4));
    await logEvent(handle.db, activity, "order.delivered", {}, { orderId: uuidv7(), ...at(5) });

    const rows = await listLatestActivity(handle.db, storeId, 8);

    expect(rows.map((r) => r.eventType)).toEqual(["order.delivered", "auth.locked_out", "order.delivered"]);
    expect((await listLatestActivity(handle.db, storeId, 1)).map((r) => r.eventType)).toEqual([
      "order.delivered",
    ]);
  });
});
