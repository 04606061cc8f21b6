import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abandonedCheckouts, orders, webhookDeliveries } from "@/db/schema";
import { checkoutSession, randomId, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { forgetWebhookStores } from "@/lib/webhooks/find-webhook-store";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import { openUnreachableDatabase, rowsOfStore } from "@/tests/helpers/activity-fixtures";
import { createShopStore, type ShopStore, stripeRequest } from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
let other: ShopStore;
const config = parseConfig({ ABANDONED_CART_DELAY_MINUTES: "60" });

beforeAll(async () => {
  handle = await createTestDatabase();
  const spool = useTestSpool();
  await spool.spool.init();
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  store = await createShopStore(handle.db, "Main shop");
  other = await createShopStore(handle.db, "Other shop");
});

afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

const deliver = (event: unknown, options: Parameters<typeof stripeRequest>[3] & { to?: ShopStore } = {}) =>
  processWebhook(
    { db: handle.db, jobs: queue, config: config },
    stripeRequest((options.to ?? store).slug, event, (options.to ?? store).stripeSecret, options),
    (options.to ?? store).slug,
    stripeWebhook,
  );

async function jobsFor(correlationId: string) {
  return handle.query<{ name: string; start_after: Date }>(
    "select name, start_after from pgboss.job where data->>'correlationId' = $1 order by name",
    [correlationId],
  );
}

async function eventsOf(s: ShopStore) {
  return rowsOfStore(handle.db, s.id);
}

describe("Stripe checkout.session.completed", () => {
  it("creates the order from the session, logs order.created with the event as correlation, and queues its completion", async () => {
    const session = checkoutSession({ email: "Ana@Example.com", subtotal: 3500, shipping: 450, tax: 350 });
    const event = stripeEvent({ type: "checkout.session.completed", object: session });
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, id: event.id });

    const [order] = await handle.db
      .select()
      .from(orders)
      .where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order).toMatchObject({
      storeId: store.id,
      status: "paid",
      totalAmount: 4300,
      subtotalAmount: 3500,
      shippingAmount: 450,
      taxAmount: 350,
      currency: "GBP",
      customerEmail: "ana@example.com",
      stripePaymentIntentId: session.payment_intent,
    });
    expect(order!.number).toBeGreaterThan(10000);
    expect(order!.shippingAddress).toMatchObject({ line1: "1 Sample Street", city: "London", country: "GB" });

    const created = (await eventsOf(store)).filter((r) => r.orderId === order!.id);
    expect(created.map((r) => r.eventType)).toEqual(["order.created"]);
    expect(created[0]).toMatchObject({
      level: "info",
      visibility: "customer",
      actorType: "integration",
      actorLabel: "Stripe",
      source: "webhook",
      correlationId: event.id,
      ipAddress: "54.187.174.169",
      message: "Order placed — £43.00 via Stripe",
    });
    expect(created[0]!.occurredAt.getTime()).toBe(event.created * 1000);
    expect((await jobsFor(event.id)).map((j) => j.name)).toEqual(["complete-order"]);
    const deliveries = await handle.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.providerEventId, event.id));
    expect(deliveries).toHaveLength(1);
  });

  it("writes nothing new for a redelivery of the same event, or another event for the same session", async () => {
    const session = checkoutSession({ email: "redelivery@example.com", subtotal: 2000 });
    const event = stripeEvent({ type: "checkout.session.completed", object: session });
    expect((await deliver(event)).status).toBe(200);
    const before = (await eventsOf(store)).length;
    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const sameSession = await deliver(
      stripeEvent({ type: "checkout.session.async_payment_succeeded", object: session }),
    );
    expect(sameSession.status).toBe(200);
    expect((await eventsOf(store)).length).toBe(before);
    expect(
      await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id)),
    ).toHaveLength(1);
    expect(await jobsFor(event.id)).toHaveLength(1);
  });

  it("50 concurrent deliveries of one event: one order, one order.created, 50 × 200", async () => {
    const session = checkoutSession({ email: "burst@example.com", subtotal: 1200 });
    const event = stripeEvent({ type: "checkout.session.completed", object: session });
    const responses = await Promise.all(Array.from({ length: 50 }, () => deliver(event)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const rows = await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(rows).toHaveLength(1);
    const created = (await eventsOf(store)).filter((r) => r.correlationId === event.id);
    expect(created.map((r) => r.eventType)).toEqual(["order.created"]);
    expect(await jobsFor(event.id)).toHaveLength(1);
  });

  it("waits for an asynchronous payment: an unpaid completed session creates no order", async () => {
    const session = {
      ...checkoutSession({ email: "later@example.com", subtotal: 900 }),
      payment_status: "unpaid",
    };
    expect((await deliver(stripeEvent({ type: "checkout.session.completed", object: session }))).status).toBe(
      200,
    );
    expect(
      await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id)),
    ).toHaveLength(0);
  });
});

