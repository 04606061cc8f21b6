import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { Db } from "@/lib/platform/db/types";
import { isForwardMove } from "./order-progress";

export type Refund = {
  paymentIntentId: string;
  /** Everything refunded on the charge so far (Stripe's `amount_refunded`), minor units. */
  amountRefunded: number;
  currency: string;
  occurredAt: Date;
  reason?: string | null;
};

/**
 * Records a (partial or full) refund on the order paid by `paymentIntentId`. Stripe reports the
 * running total, so the event carries the difference from what we had: a redelivered or
 * out-of-date refund event adds nothing. A full refund moves the order to `refunded`.
 * Returns null when no order in this store was paid with that payment.
 */
export async function recordRefund(tx: Db, activity: ActivityContext, refund: Refund) {
  const [order] = await tx
    .select()
    .from(orders)
    .where(
      and(eq(orders.storeId, activity.storeId), eq(orders.stripePaymentIntentId, refund.paymentIntentId)),
    )
    .for("update")
    .limit(1);
  if (!order) return null;
  const delta = refund.amountRefunded - order.refundedAmount;
  if (delta <= 0) return { orderId: order.id, logged: false };

  const full = refund.amountRefunded >= order.totalAmount;
  const statusMoves = full && isForwardMove(order.status, "refunded");
  await tx
    .update(orders)
    .set({
      refundedAmount: refund.amountRefunded,
      ...(statusMoves ? { status: "refunded" as const, statusChangedAt: refund.occurredAt } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(orders.id, order.id), eq(orders.storeId, activity.storeId)));
  await logEvent(
    tx,
    activity,
    "order.refunded",
    {
      amount: delta,
      currency: refund.currency.toUpperCase(),
      partial: !full,
      ...(refund.reason ? { reason: refund.reason } : {}),
    },
    {
      orderId: order.id,
      occurredAt: refund.occurredAt,
      dedupeKey: `refund:${order.id}:${refund.amountRefunded}`,
    },
  );
  return { orderId: order.id, logged: true };
}
