import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookDeliveries } from "@/db/schema";
import type { Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import { clearFaults } from "@/lib/demo/sandbox/faults";
import type { JobQueue } from "@/lib/jobs/queue";
import { followUpOrders } from "@/lib/orders/follow-up-orders";
import { submitOrder } from "@/lib/orders/submit-order";
import type { Config } from "@/lib/platform/config";
import { rowsOfStore, sleep } from "@/tests/helpers/activity-fixtures";
import { createShopStore, orderById, type ShopStore } from "@/tests/helpers/producer-fixtures";
import type { TestDatabase } from "@/tests/helpers/test-database";
import {
  insertPaidOrder,
  jobContext,
  jobsOf,
  openWorkerEnvironment,
  orderRows,
  typesOf,
  type WorkerEnvironment,
  waitFor,
} from "./worker-fixtures";

const STEP_MS = 150;

let env: WorkerEnvironment;
let handle: TestDatabase;
let queue: JobQueue;
let sandbox: Sandbox;
let store: ShopStore;
let config: Config;
let dropped = 0;

beforeAll(async () => {
  // No store is reachable for the sandbox's webhooks: every one of them is dropped.
  env = await openWorkerEnvironment({
    sandbox: {
      stepMs: STEP_MS,
      resolveShop: async () => {
        dropped++;
        return null;
      },
    },
  });
  ({ handle, sandbox, config, queue } = env);
  store = await createShopStore(handle.db, "Follow-up shop");
});

beforeEach(() => {
  clearFaults();
});

afterAll(async () => {
  await env?.close();
});

describe("follow-up-orders", () => {
  it("catches up on an order whose webhooks never arrived: each milestone once, status delivered", async () => {
    const order = await insertPaidOrder(handle, store, "quiet@example.com");
    const { providerOrderId } = (await submitOrder(
      { storeId: store.id, orderId: order.id },
      jobContext(handle, queue, config),
    )) as { providerOrderId: string };

    // Poll while the sandbox plays the order's life (and drops its three webhooks).
    const runs: Array<{ checked: number; changed: number; failed: number }> = [];
    const until = Date.now() + 15_000;
    for (;;) {
      runs.push(await followUpOrders({}, jobContext(handle, queue, config)));
      if ((await orderById(handle.db, order.id)).status === "delivered") break;
      if (Date.now() > until) throw new Error(`order never delivered: ${JSON.stringify(runs)}`);
      await sleep(40);
    }
    await sleep(STEP_MS);

    const remote = sandbox.orders().find((o) => o.id === providerOrderId)!;
    expect(remote.status).toBe("fulfilled");
    expect(dropped).toBeGreaterThanOrEqual(3);
    expect(await handle.db.select().from(webhookDeliveries)).toHaveLength(0);

    const rows = await orderRows(handle, store.id, order.id);
    expect(typesOf(rows)).toEqual([
      "order.submitted",
      "order.production",
      "order.shipped",
      "order.delivered",
    ]);
    const [, production, shipped, delivered] = rows;
    const followUp = { actorType: "worker", actorLabel: "Fulfilment follow-up", source: "worker" };
    expect(production).toMatchObject({ ...followUp, message: "In production at Printify", level: "info" });
    const shipment = remote.shipments[0]!;
    expect(shipped).toMatchObject({
      ...followUp,
      // The carrier code reads as its name; the payload keeps what Printify said.
      message: `Shipped via Royal Mail — tracking: ${shipment.number}`,
      payload: { carrier: "ROYAL-MAIL", trackingNumber: shipment.number, trackingUrl: shipment.url },
    });
    expect(delivered).toMatchObject({
      ...followUp,
      message: "Delivered",
      payload: { carrier: "ROYAL-MAIL" },
    });

    // Every poll that found nothing new wrote nothing: three changes in all, however many polls.
    expect(runs.reduce((sum, r) => sum + r.changed, 0)).toBe(3);
    expect(runs.every((r) => r.checked === 1 && r.failed === 0)).toBe(true);

    expect(await orderById(handle.db, order.id)).toMatchObject({
      status: "delivered",
      providerStatus: "fulfilled",
      providerOrderId,
    });
    expect((await jobsOf(handle, "send-order-email", order.id)).map((j) => j.data.email)).toEqual([
      "shipping",
    ]);

    // Run again: a delivered order is no longer asked about, and nothing is written.
    const before = await rowsOfStore(handle.db, store.id);
    expect(await followUpOrders({}, jobContext(handle, queue, config))).toEqual({
      checked: 0,
      changed: 0,
      failed: 0,
    });
    expect(await rowsOfStore(handle.db, store.id)).toEqual(before);
    expect(await jobsOf(handle, "send-order-email", order.id)).toHaveLength(1);
  });

  it("an order found only once Printify has delivered it: all three milestones in one poll, in lifecycle order", async () => {
    const order = await insertPaidOrder(handle, store, "late-look@example.com");
    const { providerOrderId } = (await submitOrder(
      { storeId: store.id, orderId: order.id },
      jobContext(handle, queue, config),
    )) as { providerOrderId: string };
    const remote = await waitFor(async () => {
      const found = sandbox.orders().find((o) => o.id === providerOrderId);
      return found?.shipments[0]?.delivered_at ? found : null;
    }, 10_000);

    expect(await followUpOrders({}, jobContext(handle, queue, config))).toEqual({
      checked: 1,
      changed: 3,
      failed: 0,
    });
    const rows = await orderRows(handle, store.id, order.id);
    expect(typesOf(rows)).toEqual([
      "order.submitted",
      "order.production",
      "order.shipped",
      "order.delivered",
    ]);
    const times = rows.map((r) => r.occurredAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(4);
    // Each milestone sits at Printify's own time (whole seconds, nudged into lifecycle order).
    const second = (printify: string | null | undefined) => new Date(printify!).getTime() / 1000;
    expect(Math.floor(times[2]! / 1000)).toBeGreaterThanOrEqual(second(remote.fulfilled_at));
    expect(Math.floor(times[3]! / 1000)).toBeGreaterThanOrEqual(second(remote.shipments[0]!.delivered_at));
    expect((await orderById(handle.db, order.id)).status).toBe("delivered");

    expect(await followUpOrders({}, jobContext(handle, queue, config))).toEqual({
      checked: 0,
      changed: 0,
      failed: 0,
    });
    expect(await orderRows(handle, store.id, order.id)).toEqual(rows);
  });
});