describe("rejected deliveries", () => {
  async function rejectedRows(s: ShopStore) {
    return (await eventsOf(s)).filter((r) => r.eventType === "webhook.rejected");
  }

  it("40 unsigned junk deliveries from one address: 30 refused and counted under one open warning, then 429s; resolving it lets the next raise a new one", async () => {
    const { createRateLimiter } = await import("@/lib/http/rate-limit");
    const { resolveEvents } = await import("@/lib/activity/write/resolve-events");
    const { webhookRejections } = await import("@/db/schema");
    const junkShop = await createShopStore(handle.db, "Junk target");
    const rejections = createRateLimiter({
      name: "test-rejections",
      points: 30,
      durationSeconds: 60,
      db: handle.db,
    });
    const junk = (i: number) =>
      processWebhook(
        { db: handle.db, jobs: queue, config, rejections },
        new Request(`http://localhost/api/webhooks/stripe/${junkShop.slug}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: `{"junk":${i}}`,
        }),
        junkShop.slug,
        stripeWebhook,
      );
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await junk(i)).status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    const warnings = await rejectedRows(junkShop);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: "warning", resolvedAt: null });
    const [counter] = await handle.db
      .select()
      .from(webhookRejections)
      .where(eq(webhookRejections.storeId, junkShop.id));
    expect(counter).toMatchObject({ provider: "stripe", reason: "missing_signature", count: 30 });
    expect(counter!.openEventId).toBe(warnings[0]!.id);

    // Resolved by a person: the next rejection (from another address) raises a fresh warning.
    await resolveEvents(
      handle.db,
      { storeId: junkShop.id, userId: null },
      { ids: [warnings[0]!.id], note: "junk" },
    );
    const later = createRateLimiter({
      name: "test-rejections-later",
      points: 30,
      durationSeconds: 60,
      db: handle.db,
    });
    const again = await processWebhook(
      { db: handle.db, jobs: queue, config, rejections: later },
      new Request(`http://localhost/api/webhooks/stripe/${junkShop.slug}`, { method: "POST", body: "{}" }),
      junkShop.slug,
      stripeWebhook,
    );
    expect(again.status).toBe(400);
    const after = await rejectedRows(junkShop);
    expect(after).toHaveLength(2);
    expect(after.filter((r) => r.resolvedAt === null)).toHaveLength(1);
    expect(await rejectedRows(other)).toHaveLength(0);
  });

  it("an address cut off for junk still gets its correctly signed deliveries taken (the provider may share it)", async () => {
    const { createRateLimiter } = await import("@/lib/http/rate-limit");
    const shop = await createShopStore(handle.db, "Shared address");
    const rejections = createRateLimiter({
      name: "test-shared-address",
      points: 3,
      durationSeconds: 60,
      db: handle.db,
    });
    const send = (event: unknown, signature?: string) =>
      processWebhook(
        { db: handle.db, jobs: queue, config, rejections },
        // stripeRequest stamps one client address on every request.
        stripeRequest(shop.slug, event, shop.stripeSecret, signature ? { signature } : {}),
        shop.slug,
        stripeWebhook,
      );
    const junk = stripeEvent({
      type: "checkout.session.completed",
      object: checkoutSession({ email: "x@example.com", subtotal: 100 }),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await send(junk, `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`)).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const real = stripeEvent({
      type: "checkout.session.completed",
      object: checkoutSession({ email: "real@example.com", subtotal: 2500 }),
    });
    const taken = await send(real);
    expect(taken.status).toBe(200);
    expect(
      await handle.db
        .select()
        .from(orders)
        .where(and(eq(orders.storeId, shop.id), eq(orders.customerEmail, "real@example.com"))),
    ).toHaveLength(1);
    // The junk left one open warning counting the three refusals it was allowed.
    const warnings = await rejectedRows(shop);
    expect(warnings).toHaveLength(1);
  });

  it("deduplicates per store: the same event id delivered to two stores is two deliveries", async () => {
    const eventId = randomId("evt");
    const to = (s: ShopStore, email: string) =>
      deliver(
        {
          ...stripeEvent({
            type: "checkout.session.completed",
            object: checkoutSession({ email, subtotal: 500 }),
          }),
          id: eventId,
        },
        { to: s },
      );
    const first = await to(other, "second-store@example.com");
    expect(await first.json()).toEqual({ received: true, id: eventId });
    const mine = await to(store, "first-store@example.com");
    expect(await mine.json()).toEqual({ received: true, id: eventId });
    for (const [s, email] of [
      [other, "second-store@example.com"],
      [store, "first-store@example.com"],
    ] as const)
      expect(
        await handle.db
          .select()
          .from(orders)
          .where(and(eq(orders.storeId, s.id), eq(orders.customerEmail, email))),
      ).toHaveLength(1);
    // A redelivery to either store is still a duplicate there.
    expect(await (await to(store, "first-store@example.com")).json()).toMatchObject({ duplicate: true });
  });

  it("a bad signature is a 400 with a message and a webhook.rejected warning in that store only", async () => {
    const event = stripeEvent({
      type: "checkout.session.completed",
      object: checkoutSession({ email: "x@example.com", subtotal: 100 }),
    });
    const response = await processWebhook(
      { db: handle.db, jobs: queue, config: config },
      stripeRequest(store.slug, event, "whsec_wrong"),
      store.slug,
      stripeWebhook,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "invalid_signature",
        message: "The Stripe signature does not match this store's secret.",
      },
    });
    const rows = await rejectedRows(store);
    expect(rows.at(-1)).toMatchObject({
      level: "warning",
      message: "Rejected a Stripe webhook: The Stripe signature does not match this store's secret.",
    });
    expect(await rejectedRows(other)).toHaveLength(0);
    expect(
      await handle.db.select().from(orders).where(eq(orders.customerEmail, "x@example.com")),
    ).toHaveLength(0);
  });

  it("a stale timestamp, a missing header, malformed JSON and missing fields are 400s; nothing else is written", async () => {
    const event = stripeEvent({
      type: "checkout.session.completed",
      object: checkoutSession({ email: "y@example.com", subtotal: 100 }),
    });
    const stale = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    expect((await stale.json()).error.code).toBe("stale_timestamp");

    // Correctly signed, but dated ten years ahead: refused with the same 5-minute tolerance.
    const future = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) + 10 * 365 * 86_400 });
    expect(future.status).toBe(400);
    expect((await future.json()).error.code).toBe("future_timestamp");
    // Inside the tolerance (a clock a minute fast) is fine.
    const fastClock = await deliver(
      stripeEvent({
        type: "checkout.session.completed",
        object: checkoutSession({ email: "fast@example.com", subtotal: 100 }),
      }),
      { timestamp: Math.floor(Date.now() / 1000) + 60 },
    );
    expect(fastClock.status).toBe(200);

    const unsigned = stripeRequest(store.slug, event, store.stripeSecret);
    unsigned.headers.delete("stripe-signature");
    const missingHeader = await processWebhook(
      { db: handle.db, jobs: queue, config: config },
      unsigned,
      store.slug,
      stripeWebhook,
    );
    expect(missingHeader.status).toBe(400);
    expect((await missingHeader.json()).error.code).toBe("missing_signature");

    const malformed = await deliver(null, { rawBody: '{"id": "evt_1", "type": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("malformed_json");

    const { amount_total: _dropped, ...withoutTotal } = checkoutSession({
      email: "y@example.com",
      subtotal: 100,
    });
    const missing = await deliver(stripeEvent({ type: "checkout.session.completed", object: withoutTotal }));
    expect(missing.status).toBe(400);
    const body = await missing.json();
    expect(body.error.code).toBe("missing_fields");
    expect(body.error.message).toContain("amount_total");

    expect(
      await handle.db.select().from(orders).where(eq(orders.customerEmail, "y@example.com")),
    ).toHaveLength(0);
    const reasons = (await rejectedRows(store)).map((r) => (r.payload as { reason: string }).reason);
    expect(reasons.join("\n")).toMatch(/more than 5 minutes/);
    expect(reasons.join("\n")).toMatch(/amount_total/);
  });

  it("a body over 1 MB is a 413; an unknown store is a 404", async () => {
    const huge = stripeEvent({
      type: "checkout.session.completed",
      object: { padding: "x".repeat(1_100_000) },
    });
    const tooLarge = await deliver(huge);
    expect(tooLarge.status).toBe(413);
    expect((await rejectedRows(store)).some((r) => (r.payload as { status: number }).status === 413)).toBe(
      true,
    );
    const unknown = await processWebhook(
      { db: handle.db, jobs: queue, config: config },
      stripeRequest("no-such-store", huge, "x"),
      "no-such-store",
      stripeWebhook,
    );
    expect(unknown.status).toBe(404);
  });

  it("an unknown event type is acknowledged and recorded only as a debug event", async () => {
    const event = stripeEvent({ type: "customer.created", object: { id: "cus_1" } });
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ignored: true });
    const rows = (await eventsOf(store)).filter((r) => r.correlationId === event.id);
    expect(rows.map((r) => [r.eventType, r.visibility])).toEqual([["webhook.ignored", "debug"]]);
  });

  it("answers 503 while the database is unavailable; the redelivery then writes exactly one set of rows", async () => {
    const session = checkoutSession({ email: "outage@example.com", subtotal: 2500 });
    const event = stripeEvent({ type: "checkout.session.completed", object: session });
    const down = await openUnreachableDatabase(handle.url);
    forgetWebhookStores();
    const during = await processWebhook(
      { db: down.db, jobs: queue, config: config },
      stripeRequest(store.slug, event, store.stripeSecret),
      store.slug,
      stripeWebhook,
    );
    expect(during.status).toBe(503);
    expect((await during.json()).error.code).toBe("unavailable");
    await down.close().catch(() => {});

    const after = await Promise.all([deliver(event), deliver(event)]);
    expect(after.map((r) => r.status)).toEqual([200, 200]);
    expect(
      await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id)),
    ).toHaveLength(1);
    expect(
      (await eventsOf(store)).filter((r) => r.correlationId === event.id).map((r) => r.eventType),
    ).toEqual(["order.created"]);
  });
});

