import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orders, productVariants } from "@/db/schema";
import { clearFaults, getFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, ReportedJobError } from "@/lib/jobs/queue";
import { completeOrder } from "@/lib/orders/complete-order";
import type { Config } from "@/lib/platform/config";
import { getStripe } from "@/lib/providers/stripe/get-stripe";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import { createShopStore, type ShopStore, stripeRequest } from "@/tests/helpers/producer-fixtures";
import type { TestDatabase } from "@/tests/helpers/test-database";
import {
  itemsOf,
  jobContext,
  jobsOf,
  openWorkerEnvironment,
  orderRows,
  typesOf,
  type WorkerEnvironment,
  waitForJob,
} from "./worker-fixtures";

let env: WorkerEnvironment;
let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
let config: Config;

beforeAll(async () => {
  env = await openWorkerEnvironment({
    env: (url) => ({
      STRIPE_API_URL: `${url}/stripe`,
      SUBMISSION_MAX_ATTEMPTS: "3",
      SUBMISSION_RETRY_DELAY_SECONDS: "1",
    }),
  });
  ({ handle, config, queue } = env);
  // Only intake runs here: the submission and email it queues stay in pg-boss to be counted.
  await queue.work({ "complete-order": completeOrder }, { pollingIntervalSeconds: 0.5 });
  store = await createShopStore(handle.db, "Intake shop");
});

beforeEach(() => {
  clearFaults();
});

afterAll(async () => {
  await env?.close();
});

/** A customer pays at the sandbox's Stripe Checkout; its webhook creates the order and queues intake. */
async function checkout(email: string) {
  const session = await getStripe(config).checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    success_url: "http://localhost/thanks",
    line_items: [
      {
        quantity: 2,
        price_data: {
          currency: "gbp",
          unit_amount: 1500,
          product_data: { name: "Classic tee — M", metadata: { sku: store.skus[0]! } },
        },
      },
      {
        quantity: 1,
        price_data: {
          currency: "gbp",
          unit_amount: 1200,
          product_data: { name: "Mug — 11oz", metadata: { sku: store.skus[2]! } },
        },
      },
    ],
  });
  const event = stripeEvent({ type: "checkout.session.completed", object: session as never });
  const response = await processWebhook(
    { db: handle.db, jobs: queue, config: config },
    stripeRequest(store.slug, event, store.stripeSecret),
    store.slug,
    stripeWebhook,
  );
  expect(response.status).toBe(200);
  const [order] = await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  return { order: order!, session, event };
}

async function variantBySku(sku: string) {
  const [variant] = await handle.db.select().from(productVariants).where(eq(productVariants.sku, sku));
  return variant!;
}

