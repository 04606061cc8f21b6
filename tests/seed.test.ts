import { and, asc, count, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ActivityRow,
  activityLog,
  memberships,
  orderItems,
  orderStatuses,
  orders,
  outboxEmails,
  products,
  productVariants,
  stores,
  users,
  webhookDeliveries,
} from "@/db/schema";
import { eventTypes } from "@/lib/activity/catalog/catalog";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { verifyPassword } from "@/lib/auth/passwords";
import { planDemoData } from "@/lib/demo/seed/plan-demo";
import { DEMO_ACCOUNTS, type SeedSummary, seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import type { Db } from "@/lib/platform/db/types";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

const NOW = new Date("2025-03-14T12:30:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let summary: SeedSummary | null;
let seedMs = 0;
let demoId: string;
let northId: string;

async function storeId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: stores.id }).from(stores).where(eq(stores.slug, slug));
  if (!row) throw new Error(`no store ${slug}`);
  return row.id;
}

async function tableCounts(db: Db) {
  const tables = { stores, users, memberships, products, productVariants, orders, orderItems, activityLog };
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => {
      const [row] = await db.select({ value: count() }).from(table);
      return [name, Number(row?.value ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  const started = performance.now();
  summary = await seedDemoData(handle.db, { now: NOW });
  seedMs = performance.now() - started;
  console.info(
    `[seed test] seeded on ${handle.kind} in ${Math.round(seedMs)} ms: ${JSON.stringify(summary)}`,
  );
  demoId = await storeId(handle.db, "demo");
  northId = await storeId(handle.db, "north");
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

describe("seedDemoData", () => {
  // How long seeding takes is printed above, not asserted: a timed unit test fails on a busy
  // machine (5.3 s against 5 s with a build beside it) and proves nothing on a quiet one.
  it("reports what it seeded", async () => {
    expect(summary).not.toBeNull();
    const counts = await tableCounts(handle.db);
    expect(summary).toEqual({
      stores: 2,
      users: 4,
      products: counts.products,
      orders: counts.orders,
      events: counts.activityLog,
    });
    expect(spool.spool.backlog).toBe(0);
  });

  it("creates the two stores with their settings", async () => {
    const rows = await handle.db.select().from(stores).orderBy(asc(stores.slug));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      slug: "demo",
      name: "Demo Print Co",
      currency: "GBP",
      timeZone: "Europe/London",
      stripeWebhookSecret: "whsec_demo_storyline_local_only",
      printifyWebhookSecret: "printify_demo_storyline_local_only",
      printifyShopId: "demo-shop-1",
    });
    expect(rows[1]).toMatchObject({
      slug: "north",
      name: "North Tees Co",
      currency: "EUR",
      timeZone: "Europe/Dublin",
    });
  });

  it("creates four users with the right memberships, whose passwords verify", async () => {
    const rows = await handle.db
      .select({
        email: users.email,
        name: users.name,
        hash: users.passwordHash,
        role: memberships.role,
        store: stores.slug,
      })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(stores, eq(stores.id, memberships.storeId));
    expect(new Set(rows.map((r) => r.email)).size).toBe(4);
    const memberOf = rows.map((r) => `${r.email} ${r.store} ${r.role}`).sort();
    expect(memberOf).toEqual([
      "manager@demo.storyline.test demo manager",
      "owner@demo.storyline.test demo owner",
      "owner@demo.storyline.test north manager",
      "owner@north.storyline.test north owner",
      "staff@demo.storyline.test demo staff",
    ]);
    for (const account of DEMO_ACCOUNTS) {
      const row = rows.find((r) => r.email === account.email && r.store === account.store)!;
      expect(row).toMatchObject({ name: account.name, role: account.role });
      expect(await verifyPassword(row.hash, account.password)).toBe(true);
      expect(await verifyPassword(row.hash, `${account.password}-wrong`)).toBe(false);
    }
  });

  it("seeds the demo catalogue with variants", async () => {
    const rows = await handle.db.select().from(products).where(eq(products.storeId, demoId));
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const variants = await handle.db
      .select()
      .from(productVariants)
      .where(eq(productVariants.storeId, demoId));
    for (const product of rows) {
      expect(product.providerProductId).toMatch(/^[0-9a-f]{24}$/);
      const own = variants.filter((v) => v.productId === product.id);
      expect(own.length).toBeGreaterThan(0);
      for (const v of own) {
        expect(v.priceAmount).toBeGreaterThan(0);
        expect(v.providerVariantId).toBeTruthy();
      }
    }
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["active", "draft", "archived"]));
  });

  it("seeds demo orders in every status, consistent with their items, in the last 30 days", async () => {
    const rows = await handle.db
      .select()
      .from(orders)
      .where(eq(orders.storeId, demoId))
      .orderBy(asc(orders.number));
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((o) => o.status))).toEqual(new Set(orderStatuses));
    expect(rows.map((o) => o.number)).toEqual(rows.map((_, i) => 1001 + i));
    const items = await handle.db.select().from(orderItems).where(eq(orderItems.storeId, demoId));
    for (const order of rows) {
      const own = items.filter((i) => i.orderId === order.id);
      expect(own.length).toBeGreaterThan(0);
      for (const item of own) expect(item.totalAmount).toBe(item.unitAmount * item.quantity);
      expect(order.subtotalAmount).toBe(own.reduce((sum, i) => sum + i.totalAmount, 0));
      expect(order.totalAmount).toBe(order.subtotalAmount + order.shippingAmount + order.taxAmount);
      expect(order.refundedAmount).toBeLessThanOrEqual(order.totalAmount);
      expect(order.customerEmail).toMatch(/^[a-z.]+@example\.com$/);
      expect(order.shippingAddress?.country).toBe("GB");
      expect(order.stripeCheckoutSessionId).toMatch(/^cs_test_/);
      expect(order.stripePaymentIntentId).toMatch(/^pi_test_/);
      expect(order.publicToken.length).toBeGreaterThanOrEqual(32);
      expect(order.placedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(order.placedAt.getTime()).toBeGreaterThan(NOW.getTime() - 30 * DAY);
      const submitted = ["submitted", "in_production", "shipped", "delivered"].includes(order.status);
      if (submitted) expect(order.providerOrderId).toMatch(/^PFY-\d+$/);
      if (["pending", "paid", "payment_failed"].includes(order.status))
        expect(order.providerOrderId).toBeNull();
      if (order.status === "refunded") expect(order.refundedAmount).toBe(order.totalAmount);
    }
    expect(new Set(rows.map((o) => o.publicToken)).size).toBe(rows.length);
    expect(rows.some((o) => o.status === "delivered" && o.refundedAmount > 0)).toBe(true);
  });

  it("tells each order's story consistently with its status", async () => {
    const rows = await handle.db.select().from(orders).where(eq(orders.storeId, demoId));
    const events = await handle.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, demoId), isNotNull(activityLog.orderId)))
      .orderBy(asc(activityLog.occurredAt), asc(activityLog.id));
    const byOrder = new Map<string, ActivityRow[]>();
    for (const e of events) byOrder.set(e.orderId!, [...(byOrder.get(e.orderId!) ?? []), e]);
    const orderTypes = (id: string) =>
      (byOrder.get(id) ?? []).map((e) => e.eventType).filter((t) => t.startsWith("order."));

    for (const order of rows) {
      const types = orderTypes(order.id);
      if (order.status === "pending") expect(types).toEqual([]);
      else if (order.status === "payment_failed") expect(types).toEqual(["order.payment_failed"]);
      else expect(types[0]).toBe("order.created");

      const sequence = {
        submitted: ["order.submitted"],
        in_production: ["order.submitted", "order.production"],
        shipped: ["order.submitted", "order.production", "order.shipped"],
        delivered: ["order.submitted", "order.production", "order.shipped", "order.delivered"],
      }[order.status as string];
      if (sequence) {
        expect(types.filter((t) => sequence.includes(t))).toEqual(sequence);
        expect(types).not.toContain("order.cancelled");
      }
      if (order.status === "cancelled") expect(types).toContain("order.cancelled");
      if (order.status === "refunded") expect(types.at(-1)).toBe("order.refunded");
      if (order.status === "delivered" || order.status === "shipped")
        expect(types.some((t) => t === "order.email.shipping_sent" || t === "order.email.failed")).toBe(true);
      // Money in the log matches the order.
      const created = byOrder.get(order.id)?.find((e) => e.eventType === "order.created");
      if (created)
        expect(created.payload).toMatchObject({ amount: order.totalAmount, orderNumber: order.number });
      const refunded = (byOrder.get(order.id) ?? [])
        .filter((e) => e.eventType === "order.refunded")
        .reduce((sum, e) => sum + Number(e.payload.amount), 0);
      expect(refunded).toBe(order.refundedAmount);
    }
  });

  it("leaves the order-number sequence after the demo's numbers, so a new order continues them", async () => {
    const { sql } = await import("drizzle-orm");
    const { orders } = await import("@/db/schema");
    const [{ max }] = (await handle.db.select({ max: sql<number>`max(${orders.number})` }).from(orders)) as [
      { max: number },
    ];
    const next = await handle.query<{ n: string }>("select nextval('order_number_seq') as n");
    expect(Number(next[0]!.n)).toBe(Number(max) + 1);
    expect(Number(max)).toBeLessThan(2000);
  });

  it("covers every event type in the demo store, all in the past and with the right actors", async () => {
    const rows = await handle.db.select().from(activityLog).where(eq(activityLog.storeId, demoId));
    const seen = new Set(rows.map((r) => r.eventType));
    for (const type of eventTypes) expect(seen, type).toContain(type);
    for (const row of rows) {
      expect(row.occurredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(row.payload).not.toHaveProperty("$invalid");
      if (row.actorLabel === "Stripe" || row.actorLabel === "Printify") {
        expect(row).toMatchObject({ actorType: "integration", source: "webhook" });
        if (row.eventType !== "webhook.rejected") expect(row.correlationId).toBeTruthy();
      }
      if (row.actorType === "worker") {
        expect(row.source).toBe("worker");
        expect(row.actorLabel).toMatch(
          /^(Order submission|Order intake|Email|Morning email|Product sync|Abandoned cart|Reconciliation) worker$/,
        );
      }
      if (row.actorType === "user") {
        expect(row.source).toBe("admin");
        expect(row.actorId).toBeTruthy();
        expect(row.ipAddress).toBeTruthy();
        expect(row.userAgent).toBeTruthy();
      }
      if (row.eventType.startsWith("auth.")) expect(row.ipAddress && row.userAgent).toBeTruthy();
      if (/\.(updated|role_changed|archived)$/.test(row.eventType))
        expect(Object.keys(row.changes ?? {}).length).toBeGreaterThan(0);
    }
    const [stripeDeliveries] = await handle.db
      .select({ value: count() })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.storeId, demoId), eq(webhookDeliveries.provider, "stripe")));
    expect(Number(stripeDeliveries?.value)).toBeGreaterThan(60);
  });

  it("leaves some warnings and errors needing attention and resolves others", async () => {
    const open = await countNeedsAttention(handle.db, demoId);
    expect(open).toBeGreaterThanOrEqual(8);
    expect(open).toBeLessThanOrEqual(15);
    const [owner] = await handle.db.select().from(users).where(eq(users.email, "owner@demo.storyline.test"));
    const resolved = await handle.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, demoId), isNotNull(activityLog.resolvedAt)));
    expect(resolved.length).toBeGreaterThan(5);
    for (const row of resolved) {
      expect(["warning", "error"]).toContain(row.level);
      expect(row.resolutionNote).toBeTruthy();
      // Storyline resolves what its note says was resolved automatically; people the rest.
      expect(row.resolvedBy).toBe(/automatically/i.test(row.resolutionNote!) ? null : owner!.id);
      // Resolved after it happened, not all at seeding time.
      expect(row.resolvedAt!.getTime()).toBeGreaterThanOrEqual(row.occurredAt.getTime());
    }
    expect(resolved.some((row) => row.resolvedBy === null)).toBe(true);
    const ages = new Set(
      resolved.map((row) => Math.round((Date.now() - row.resolvedAt!.getTime()) / 3_600_000)),
    );
    expect(ages.size).toBeGreaterThan(5);
    expect(await countNeedsAttention(handle.db, northId)).toBeGreaterThan(0);
  });

  it("puts every email the timelines say was sent in the outbox, dated when it was sent", async () => {
    const sent = await handle.db
      .select({ orderId: activityLog.orderId, type: activityLog.eventType, at: activityLog.occurredAt })
      .from(activityLog)
      .where(
        and(
          eq(activityLog.storeId, demoId),
          inArray(activityLog.eventType, [
            "order.email.confirmation_sent",
            "order.email.shipping_sent",
            "abandoned_cart.email_sent",
          ]),
        ),
      );
    const outbox = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.storeId, demoId));
    expect(sent.length).toBeGreaterThan(10);
    expect(outbox).toHaveLength(sent.length);
    const kinds = {
      "order.email.confirmation_sent": "confirmation",
      "order.email.shipping_sent": "shipping",
    };
    for (const event of sent.filter((e) => e.type in kinds)) {
      const mail = outbox.find(
        (m) => m.orderId === event.orderId && m.kind === kinds[event.type as keyof typeof kinds],
      );
      expect(mail?.sentAt.getTime()).toBe(event.at.getTime());
      expect(mail?.subject).toBeTruthy();
    }
  });

  it("keeps the north store's rows to itself", async () => {
    const demoOrders = await handle.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.storeId, demoId));
    const northOrders = await handle.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.storeId, northId));
    expect(northOrders.length).toBeGreaterThanOrEqual(12);
    const [northProducts] = await handle.db
      .select({ value: count() })
      .from(products)
      .where(eq(products.storeId, northId));
    expect(Number(northProducts?.value)).toBeGreaterThanOrEqual(8);
    const demoIds = new Set(demoOrders.map((o) => o.id));
    const northIds = new Set(northOrders.map((o) => o.id));

    const northEvents = await handle.db.select().from(activityLog).where(eq(activityLog.storeId, northId));
    expect(northEvents.length).toBeGreaterThan(0);
    for (const e of northEvents) {
      if (e.orderId) {
        expect(demoIds.has(e.orderId)).toBe(false);
        expect(northIds.has(e.orderId)).toBe(true);
      }
      expect(demoIds.has(e.entityId ?? "")).toBe(false);
    }
    const northItems = await handle.db.select().from(orderItems).where(eq(orderItems.storeId, northId));
    const northProductIds = new Set(
      (await handle.db.select({ id: products.id }).from(products).where(eq(products.storeId, northId))).map(
        (p) => p.id,
      ),
    );
    for (const item of northItems) {
      expect(northIds.has(item.orderId)).toBe(true);
      expect(northProductIds.has(item.productId!)).toBe(true);
    }
    // Nor does any demo row point at a north order.
    const crossed = await handle.db
      .select({ value: count() })
      .from(activityLog)
      .where(and(eq(activityLog.storeId, demoId), inArray(activityLog.orderId, [...northIds])));
    expect(Number(crossed[0]?.value)).toBe(0);
  });

  it("plans a history in the past, covering everything, whatever time it is run at", () => {
    const baseline = planDemoData(NOW);
    for (let i = 0; i < 48; i++) {
      // Every half hour of a day, on different days of the year.
      const now = new Date(Date.UTC(2025, i % 12, 1 + (i % 27), Math.floor(i / 2), (i % 2) * 30, 17, 345));
      const { plan, demoOrders, northOrders } = planDemoData(now);
      for (const event of plan.items) {
        expect(event.occurredAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(event.occurredAt.getTime()).toBeGreaterThan(now.getTime() - 32 * DAY);
      }
      for (const order of [...demoOrders.orders, ...northOrders.orders]) {
        expect(order.placedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(order.placedAt!.getTime()).toBeGreaterThan(now.getTime() - 30 * DAY);
      }
      expect(new Set(demoOrders.orders.map((o) => o.status))).toEqual(new Set(orderStatuses));
      expect(new Set(plan.items.map((e) => e.type))).toEqual(new Set(eventTypes));
      // The same story, give or take today's sign-ins that have not happened yet.
      expect(Math.abs(plan.items.length - baseline.plan.items.length)).toBeLessThanOrEqual(8);
    }
  });

  it("does nothing the second time", async () => {
    const before = await tableCounts(handle.db);
    expect(await seedDemoData(handle.db, { now: NOW })).toBeNull();
    expect(await seedDemoData(handle.db)).toBeNull();
    expect(await tableCounts(handle.db)).toEqual(before);
  });

  it("seeds the same story every time", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoData(other.db, { now: NOW });
      const story = async (db: Db) => {
        const rows = await db
          .select({
            type: activityLog.eventType,
            message: activityLog.message,
            at: activityLog.occurredAt,
            resolved: activityLog.resolutionNote,
          })
          .from(activityLog)
          .orderBy(asc(activityLog.occurredAt), asc(activityLog.eventType), asc(activityLog.message));
        return rows.map((r) => `${r.at.toISOString()} ${r.type} ${r.message} ${r.resolved ?? ""}`);
      };
      expect(await story(other.db)).toEqual(await story(handle.db));
    } finally {
      await other.dispose();
    }
  });
});
