import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderStatus, orders } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { resendOrderEmail } from "@/lib/orders/resend-order-email";
import { resubmitOrder } from "@/lib/orders/resubmit-order";
import { parseConfig } from "@/lib/platform/config";
import { createPrintifyClient } from "@/lib/providers/printify/client";
import {
  createStore,
  expectAppError,
  freePort,
  rowsOfStore,
  staffContext,
  systemContext,
} from "@/tests/helpers/activity-fixtures";
import { createShopStore, orderById, type ShopStore } from "@/tests/helpers/producer-fixtures";
import { type ServedHandler, serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let queue: JobQueue;
let sandbox: Sandbox;
let served: ServedHandler;
let store: ShopStore;
let other: ShopStore;
let printifyConfig: ReturnType<typeof parseConfig>;

const userId = "0197a000-0000-7000-8000-000000000002";
const ana = () => staffContext(store.id, userId, "Ana");

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  queue = await startJobQueue(handle, {
    config: parseConfig({}),
    connectionString: handle.url,
    supervise: false,
  });
  // Orders sent to production stay "sending-to-production": no lifecycle step during the tests.
  sandbox = createSandbox({ stepMs: 600_000, resolveShop: async () => null });
  served = await serveFetchHandler((request) => sandbox.handle(request));
  printifyConfig = parseConfig({
    PRINTIFY_API_URL: `${served.url}/printify`,
    PRINTIFY_API_TOKEN: "test-token",
  });
  store = await createShopStore(handle.db, "Main shop");
  other = await createShopStore(handle.db, "Other shop");
});

afterAll(async () => {
  sandbox?.close();
  await served?.close();
  await queue?.stop();
  await handle?.dispose();
  spool?.cleanup();
});

async function createOrder(
  storeId: string,
  values: { status?: OrderStatus; providerOrderId?: string | null; submissionStartedAt?: Date | null } = {},
) {
  const [row] = await handle.db
    .insert(orders)
    .values({
      storeId,
      status: values.status ?? "paid",
      statusChangedAt: new Date(Date.now() - 3_600_000),
      currency: "GBP",
      totalAmount: 4300,
      customerEmail: "customer@example.com",
      publicToken: randomBytes(24).toString("base64url"),
      providerOrderId: values.providerOrderId ?? null,
      submissionStartedAt: values.submissionStartedAt ?? null,
    })
    .returning();
  return row!;
}

type JobRow = { id: string; name: string; state: string; data: Record<string, unknown> };

function jobsFor(orderId: string): Promise<JobRow[]> {
  return handle.query<JobRow>(
    "select id::text as id, name, state::text as state, data from pgboss.job where data->>'orderId' = $1 order by created_on",
    [orderId],
  );
}

async function eventsOf(orderId: string, storeId = store.id) {
  return (await rowsOfStore(handle.db, storeId)).filter((r) => r.orderId === orderId);
}

/** An order at the sandbox's Printify, on hold (or sent to production). */
async function printifyOrder(email: string, sendToProduction = false): Promise<string> {
  const client = createPrintifyClient({ baseUrl: `${served.url}/printify`, token: "t", timeoutMs: 2000 });
  const { id } = await client.submitOrder(store.shopId, {
    external_id: crypto.randomUUID(),
    label: "1042",
    line_items: [{ sku: "TEE-001-SAN-M", quantity: 1 }],
    shipping_method: 1,
    send_shipping_notification: false,
    address_to: {
      first_name: "Grace",
      last_name: "Hopper",
      email,
      country: "GB",
      address1: "2 Low Rd",
      city: "Leeds",
      zip: "LS1 1AA",
    },
  });
  if (sendToProduction) await client.sendToProduction(store.shopId, id);
  return id;
}

const sandboxStatus = (providerOrderId: string) =>
  sandbox.orders().find((o) => o.id === providerOrderId)?.status;

