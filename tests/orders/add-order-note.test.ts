import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { addOrderNote } from "@/lib/orders/add-order-note";
import type { Db } from "@/lib/platform/db/types";
import { createStore, expectAppError, rowsOfStore, staffContext } from "@/tests/helpers/activity-fixtures";
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

let orderNumber = 1000;

async function createOrder(db: Db, storeId: string): Promise<string> {
  const [row] = await db
    .insert(orders)
    .values({
      storeId,
      number: orderNumber++,
      status: "paid",
      currency: "GBP",
      totalAmount: 4300,
      customerEmail: "customer@example.com",
      publicToken: randomBytes(24).toString("base64url"),
    })
    .returning({ id: orders.id });
  return row!.id;
}

const userId = "0197a000-0000-7000-8000-000000000001";

describe("addOrderNote", () => {
  it("writes order.note_added on the order, as the person, from the admin", async () => {
    const storeId = await createStore(handle.db);
    const orderId = await createOrder(handle.db, storeId);
    const activity = staffContext(storeId, userId, "Ana");

    const result = await addOrderNote(handle.db, activity, {
      orderId,
      note: "  customer asked for gift wrap \n",
    });

    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(result).toEqual({ eventId: row!.id, orderId });
    expect(row).toMatchObject({
      eventType: "order.note_added",
      level: "info",
      orderId,
      entityType: "order",
      entityId: orderId,
      actorType: "user",
      actorId: userId,
      actorLabel: "Ana",
      source: "admin",
      visibility: "internal",
      payload: { note: "customer asked for gift wrap" },
      message: "Ana: customer asked for gift wrap",
    });
  });

  it("refuses another store's order with a 404 and writes nothing", async () => {
    const storeId = await createStore(handle.db);
    const otherStore = await createStore(handle.db, "Other store");
    const theirOrder = await createOrder(handle.db, otherStore);

    await expectAppError(
      addOrderNote(handle.db, staffContext(storeId, userId), { orderId: theirOrder, note: "peeking" }),
      404,
    );
    expect(await rowsOfStore(handle.db, storeId)).toEqual([]);
    expect(await rowsOfStore(handle.db, otherStore)).toEqual([]);
  });

  it("refuses an empty, blank or too long note with a 400 and writes nothing", async () => {
    const storeId = await createStore(handle.db);
    const orderId = await createOrder(handle.db, storeId);
    const activity = staffContext(storeId, userId);

    const empty = await expectAppError(
      addOrderNote(handle.db, activity, { orderId, note: "" }),
      400,
      "invalid_note",
    );
    expect(empty.message).toBe("Write a note first.");
    await expectAppError(addOrderNote(handle.db, activity, { orderId, note: " \n\t " }), 400);
    await expectAppError(addOrderNote(handle.db, activity, { orderId }), 400);
    const long = await expectAppError(
      addOrderNote(handle.db, activity, { orderId, note: "x".repeat(2001) }),
      400,
    );
    expect(long.message).toMatch(/2000 characters/);
    await expectAppError(addOrderNote(handle.db, activity, { orderId: "not-a-uuid", note: "hello" }), 400);

    expect(await rowsOfStore(handle.db, storeId)).toEqual([]);
    // The longest allowed note is fine.
    await addOrderNote(handle.db, activity, { orderId, note: "x".repeat(2000) });
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(1);
  });
});
