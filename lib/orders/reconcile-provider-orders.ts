import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { orders, stores } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { printProvider } from "@/lib/activity/catalog/provider-names";
import { workerContext } from "@/lib/activity/write/activity-context";
import type { JobContext } from "@/lib/jobs/queue";
import { describeFailure } from "@/lib/platform/describe-failure";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { parsePrintifyTime } from "@/lib/providers/printify/parse-printify-time";
import type { PrintifyOrder } from "@/lib/providers/printify/types";

/** How far back each run reads the shop's orders: a day and a half covers any missed hourly run. */
export const RECONCILE_WINDOW_MS = 36 * 60 * 60_000;
/** A submission still in flight may have an answer it has not recorded yet: leave it this long. */
const IN_FLIGHT_MS = 30 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Periodic job `reconcile-provider-orders`: reads each connected shop's recent Printify orders
 * (newest first, back to the window) and, for every one carrying our order id as its external
 * id that is not the provider order we recorded for it, logs `order.provider_order_unknown`
 * (an error, on that order; once per provider order). That is the trace of a submission we
 * never learnt about — made twice, or made while we thought it failed — which no one would
 * otherwise see until the customer got two parcels.
 */
export async function reconcileProviderOrders(_data: unknown, job: JobContext, now = new Date()) {
  const client = getPrintifyClient(job.config);
  const shops = await job.db
    .select({ storeId: stores.id, shopId: stores.printifyShopId })
    .from(stores)
    .where(isNotNull(stores.printifyShopId));
  let read = 0;
  let found = 0;
  const failures: string[] = [];
  for (const { storeId, shopId } of shops) {
    try {
      const recent = await recentProviderOrders(client, shopId!, now.getTime() - RECONCILE_WINDOW_MS);
      read += recent.length;
      found += await reconcileShop(job, storeId, recent, now);
    } catch (error) {
      failures.push(`${shopId}: ${describeFailure(error)}`);
    }
  }
  if (failures.length)
    console.warn(`[reconcile] ${failures.length} shop(s) not read: ${failures.join("; ")}`);
  return { shops: shops.length, read, found, failed: failures.length };
}

async function recentProviderOrders(
  client: ReturnType<typeof getPrintifyClient>,
  shopId: string,
  sinceMs: number,
): Promise<PrintifyOrder[]> {
  const recent: PrintifyOrder[] = [];
  for await (const order of client.ordersNewestFirst(shopId, { createdSince: sinceMs })) {
    const at = parsePrintifyTime(order.created_at);
    if (at === null || at.getTime() >= sinceMs) recent.push(order);
  }
  return recent;
}

async function reconcileShop(
  job: JobContext,
  storeId: string,
  recent: PrintifyOrder[],
  now: Date,
): Promise<number> {
  const byOrderId = new Map<string, PrintifyOrder[]>();
  for (const remote of recent) {
    const externalId = remote.external_id ?? remote.metadata?.shop_order_id ?? null;
    if (!externalId || !UUID.test(externalId)) continue;
    byOrderId.set(externalId, [...(byOrderId.get(externalId) ?? []), remote]);
  }
  if (byOrderId.size === 0) return 0;
  const ours = await job.db
    .select({
      id: orders.id,
      providerOrderId: orders.providerOrderId,
      submissionStartedAt: orders.submissionStartedAt,
    })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), inArray(orders.id, [...byOrderId.keys()])));
  const activity = workerContext(storeId, "Reconciliation worker", null);
  let found = 0;
  for (const order of ours) {
    const inFlight =
      order.providerOrderId === null &&
      order.submissionStartedAt !== null &&
      now.getTime() - order.submissionStartedAt.getTime() < IN_FLIGHT_MS;
    if (inFlight) continue;
    for (const remote of byOrderId.get(order.id) ?? []) {
      if (remote.id === order.providerOrderId) continue;
      const logged = await logEvent(
        job.db,
        activity,
        "order.provider_order_unknown",
        { provider: printProvider, providerOrderId: remote.id, knownProviderOrderId: order.providerOrderId },
        { orderId: order.id, dedupeKey: `provider-order-unknown:${remote.id}` },
      );
      if (logged.status === "written") found++;
    }
  }
  return found;
}