describe("resendOrderEmail", () => {
  it("logs the request as the person and queues a new email job under the same correlation id", async () => {
    const order = await createOrder(store.id, { status: "submitted", providerOrderId: "PFY-1" });

    const result = await resendOrderEmail(handle.db, queue, ana(), {
      orderId: order.id,
      email: "confirmation",
    });

    const events = await eventsOf(order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: result.eventId,
      eventType: "order.email.resend_requested",
      level: "info",
      visibility: "internal",
      actorType: "user",
      actorId: userId,
      actorLabel: "Ana",
      source: "admin",
      payload: { email: "confirmation", to: "customer@example.com" },
      message: "Ana asked to resend the confirmation email to customer@example.com",
    });
    expect(events[0]!.correlationId).toMatch(/^admin:/);
    const jobs = await jobsFor(order.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      id: result.jobId,
      name: "send-order-email",
      state: "created",
      data: {
        storeId: store.id,
        orderId: order.id,
        email: "confirmation",
        correlationId: events[0]!.correlationId,
      },
    });

    // Asking again is a new job: the email worker sends a new job id again.
    await resendOrderEmail(handle.db, queue, ana(), { orderId: order.id, email: "confirmation" });
    expect(await jobsFor(order.id)).toHaveLength(2);
  });

  it("resends the shipping email of a shipped order that has its tracking", async () => {
    const order = await createOrder(store.id, { status: "shipped", providerOrderId: "PFY-2" });
    await logEvent(
      handle.db,
      systemContext(store.id),
      "order.shipped",
      { carrier: "DHL", trackingNumber: "1Z999" },
      { orderId: order.id },
    );

    await resendOrderEmail(handle.db, queue, ana(), { orderId: order.id, email: "shipping" });

    const requested = (await eventsOf(order.id)).filter(
      (e) => e.eventType === "order.email.resend_requested",
    );
    expect(requested.map((e) => e.message)).toEqual([
      "Ana asked to resend the shipping email to customer@example.com",
    ]);
    expect((await jobsFor(order.id)).map((j) => [j.name, j.data.email])).toEqual([
      ["send-order-email", "shipping"],
    ]);
  });

  it("refuses a shipping email before the order has shipped, or without tracking, and writes nothing", async () => {
    const paid = await createOrder(store.id);
    const notShipped = await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: paid.id, email: "shipping" }),
      400,
    );
    expect(notShipped.message).toBe(
      "This order has not shipped yet, so there is no shipping email to resend.",
    );

    const noTracking = await createOrder(store.id, { status: "shipped", providerOrderId: "PFY-3" });
    const missing = await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: noTracking.id, email: "shipping" }),
      400,
    );
    expect(missing.message).toMatch(/has not sent tracking details/);

    for (const id of [paid.id, noTracking.id]) {
      expect(await eventsOf(id)).toEqual([]);
      expect(await jobsFor(id)).toEqual([]);
    }
  });

  it("refuses unpaid and cancelled orders, and bad input, and writes nothing", async () => {
    const pending = await createOrder(store.id, { status: "pending" });
    const cancelled = await createOrder(store.id, { status: "cancelled" });
    const unpaid = await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: pending.id, email: "confirmation" }),
      400,
    );
    expect(unpaid.message).toBe("This order has not been paid, so there is no confirmation email to resend.");
    const gone = await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: cancelled.id, email: "confirmation" }),
      400,
    );
    expect(gone.message).toBe("This order is cancelled, so its confirmation email should not go out again.");
    await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: pending.id, email: "invoice" }),
      400,
      "invalid_order_action",
    );
    await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: "nope", email: "confirmation" }),
      400,
    );
    for (const id of [pending.id, cancelled.id]) {
      expect(await eventsOf(id)).toEqual([]);
      expect(await jobsFor(id)).toEqual([]);
    }
  });

  it("does not find another store's order", async () => {
    const theirs = await createOrder(other.id);
    await expectAppError(
      resendOrderEmail(handle.db, queue, ana(), { orderId: theirs.id, email: "confirmation" }),
      404,
    );
    expect(await eventsOf(theirs.id, other.id)).toEqual([]);
    expect(await jobsFor(theirs.id)).toEqual([]);
  });
});

