import { and, eq } from "drizzle-orm";
import { type OrderStatus, orders } from "@/db/schema";
import { type ActivityContext, type LogResult, logEvent } from "@/lib/activity";
import { findOrderEventTime } from "@/lib/activity/read/find-order-event-time";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import type { JobSender } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { carrierTrackingUrl } from "@/lib/platform/format/carriers";
import { isForwardMove } from "./order-progress";

export type FulfilmentUpdate = {
  orderId: string;
  /** The milestone the provider reports. */
  status: Extract<OrderStatus, "in_production" | "shipped" | "delivered" | "cancelled">;
  /** When it happened, by the provider's own clock: the event is placed there on the timeline. */
  occurredAt: Date;
  providerStatus?: string | null;
  provider?: string;
  shipment?: { carrier: string; trackingNumber: string; trackingUrl?: string | null } | null;
  cancelReason?: string | null;
};

export type FulfilmentResult = { logged: boolean; statusChanged: boolean; status: OrderStatus };

/**
 * Applies a provider milestone to an order (from a webhook or the follow-up poll) and logs it.
 *
 * Invariants: each milestone is logged at most once per order (its dedupe key), at its own
 * `occurredAt`, so duplicates write nothing and out-of-order deliveries still read in order
 * on the timeline (a milestone the order has already passed is still logged: it happened);
 * the status only moves forward. A newly logged shipment enqueues the shipping email.
 * Must run inside the caller's transaction.
 */
export async function applyFulfilmentUpdate(
  tx: Db,
  jobs: JobSender,
  activity: ActivityContext,
  update: FulfilmentUpdate,
): Promise<FulfilmentResult | null> {
  const [order] = await tx
    .select({ id: orders.id, status: orders.status, statusChangedAt: orders.statusChangedAt })
    .from(orders)
    .where(and(eq(orders.id, update.orderId), eq(orders.storeId, activity.storeId)))
    .for("update")
    .limit(1);
  if (!order) return null;

  const statusChanged = isForwardMove(order.status, update.status);
  const submittedAt = await findOrderEventTime(tx, activity.storeId, order.id, "order.submitted");
  const floors = [submittedAt, statusChanged ? order.statusChangedAt : null];
  await tx
    .update(orders)
    .set({
      ...(statusChanged ? { status: update.status, statusChangedAt: placeMilestone(update, floors) } : {}),
      ...(update.providerStatus ? { providerStatus: update.providerStatus } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(orders.id, order.id), eq(orders.storeId, activity.storeId)));

  const on = {
    orderId: order.id,
    occurredAt: placeMilestone(update, floors),
    dedupeKey: `fulfilment:${order.id}:${update.status}`,
  };
  const provider = update.provider ?? "Printify";
  let result: LogResult | null = null;
  switch (update.status) {
    case "in_production":
      result = await logEvent(tx, activity, "order.production", { provider }, on);
      break;
    case "shipped":
      result = update.shipment
        ? await logEvent(
            tx,
            activity,
            "order.shipped",
            {
              carrier: update.shipment.carrier,
              trackingNumber: update.shipment.trackingNumber,
              ...trackingUrlOf(update.shipment),
            },
            on,
          )
        : null;
      break;
    case "delivered":
      result = await logEvent(tx, activity, "order.delivered", { carrier: update.shipment?.carrier }, on);
      break;
    case "cancelled":
      result = await logEvent(
        tx,
        activity,
        "order.cancelled",
        { reason: update.cancelReason ?? `cancelled at ${provider}`, by: "provider" },
        on,
      );
      break;
  }
  const logged = result?.status === "written";

  if (logged && (update.status === "shipped" || update.status === "delivered")) {
    await resolveSuperseded(tx, {
      storeId: activity.storeId,
      orderId: order.id,
      types: ["order.stuck"],
      payloadContains: { stage: "in_production" },
      note: `Resolved automatically: the order ${update.status === "shipped" ? "shipped" : "was delivered"}.`,
    });
  }
  if (logged && update.status === "shipped") {
    await jobs.send(tx, "send-order-email", {
      storeId: activity.storeId,
      orderId: order.id,
      email: "shipping",
      correlationId: activity.correlationId ?? null,
    });
  }
  return { logged, statusChanged, status: statusChanged ? update.status : order.status };
}

const milestoneRank = { in_production: 1, shipped: 2, delivered: 3, cancelled: 4 } as const;

/**
 * Where a milestone goes on the timeline. Printify's clock has whole seconds, so within one
 * second milestones are placed in lifecycle order (a few ms apart), and never before the
 * steps they follow that we stamped ourselves (the submission; the status they move on from)
 * when those fall in the same second.
 */
export function placeMilestone(update: FulfilmentUpdate, floors: Array<Date | null | undefined>): Date {
  const rank = milestoneRank[update.status];
  let at = update.occurredAt.getTime();
  if (at % 1000 === 0) at += rank;
  for (const floor of floors) {
    const f = floor?.getTime();
    if (f !== undefined && at <= f && f - at < 1000) at = f + rank;
  }
  return new Date(at);
}

/** The provider's tracking link, or the carrier's own page for the number when it gave none. */
function trackingUrlOf(shipment: { carrier: string; trackingNumber: string; trackingUrl?: string | null }) {
  const url = shipment.trackingUrl || carrierTrackingUrl(shipment.carrier, shipment.trackingNumber);
  return url ? { trackingUrl: url } : {};
}
