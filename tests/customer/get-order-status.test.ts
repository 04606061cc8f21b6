import { and, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, orders, stores } from "@/db/schema";
import { getOrderStatus } from "@/lib/customer/get-order-status";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now: new Date("2026-03-10T12:00:00Z") });
});
afterAll(() => handle?.dispose());

/** A demo order that has customer-visible and internal events, the most internal ones first. */
async function mixedOrder() {
  const [row] = await handle.db
    .select({
      orderId: activityLog.orderId,
      internal: sql<number>`count(*) filter (where ${activityLog.visibility} <> 'customer')::int`,
      customer: sql<number>`count(*) filter (where ${activityLog.visibility} = 'customer')::int`,
    })
    .from(activityLog)
    .where(sql`${activityLog.orderId} is not null`)
    .groupBy(activityLog.orderId)
    .having(
      sql`count(*) filter (where ${activityLog.visibility} <> 'customer') > 2 and count(*) filter (where ${activityLog.visibility} = 'customer') > 2`,
    )
    .orderBy(sql`2 desc`)
    .limit(1);
  const [order] = await handle.db.select().from(orders).where(eq(orders.id, row!.orderId!));
  return order!;
}

describe("getOrderStatus", () => {
  it("shows only customer-visible events, in the customer's words, and nothing internal", async () => {
    const order = await mixedOrder();
    const status = await getOrderStatus(handle.db, order.publicToken);
    expect(status).not.toBeNull();
    expect(status!.number).toBe(order.number);
    expect(status!.status).toBe(order.status);

    const customerRows = await handle.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.orderId, order.id), eq(activityLog.visibility, "customer")));
    expect(status!.events.map((e) => e.id).sort()).toEqual(customerRows.map((r) => r.id).sort());

    const internalRows = await handle.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.orderId, order.id), ne(activityLog.visibility, "customer")));
    expect(internalRows.length).toBeGreaterThan(2);

    const shown = JSON.stringify(status);
    for (const row of internalRows) {
      expect(shown).not.toContain(row.id);
      expect(shown).not.toContain(row.message);
    }
    // Nothing about the people or systems behind the events, or the customer's own details.
    for (const row of [...internalRows, ...customerRows]) {
      if (row.actorLabel) expect(shown).not.toContain(`"${row.actorLabel}"`);
      if (row.ipAddress) expect(shown).not.toContain(row.ipAddress);
    }
    expect(shown).not.toContain(order.customerEmail);
    expect(shown).not.toContain(order.id);
    expect(shown).not.toContain(order.storeId);
    expect(shown).not.toMatch(/"(payload|actor|message|visibility|correlationId)"/);
  });

  it("words each event for the customer", async () => {
    const [shipped] = await handle.db
      .select()
      .from(activityLog)
      .where(eq(activityLog.eventType, "order.shipped"))
      .limit(1);
    const [order] = await handle.db.select().from(orders).where(eq(orders.id, shipped!.orderId!));
    const status = await getOrderStatus(handle.db, order!.publicToken);
    const payload = shipped!.payload as { carrier: string; trackingNumber: string };
    const text = status!.events.find((e) => e.id === shipped!.id)!.text;
    expect(text).toBe(`Shipped with ${payload.carrier} — tracking number ${payload.trackingNumber}.`);
    expect(status!.tracking).toMatchObject({ carrier: payload.carrier, number: payload.trackingNumber });
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, order!.storeId));
    expect(status!.shopName).toBe(store!.name);
    expect(status!.timeZone).toBe(store!.timeZone);
  });

  it("finds nothing for an unknown, malformed or altered token", async () => {
    const order = await mixedOrder();
    expect(await getOrderStatus(handle.db, "A".repeat(32))).toBeNull();
    expect(await getOrderStatus(handle.db, "short")).toBeNull();
    expect(await getOrderStatus(handle.db, `${order.publicToken.slice(0, -1)}!`)).toBeNull();
    expect(await getOrderStatus(handle.db, "' or 1=1 --aaaaaaaaaaaaaaaaaaaaaaaa")).toBeNull();
    const flipped = order.publicToken.slice(0, -1) + (order.publicToken.endsWith("A") ? "B" : "A");
    expect(await getOrderStatus(handle.db, flipped)).toBeNull();
  });

  it("gives every order a token of at least 128 random bits", async () => {
    const rows = await handle.db.select({ token: orders.publicToken }).from(orders);
    expect(rows.length).toBeGreaterThan(10);
    for (const { token } of rows) expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(new Set(rows.map((r) => r.token)).size).toBe(rows.length);
  });
});