describe("resubmitOrder", () => {
  it("logs order.resubmitted as the person and queues submit-order, once at a time", async () => {
    const order = await createOrder(store.id);

    const result = await resubmitOrder(handle.db, queue, ana(), { orderId: order.id });

    const events = await eventsOf(order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: result.eventId,
      eventType: "order.resubmitted",
      level: "info",
      actorType: "user",
      actorId: userId,
      actorLabel: "Ana",
      source: "admin",
      payload: { provider: "Printify" },
      message: "Ana resubmitted the order to Printify",
    });
    const jobs = await jobsFor(order.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      id: result.jobId,
      name: "submit-order",
      data: {
        storeId: store.id,
        orderId: order.id,
        requestedBy: userId,
        correlationId: events[0]!.correlationId,
      },
    });

    // While that job waits, a second click would make two Printify orders: refused.
    const twice = await expectAppError(resubmitOrder(handle.db, queue, ana(), { orderId: order.id }), 400);
    expect(twice.message).toMatch(/already waiting to be submitted/);
    expect(await eventsOf(order.id)).toHaveLength(1);
    expect(await jobsFor(order.id)).toHaveLength(1);

    // Once it has finished (and failed), the person may try again.
    await handle.query("update pgboss.job set state = 'failed' where id = $1", [result.jobId]);
    await resubmitOrder(handle.db, queue, ana(), { orderId: order.id });
    expect(await jobsFor(order.id)).toHaveLength(2);
  });

  it("refuses an order already at Printify, an unpaid or cancelled one, and a store without a shop", async () => {
    const submitted = await createOrder(store.id, { status: "submitted", providerOrderId: "PFY-77" });
    const atPrintify = await expectAppError(
      resubmitOrder(handle.db, queue, ana(), { orderId: submitted.id }),
      400,
    );
    expect(atPrintify.message).toBe(
      "This order is already at Printify (PFY-77), so there is nothing to resubmit.",
    );
    const pending = await createOrder(store.id, { status: "pending" });
    await expectAppError(resubmitOrder(handle.db, queue, ana(), { orderId: pending.id }), 400);
    const cancelled = await createOrder(store.id, { status: "cancelled" });
    const refused = await expectAppError(
      resubmitOrder(handle.db, queue, ana(), { orderId: cancelled.id }),
      400,
    );
    expect(refused.message).toBe("This order is cancelled, so it cannot be sent to Printify.");

    const bare = await createStore(handle.db, "No shop");
    const order = await createOrder(bare);
    const noShop = await expectAppError(
      resubmitOrder(handle.db, queue, staffContext(bare, userId), { orderId: order.id }),
      400,
      "no_printify_shop",
    );
    expect(noShop.message).toMatch(/no Printify shop connected/);

    for (const o of [submitted, pending, cancelled]) {
      expect(await eventsOf(o.id)).toEqual([]);
      expect(await jobsFor(o.id)).toEqual([]);
    }
    expect(await rowsOfStore(handle.db, bare)).toEqual([]);
    expect(await jobsFor(order.id)).toEqual([]);
  });

  it("does not find another store's order", async () => {
    const theirs = await createOrder(other.id);
    await expectAppError(resubmitOrder(handle.db, queue, ana(), { orderId: theirs.id }), 404);
    expect(await eventsOf(theirs.id, other.id)).toEqual([]);
    expect(await jobsFor(theirs.id)).toEqual([]);
  });
});