describe("other Stripe events", () => {
  it("payment_intent.payment_failed logs a warning with Stripe's reason", async () => {
    const event = stripeEvent({
      type: "payment_intent.payment_failed",
      object: {
        id: randomId("pi"),
        amount: 2800,
        currency: "gbp",
        receipt_email: "declined@example.com",
        last_payment_error: { message: "Your card was declined.", decline_code: "generic_decline" },
      },
    });
    expect((await deliver(event)).status).toBe(200);
    const [row] = (await eventsOf(store)).filter((r) => r.correlationId === event.id);
    expect(row).toMatchObject({
      eventType: "order.payment_failed",
      level: "warning",
      message: "Payment failed: Your card was declined. (declined@example.com)",
    });
  });

  it("charge.refunded logs each refund's difference; a stale redelivery adds nothing; a full refund ends the order", async () => {
    const session = checkoutSession({ email: "refund@example.com", subtotal: 4000 });
    await deliver(stripeEvent({ type: "checkout.session.completed", object: session }));
    const charge = (refunded: number) => ({
      id: randomId("ch"),
      payment_intent: session.payment_intent,
      amount: 4000,
      amount_refunded: refunded,
      currency: "gbp",
      refunds: { data: [{ reason: "requested_by_customer" }] },
    });
    expect((await deliver(stripeEvent({ type: "charge.refunded", object: charge(1000) }))).status).toBe(200);
    expect((await deliver(stripeEvent({ type: "charge.refunded", object: charge(4000) }))).status).toBe(200);
    expect((await deliver(stripeEvent({ type: "charge.refunded", object: charge(1000) }))).status).toBe(200);
    const [order] = await handle.db
      .select()
      .from(orders)
      .where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order).toMatchObject({ status: "refunded", refundedAmount: 4000 });
    const refunds = (await eventsOf(store)).filter(
      (r) => r.orderId === order!.id && r.eventType === "order.refunded",
    );
    expect(refunds.map((r) => r.message)).toEqual(["Partially refunded £10.00", "Refunded £30.00"]);
  });

  it("an expired checkout is an abandoned cart with a recovery email scheduled; a later payment recovers it", async () => {
    const expiresAt = Math.floor(Date.now() / 1000) - 60;
    const expired = checkoutSession({
      email: "cart@example.com",
      subtotal: 2800,
      status: "expired",
      expiresAt,
    });
    const event = stripeEvent({ type: "checkout.session.expired", object: expired });
    expect((await deliver(event)).status).toBe(200);
    const [cart] = await handle.db
      .select()
      .from(abandonedCheckouts)
      .where(eq(abandonedCheckouts.stripeCheckoutSessionId, expired.id));
    expect(cart).toMatchObject({
      customerEmail: "cart@example.com",
      amount: 2800,
      currency: "GBP",
      recoveredOrderId: null,
    });
    const [job] = await jobsFor(event.id);
    expect(job?.name).toBe("recover-cart");
    expect(new Date(job!.start_after).getTime()).toBeCloseTo((expiresAt + 3600) * 1000, -4);

    const paid = stripeEvent({
      type: "checkout.session.completed",
      object: checkoutSession({ email: "cart@example.com", subtotal: 2800 }),
    });
    expect((await deliver(paid)).status).toBe(200);
    const [recovered] = await handle.db
      .select()
      .from(abandonedCheckouts)
      .where(and(eq(abandonedCheckouts.id, cart!.id), eq(abandonedCheckouts.storeId, store.id)));
    expect(recovered!.recoveredOrderId).not.toBeNull();
    const types = (await eventsOf(store))
      .filter((r) => r.correlationId === event.id || r.correlationId === paid.id)
      .map((r) => r.eventType);
    expect(types).toEqual(["abandoned_cart.detected", "order.created", "abandoned_cart.recovered"]);
  });
});
