import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { Db } from "@/lib/platform/db/types";

export type PaymentFailure = {
  paymentIntentId: string;
  reason: string;
  amount: number | null;
  currency: string | null;
  email: string | null;
  occurredAt: Date;
};

/**
 * Records a failed payment. Usually no order exists yet (the checkout never completed), so
 * the event stands on its own; when an order was paid with this payment it goes on its timeline.
 */
export async function recordPaymentFailure(tx: Db, activity: ActivityContext, failure: PaymentFailure) {
  const [order] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(eq(orders.storeId, activity.storeId), eq(orders.stripePaymentIntentId, failure.paymentIntentId)),
    )
    .limit(1);
  return logEvent(
    tx,
    activity,
    "order.payment_failed",
    {
      reason: failure.reason,
      ...(failure.amount != null && failure.currency
        ? { amount: failure.amount, currency: failure.currency.toUpperCase() }
        : {}),
      ...(failure.email ? { email: failure.email.toLowerCase() } : {}),
    },
    {
      orderId: order?.id ?? null,
      entity: { type: "order", id: order?.id ?? null },
      occurredAt: failure.occurredAt,
    },
  );
}