describe("cancelOrder", () => {
  const cancel = (input: unknown, config = printifyConfig) =>
    cancelOrder(handle.db, ana(), input, { config });

  it("cancels a paid order as the person, says why, and resolves its open submission failures", async () => {
    const order = await createOrder(store.id);
    await logEvent(
      handle.db,
      systemContext(store.id),
      "order.submission_failed",
      { reason: "variant out of stock", attempt: 1, maxAttempts: 3, retryable: false, final: true },
      { orderId: order.id },
    );
    const before = Date.now();

    const result = await cancel({ orderId: order.id, reason: "  customer request " });

    expect(result).toMatchObject({ orderId: order.id, cancelledAtProvider: false });
    const after = await orderById(handle.db, order.id);
    expect(after.status).toBe("cancelled");
    expect(after.statusChangedAt!.getTime()).toBeGreaterThanOrEqual(before);
    const events = await eventsOf(order.id);
    const cancelled = events.find((e) => e.eventType === "order.cancelled");
    expect(cancelled).toMatchObject({
      id: result.eventId,
      level: "warning",
      visibility: "customer",
      actorType: "user",
      actorId: userId,
      actorLabel: "Ana",
      source: "admin",
      payload: { reason: "customer request", by: "staff" },
      message: "Cancelled: customer request",
    });
    const failure = events.find((e) => e.eventType === "order.submission_failed");
    expect(failure!.resolvedAt).not.toBeNull();
    expect(failure!.resolutionNote).toBe("Resolved automatically: Ana cancelled the order.");
    expect(await jobsFor(order.id)).toEqual([]);
  });

  it("cancels an order Printify still holds at Printify first", async () => {
    const providerOrderId = await printifyOrder("on-hold@example.com");
    const order = await createOrder(store.id, { status: "submitted", providerOrderId });

    const result = await cancel({ orderId: order.id, reason: "duplicate order" });

    expect(result.cancelledAtProvider).toBe(true);
    expect(sandboxStatus(providerOrderId)).toBe("canceled");
    expect(await orderById(handle.db, order.id)).toMatchObject({
      status: "cancelled",
      providerStatus: "canceled",
    });
    expect((await eventsOf(order.id)).map((e) => e.message)).toEqual(["Cancelled: duplicate order"]);
  });

  it("finds and cancels the Printify order of an interrupted submission", async () => {
    const order = await createOrder(store.id, { submissionStartedAt: new Date() });
    const client = createPrintifyClient({ baseUrl: `${served.url}/printify`, token: "t", timeoutMs: 2000 });
    const { id: providerOrderId } = await client.submitOrder(store.shopId, {
      external_id: order.id,
      label: "1043",
      line_items: [{ sku: "TEE-001-SAN-M", quantity: 1 }],
      shipping_method: 1,
      send_shipping_notification: false,
      address_to: {
        first_name: "Ada",
        last_name: "Lovelace",
        email: "interrupted@example.com",
        country: "GB",
        address1: "1 High St",
        city: "York",
        zip: "YO1 1AA",
      },
    });

    await cancel({ orderId: order.id, reason: "customer request" });

    expect(sandboxStatus(providerOrderId)).toBe("canceled");
    expect(await orderById(handle.db, order.id)).toMatchObject({ status: "cancelled", providerOrderId });
  });

  it("changes nothing when Printify refuses (already in production) or cannot be reached", async () => {
    const providerOrderId = await printifyOrder("printing@example.com", true);
    const order = await createOrder(store.id, { status: "in_production", providerOrderId });

    const refused = await expectAppError(
      cancel({ orderId: order.id, reason: "customer request" }),
      400,
      "provider_refused",
    );
    expect(refused.message).toBe(
      "Printify could not cancel this order (it is already in production) — contact Printify support. Nothing was changed here.",
    );
    expect(sandboxStatus(providerOrderId)).toBe("sending-to-production");

    const down = parseConfig({
      PRINTIFY_API_URL: `http://127.0.0.1:${await freePort()}`,
      PRINTIFY_API_TOKEN: "test-token",
    });
    const unreachable = await expectAppError(
      cancel({ orderId: order.id, reason: "customer request" }, down),
      502,
    );
    expect(unreachable.message).toMatch(/^Could not reach Printify to cancel the order/);

    expect((await orderById(handle.db, order.id)).status).toBe("in_production");
    expect(await eventsOf(order.id)).toEqual([]);
  });

  it("refuses while a submission job is running, since Printify may be creating the order", async () => {
    const order = await createOrder(store.id);
    const { jobId } = await resubmitOrder(handle.db, queue, ana(), { orderId: order.id });
    await handle.query("update pgboss.job set state = 'active' where id = $1", [jobId]);
    const before = (await eventsOf(order.id)).length;

    const running = await expectAppError(cancel({ orderId: order.id, reason: "customer request" }), 400);
    expect(running.message).toBe("This order is being sent to Printify right now. Try again in a minute.");
    expect((await orderById(handle.db, order.id)).status).toBe("paid");
    expect(await eventsOf(order.id)).toHaveLength(before);
  });

  it("refuses shipped, delivered, cancelled and refunded orders, and a missing reason, writing nothing", async () => {
    const cases: [OrderStatus, string][] = [
      ["shipped", "This order has already shipped, so it can no longer be cancelled."],
      ["delivered", "This order has already shipped, so it can no longer be cancelled."],
      ["cancelled", "This order is already cancelled."],
      ["refunded", "This order has been refunded, so there is nothing left to cancel."],
    ];
    for (const [status, message] of cases) {
      const order = await createOrder(store.id, { status, providerOrderId: "PFY-9" });
      const error = await expectAppError(cancel({ orderId: order.id, reason: "customer request" }), 400);
      expect(error.message).toBe(message);
      expect((await orderById(handle.db, order.id)).status).toBe(status);
      expect(await eventsOf(order.id)).toEqual([]);
    }
    const paid = await createOrder(store.id);
    const blank = await expectAppError(
      cancel({ orderId: paid.id, reason: "   " }),
      400,
      "invalid_order_action",
    );
    expect(blank.message).toBe("Say why the order is cancelled.");
    expect((await orderById(handle.db, paid.id)).status).toBe("paid");
    expect(await eventsOf(paid.id)).toEqual([]);
  });

  it("does not find another store's order", async () => {
    const theirs = await createOrder(other.id);
    await expectAppError(cancel({ orderId: theirs.id, reason: "peeking" }), 404);
    expect((await orderById(handle.db, theirs.id)).status).toBe("paid");
    expect(await eventsOf(theirs.id, other.id)).toEqual([]);
  });
});