describe("complete-order", () => {
  it("loads the line items and queues the submission and confirmation email once", async () => {
    const { order, session, event } = await checkout("intake@example.com");
    const [job] = await jobsOf(handle, "complete-order", order.id);
    const done = await waitForJob(handle, job!.id);
    expect(done).toMatchObject({ state: "completed", retry_count: 0, output: { items: 2 } });

    const tee = await variantBySku(store.skus[0]!);
    const mug = await variantBySku(store.skus[2]!);
    expect(
      (await itemsOf(handle, order.id)).map((i) => [i.sku, i.title, i.quantity, i.unitAmount, i.totalAmount]),
    ).toEqual([
      [store.skus[0], "Classic tee — M", 2, 1500, 3000],
      [store.skus[2], "Mug — 11oz", 1, 1200, 1200],
    ]);
    expect((await itemsOf(handle, order.id)).map((i) => [i.variantId, i.productId, i.variantTitle])).toEqual([
      [tee.id, tee.productId, "M"],
      [mug.id, mug.productId, "11oz"],
    ]);

    // Nothing went wrong, so there is nothing to say beyond the order itself.
    expect(typesOf(await orderRows(handle, store.id, order.id))).toEqual(["order.created"]);
    const submit = await jobsOf(handle, "submit-order", order.id);
    const email = await jobsOf(handle, "send-order-email", order.id);
    expect(submit.map((j) => j.data)).toEqual([
      { storeId: store.id, orderId: order.id, correlationId: event.id },
    ]);
    expect(email.map((j) => j.data)).toEqual([
      { storeId: store.id, orderId: order.id, correlationId: event.id, email: "confirmation" },
    ]);
    expect(session.id).toBe(order.stripeCheckoutSessionId);

    // Run again (a redelivered job): the items are there, so nothing is loaded or queued twice.
    const again = await completeOrder(
      { storeId: store.id, orderId: order.id, checkoutSessionId: session.id, correlationId: event.id },
      jobContext(handle, queue, config),
    );
    expect(again).toEqual({ skipped: "items already loaded" });
    expect(await itemsOf(handle, order.id)).toHaveLength(2);
    expect(await jobsOf(handle, "submit-order", order.id)).toHaveLength(1);
    expect(await jobsOf(handle, "send-order-email", order.id)).toHaveLength(1);
  });

  it("Stripe down for two attempts: one details_missing warning, resolved when the items load, through the queue", async () => {
    // The SDK retries once by itself, so four 503s fail two attempts of the job.
    setFaults("outage@example.com", { stripe_503: 4 });
    const { order, event } = await checkout("outage@example.com");
    const [job] = await jobsOf(handle, "complete-order", order.id);
    const done = await waitForJob(handle, job!.id);
    expect(done).toMatchObject({ state: "completed", retry_count: 2, output: { items: 2 } });
    expect(getFaults("outage@example.com").stripe_503).toBe(0);

    const rows = await orderRows(handle, store.id, order.id);
    expect(typesOf(rows)).toEqual(["order.created", "order.details_missing", "order.details_completed"]);
    const [, missing, completed] = rows;
    expect(missing).toMatchObject({
      level: "warning",
      actorType: "worker",
      actorLabel: "Order intake worker",
      correlationId: event.id,
      payload: { missing: "line items from Stripe" },
      resolvedBy: null,
      resolutionNote: "Resolved automatically: the line items were loaded from Stripe on attempt 3.",
    });
    expect(missing!.resolvedAt).toBeInstanceOf(Date);
    expect(String(missing!.payload.reason)).toMatch(/temporarily unavailable/);
    expect(missing!.message).toMatch(
      /^Could not load the line items from Stripe \(.*temporarily unavailable.*\); the order was created from the payment's totals and will be completed automatically$/,
    );
    expect(completed).toMatchObject({
      level: "info",
      message: "Loaded 2 line items from Stripe",
      payload: { items: 2, source: "Stripe" },
      resolvedAt: null,
    });

    expect(await itemsOf(handle, order.id)).toHaveLength(2);
    expect((await jobsOf(handle, "submit-order", order.id)).map((j) => j.data)).toEqual([
      { storeId: store.id, orderId: order.id, correlationId: event.id },
    ]);
    expect((await jobsOf(handle, "send-order-email", order.id)).map((j) => j.data.email)).toEqual([
      "confirmation",
    ]);
  });

  it("called directly: each failed attempt rethrows as reported, and the warning is written once", async () => {
    const jobId = "00000000-0000-4000-8000-00000000b001";
    // An order the queue's worker never sees: this test plays the attempts itself.
    const { order, session } = await checkoutWithoutIntake("direct@example.com");
    const data = { storeId: store.id, orderId: order.id, checkoutSessionId: session.id };

    setFaults("direct@example.com", { stripe_503: 4 });
    for (const attempt of [1, 2]) {
      const error = await completeOrder(
        data,
        jobContext(handle, queue, config, { jobId, attempt, maxAttempts: 6 }),
      )
        .then(() => null)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportedJobError);
    }
    expect(typesOf(await orderRows(handle, store.id, order.id))).toEqual(["order.details_missing"]);
    expect(await jobsOf(handle, "submit-order", order.id)).toHaveLength(0);

    expect(
      await completeOrder(data, jobContext(handle, queue, config, { jobId, attempt: 3, maxAttempts: 6 })),
    ).toEqual({ items: 2 });
    const rows = await orderRows(handle, store.id, order.id);
    expect(typesOf(rows)).toEqual(["order.details_missing", "order.details_completed"]);
    expect(rows[0]!.resolutionNote).toBe(
      "Resolved automatically: the line items were loaded from Stripe on attempt 3.",
    );
    expect(await jobsOf(handle, "submit-order", order.id)).toHaveLength(1);
    expect(await jobsOf(handle, "send-order-email", order.id)).toHaveLength(1);
  });
});

/** A paid order for a sandbox session, inserted as the webhook would but without queueing intake. */
async function checkoutWithoutIntake(email: string) {
  const session = await getStripe(config).checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    success_url: "http://localhost/thanks",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "gbp",
          unit_amount: 1500,
          product_data: { name: "Classic tee — L", metadata: { sku: store.skus[1]! } },
        },
      },
      {
        quantity: 3,
        price_data: { currency: "gbp", unit_amount: 1200, product_data: { name: "Gift note" } },
      },
    ],
  });
  const [order] = await handle.db
    .insert(orders)
    .values({
      storeId: store.id,
      status: "paid",
      currency: "GBP",
      totalAmount: session.amount_total ?? 0,
      customerEmail: email,
      stripeCheckoutSessionId: session.id,
      publicToken: `tok-${session.id}`,
      shippingAddress: {
        name: "Dee Rect",
        line1: "1 Sample Street",
        city: "London",
        postalCode: "N1",
        country: "GB",
      },
    })
    .returning();
  return { order: order!, session };
}
