import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { printifyWebhook } from "@/lib/webhooks/printify/printify-webhook";
import { rowsOfStore } from "@/tests/helpers/activity-fixtures";
import {
  createShopStore,
  createSubmittedOrder,
  orderById,
  printifyEvent,
  printifyRequest,
  printifyTime,
  type ShopStore,
} from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
const config = parseConfig({});

beforeAll(async () => {
  handle = await createTestDatabase();
  const spool = useTestSpool();
  await spool.spool.init();
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  store = await createShopStore(handle.db, "Printify shop");
});

afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

const deliver = (envelope: unknown, signature?: string) =>
  processWebhook(
    { db: handle.db, jobs: queue, config: config },
    printifyRequest(store.slug, envelope, store.printifySecret, { signature }),
    store.slug,
    printifyWebhook,
  );

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const carrier = { code: "dhl", tracking_number: "1Z999AA10123456784" };

async function timeline(orderId: string) {
  return (await rowsOfStore(handle.db, store.id)).filter((r) => r.orderId === orderId);
}

describe("Printify order webhooks", () => {
  it("moves an order through production, shipment and delivery, each at its own time, and queues the shipping email", async () => {
    const order = await createSubmittedOrder(handle.db, store);
    const production = printifyEvent(
      "order:sent-to-production",
      order.providerOrderId!,
      { shop_id: store.shopId, status: "in-production" },
      minutesAgo(30),
    );
    const shippedAt = minutesAgo(20);
    const shipped = printifyEvent(
      "order:shipment:created",
      order.providerOrderId!,
      { shop_id: store.shopId, shipped_at: printifyTime(shippedAt), carrier, skus: [] },
      minutesAgo(19),
    );
    const delivered = printifyEvent(
      "order:shipment:delivered",
      order.providerOrderId!,
      { shop_id: store.shopId, delivered_at: printifyTime(minutesAgo(10)), carrier, skus: [] },
      minutesAgo(9),
    );
    for (const event of [production, shipped, delivered]) expect((await deliver(event)).status).toBe(200);

    expect((await orderById(handle.db, order.id)).status).toBe("delivered");
    const rows = await timeline(order.id);
    expect(rows.map((r) => r.eventType)).toEqual(["order.production", "order.shipped", "order.delivered"]);
    expect(rows[1]).toMatchObject({
      message: "Shipped via DHL — tracking: 1Z999AA10123456784",
      actorLabel: "Printify",
      correlationId: shipped.id,
    });
    // Placed by the shipment's own time (Printify's timestamps have whole seconds), not the delivery's.
    // (within its second, milestones are kept in lifecycle order a few ms apart).
    expect(Math.floor(rows[1]!.occurredAt.getTime() / 1000)).toBe(Math.floor(shippedAt.getTime() / 1000));
    const jobs = await handle.query<{ name: string; data: { email: string } }>(
      "select name, data from pgboss.job where data->>'orderId' = $1",
      [order.id],
    );
    expect(jobs.map((j) => [j.name, j.data.email])).toEqual([["send-order-email", "shipping"]]);
  });

  it("never moves an order backwards: out-of-order deliveries are placed by their own timestamps", async () => {
    const order = await createSubmittedOrder(handle.db, store);
    const id = order.providerOrderId!;
    const delivered = printifyEvent(
      "order:shipment:delivered",
      id,
      { delivered_at: printifyTime(minutesAgo(5)), carrier },
      minutesAgo(5),
    );
    const shipped = printifyEvent(
      "order:shipment:created",
      id,
      { shipped_at: printifyTime(minutesAgo(15)), carrier },
      minutesAgo(15),
    );
    const production = printifyEvent(
      "order:sent-to-production",
      id,
      { status: "in-production" },
      minutesAgo(25),
    );
    for (const event of [delivered, shipped, production]) expect((await deliver(event)).status).toBe(200);
    expect((await orderById(handle.db, order.id)).status).toBe("delivered");
    const rows = await timeline(order.id);
    expect(rows.map((r) => r.eventType)).toEqual(["order.production", "order.shipped", "order.delivered"]);
    expect(rows.map((r) => r.occurredAt.getTime())).toEqual(
      [...rows.map((r) => r.occurredAt.getTime())].sort(),
    );
  });

  it("logs a status event only when something changed: duplicates and repeated milestones write nothing", async () => {
    const order = await createSubmittedOrder(handle.db, store);
    const production = printifyEvent("order:sent-to-production", order.providerOrderId!, {
      status: "in-production",
    });
    expect((await deliver(production)).status).toBe(200);
    expect((await deliver(production)).status).toBe(200);
    // The same milestone again, under a new event id (Printify's order:updated repeating it).
    const repeat = printifyEvent("order:updated", order.providerOrderId!, { status: "in-production" });
    expect((await deliver(repeat)).status).toBe(200);
    expect((await timeline(order.id)).map((r) => r.eventType)).toEqual(["order.production"]);
  });

  it("a cancellation ends the order; a late production event does not revive it", async () => {
    const order = await createSubmittedOrder(handle.db, store);
    expect(
      (
        await deliver(
          printifyEvent("order:updated", order.providerOrderId!, { status: "canceled" }, minutesAgo(1)),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await deliver(
          printifyEvent(
            "order:sent-to-production",
            order.providerOrderId!,
            { status: "in-production" },
            minutesAgo(10),
          ),
        )
      ).status,
    ).toBe(200);
    expect((await orderById(handle.db, order.id)).status).toBe("cancelled");
    const rows = await timeline(order.id);
    expect(rows.map((r) => r.eventType)).toEqual(["order.production", "order.cancelled"]);
    expect(rows[1]).toMatchObject({ level: "warning", message: "Cancelled: cancelled by Printify" });
  });

  it("an order we do not know is acknowledged with a debug event; other statuses are remembered silently", async () => {
    const unknown = printifyEvent("order:sent-to-production", "no-such-order", { status: "in-production" });
    expect((await deliver(unknown)).status).toBe(200);
    const [row] = (await rowsOfStore(handle.db, store.id)).filter((r) => r.correlationId === unknown.id);
    expect(row).toMatchObject({ eventType: "webhook.ignored", visibility: "debug" });

    const order = await createSubmittedOrder(handle.db, store);
    expect(
      (await deliver(printifyEvent("order:updated", order.providerOrderId!, { status: "on-hold" }))).status,
    ).toBe(200);
    expect(await orderById(handle.db, order.id)).toMatchObject({
      status: "submitted",
      providerStatus: "on-hold",
    });
    expect(await timeline(order.id)).toHaveLength(0);
  });

  it("a bad signature, malformed JSON or missing shipment data are 400s with a webhook.rejected warning", async () => {
    const order = await createSubmittedOrder(handle.db, store);
    const event = printifyEvent("order:sent-to-production", order.providerOrderId!, {
      status: "in-production",
    });
    const bad = await deliver(event, `sha256=${"0".repeat(64)}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_signature");
    const noCarrier = await deliver(
      printifyEvent("order:shipment:created", order.providerOrderId!, {
        shipped_at: "2026-01-01 10:00:00+00:00",
      }),
    );
    expect(noCarrier.status).toBe(400);
    expect((await noCarrier.json()).error.message).toContain("carrier");
    const rejected = (await rowsOfStore(handle.db, store.id)).filter(
      (r) => r.eventType === "webhook.rejected",
    );
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(rejected[0]!.message).toBe(
      "Rejected a Printify webhook: The Printify signature does not match this store's secret.",
    );
    expect((await orderById(handle.db, order.id)).status).toBe("submitted");
  });
});
