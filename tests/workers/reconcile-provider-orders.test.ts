import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import type { JobQueue } from "@/lib/jobs/queue";
import { reconcileProviderOrders } from "@/lib/orders/reconcile-provider-orders";
import { submitOrder } from "@/lib/orders/submit-order";
import { toPrintifyOrder } from "@/lib/orders/to-printify-order";
import type { Config } from "@/lib/platform/config";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { createShopStore, orderById, type ShopStore } from "@/tests/helpers/producer-fixtures";
import type { TestDatabase } from "@/tests/helpers/test-database";
import {
  insertPaidOrder,
  itemsOf,
  jobContext,
  openWorkerEnvironment,
  orderRows,
  type WorkerEnvironment,
} from "./worker-fixtures";

let env: WorkerEnvironment;
let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
let config: Config;

beforeAll(async () => {
  env = await openWorkerEnvironment();
  ({ handle, config, queue } = env);
  store = await createShopStore(handle.db, "Reconciled shop");
});

afterAll(async () => {
  await env?.close();
});

const unknownEvents = async (orderId: string) =>
  (await orderRows(handle, store.id, orderId)).filter((r) => r.eventType === "order.provider_order_unknown");

describe("reconcile-provider-orders", () => {
  it("logs a Printify order carrying our id that we never recorded, once, as an error on its order", async () => {
    // A normal order: submitted and recorded. Reconciliation finds nothing to say about it.
    const fine = await insertPaidOrder(handle, store, "fine@example.com");
    await submitOrder({ storeId: store.id, orderId: fine.id }, jobContext(handle, queue, config));

    // Another whose submission reached Printify twice: once recorded, once not.
    const doubled = await insertPaidOrder(handle, store, "doubled@example.com");
    await submitOrder({ storeId: store.id, orderId: doubled.id }, jobContext(handle, queue, config));
    const recorded = (await orderById(handle.db, doubled.id)).providerOrderId!;
    const printify = getPrintifyClient(config);
    const stray = await printify.submitOrder(
      store.shopId,
      toPrintifyOrder(await orderById(handle.db, doubled.id), await itemsOf(handle, doubled.id)),
    );

    // And one we think never got there (its attempt long over), which Printify has.
    const lost = await insertPaidOrder(handle, store, "lost@example.com");
    await handle.db
      .update(orders)
      .set({ submissionStartedAt: new Date(Date.now() - 3 * 60 * 60_000) })
      .where(and(eq(orders.id, lost.id), eq(orders.storeId, store.id)));
    const unseen = await printify.submitOrder(
      store.shopId,
      toPrintifyOrder(await orderById(handle.db, lost.id), await itemsOf(handle, lost.id)),
    );

    const first = await reconcileProviderOrders({}, jobContext(handle, queue, config));
    expect(first).toMatchObject({ found: 2, failed: 0 });
    expect(await unknownEvents(fine.id)).toHaveLength(0);
    const [twice] = await unknownEvents(doubled.id);
    expect(twice).toMatchObject({
      level: "error",
      resolvedAt: null,
      payload: { provider: "Printify", providerOrderId: stray.id, knownProviderOrderId: recorded },
    });
    expect(twice!.message).toContain("may be made twice");
    const [never] = await unknownEvents(lost.id);
    expect(never).toMatchObject({ payload: { providerOrderId: unseen.id, knownProviderOrderId: null } });

    // The next run says nothing new.
    expect(await reconcileProviderOrders({}, jobContext(handle, queue, config))).toMatchObject({ found: 0 });
    expect(await unknownEvents(doubled.id)).toHaveLength(1);
  });

  it("leaves alone a submission still in flight (Printify has it; our attempt has not recorded it yet)", async () => {
    const busy = await insertPaidOrder(handle, store, "busy@example.com");
    await handle.db
      .update(orders)
      .set({ submissionStartedAt: new Date() })
      .where(and(eq(orders.id, busy.id), eq(orders.storeId, store.id)));
    await getPrintifyClient(config).submitOrder(
      store.shopId,
      toPrintifyOrder(await orderById(handle.db, busy.id), await itemsOf(handle, busy.id)),
    );
    await reconcileProviderOrders({}, jobContext(handle, queue, config));
    expect(await unknownEvents(busy.id)).toHaveLength(0);
  });
});
