import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { orders, stores } from "@/db/schema";
import { workerContext } from "@/lib/activity/write/activity-context";
import type { JobContext } from "@/lib/jobs/queue";
import { describeFailure } from "@/lib/platform/describe-failure";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { parsePrintifyTime } from "@/lib/providers/printify/parse-printify-time";
import type { PrintifyOrder } from "@/lib/providers/printify/types";
import { applyFulfilmentUpdate, type FulfilmentUpdate } from "./apply-fulfilment-update";
import { fromProviderStatus, inFlightStatuses } from "./order-progress";

const BATCH = 100;

/**
 * Periodic job `follow-up-orders`: asks Printify about orders still in flight, so a webhook
 * that never arrived is caught. Same rules as the webhook (`applyFulfilmentUpdate`): each
 * milestone logged once, status only forward — a poll that finds nothing new writes nothing.
 * The orders heard from longest ago go first.
 */
export async function followUpOrders(_data: unknown, job: JobContext) {
  const client = getPrintifyClient(job.config);
  const rows = await job.db
    .select({
      id: orders.id,
      storeId: orders.storeId,
      providerOrderId: orders.providerOrderId,
      shopId: stores.printifyShopId,
    })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(
      and(
        inArray(orders.status, [...inFlightStatuses]),
        isNotNull(orders.providerOrderId),
        isNotNull(stores.printifyShopId),
      ),
    )
    .orderBy(asc(orders.updatedAt))
    .limit(BATCH);

  let checked = 0;
  let changed = 0;
  const failures: string[] = [];
  for (const row of rows) {
    try {
      const remote = await client.getOrder(row.shopId!, row.providerOrderId!);
      checked++;
      const activity = workerContext(row.storeId, "Fulfilment follow-up", null);
      for (const update of milestones(row.id, remote)) {
        const result = await job.db.transaction((tx) =>
          applyFulfilmentUpdate(tx, job.queue, activity, update),
        );
        if (result?.logged || result?.statusChanged) changed++;
      }
    } catch (error) {
      failures.push(`${row.providerOrderId}: ${describeFailure(error)}`);
    }
  }
  if (failures.length)
    console.warn(`[follow-up] ${failures.length} order(s) not checked: ${failures.slice(0, 3).join("; ")}`);
  return { checked, changed, failed: failures.length };
}

/** What the provider's view of an order says happened, oldest first. */
export function milestones(orderId: string, remote: PrintifyOrder): FulfilmentUpdate[] {
  const now = new Date();
  const status = fromProviderStatus(remote.status);
  const shipment = remote.shipments?.[0];
  const updates: FulfilmentUpdate[] = [];
  if (status === "cancelled")
    return [
      {
        orderId,
        status: "cancelled",
        occurredAt: now,
        providerStatus: remote.status,
        cancelReason: "cancelled by Printify",
      },
    ];
  if (status || shipment)
    updates.push({
      orderId,
      status: "in_production",
      occurredAt: parsePrintifyTime(remote.sent_to_production_at) ?? now,
      providerStatus: remote.status,
    });
  if (shipment)
    updates.push({
      orderId,
      status: "shipped",
      occurredAt: parsePrintifyTime(remote.fulfilled_at) ?? now,
      providerStatus: remote.status,
      shipment: {
        carrier: shipment.carrier.toUpperCase(),
        trackingNumber: shipment.number,
        trackingUrl: shipment.url ?? null,
      },
    });
  const deliveredAt = parsePrintifyTime(shipment?.delivered_at);
  if (deliveredAt || status === "delivered")
    updates.push({
      orderId,
      status: "delivered",
      occurredAt: deliveredAt ?? now,
      providerStatus: remote.status,
      shipment: shipment
        ? { carrier: shipment.carrier.toUpperCase(), trackingNumber: shipment.number }
        : null,
    });
  return updates;
}
