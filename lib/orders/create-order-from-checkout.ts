import { randomBytes } from "node:crypto";
import { and, eq, gte, isNull, lte } from "drizzle-orm";
import { abandonedCheckouts, orders, type ShippingAddress } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { JobSender } from "@/lib/jobs/queue";
import { pipelined } from "@/lib/platform/db/pipelined";
import type { Db } from "@/lib/platform/db/types";

/** A paid checkout, in our terms (the Stripe handler maps its session to this). */
export type PaidCheckout = {
  sessionId: string;
  paymentIntentId: string | null;
  email: string;
  name: string | null;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  shippingAddress: ShippingAddress | null;
  /** When the payment happened (the provider's timestamp). */
  paidAt: Date;
};

const RECOVERY_WINDOW_DAYS = 30;

/**
 * Records a paid checkout as an order, in the caller's transaction: the order (from the
 * payment's totals), `order.created`, and the job that loads its line items and then submits
 * it. Idempotent per checkout session: a second call for the same session changes nothing and
 * returns `created: false`. A recent abandoned checkout by the same customer is marked
 * recovered.
 */
export async function createOrderFromCheckout(
  tx: Db,
  jobs: JobSender,
  activity: ActivityContext,
  checkout: PaidCheckout,
): Promise<{ orderId: string; number: number; created: boolean }> {
  const [inserted] = await tx
    .insert(orders)
    .values({
      storeId: activity.storeId,
      status: "paid",
      statusChangedAt: checkout.paidAt,
      currency: checkout.currency.toUpperCase(),
      subtotalAmount: checkout.subtotal,
      shippingAmount: checkout.shipping,
      taxAmount: checkout.tax,
      totalAmount: checkout.total,
      customerEmail: checkout.email.toLowerCase(),
      customerName: checkout.name,
      shippingAddress: checkout.shippingAddress,
      stripeCheckoutSessionId: checkout.sessionId,
      stripePaymentIntentId: checkout.paymentIntentId,
      publicToken: randomBytes(24).toString("base64url"),
      placedAt: checkout.paidAt,
    })
    .onConflictDoNothing({ target: [orders.storeId, orders.stripeCheckoutSessionId] })
    .returning({ id: orders.id, number: orders.number })
    // Prepared, as every statement on the webhook path: no round trip to describe its parameters.
    .prepare("order_from_checkout_insert")
    .execute();

  if (!inserted) {
    const [existing] = await tx
      .select({ id: orders.id, number: orders.number })
      .from(orders)
      .where(
        and(eq(orders.storeId, activity.storeId), eq(orders.stripeCheckoutSessionId, checkout.sessionId)),
      )
      .limit(1);
    return { orderId: existing!.id, number: existing!.number, created: false };
  }

  // Three statements that need only the order: one round trip on a server.
  await pipelined([
    logEvent(
      tx,
      activity,
      "order.created",
      {
        amount: checkout.total,
        currency: checkout.currency.toUpperCase(),
        via: "Stripe",
        orderNumber: inserted.number,
      },
      { orderId: inserted.id, occurredAt: checkout.paidAt, dedupeKey: `order-created:${checkout.sessionId}` },
    ),
    jobs.send(tx, "complete-order", {
      storeId: activity.storeId,
      orderId: inserted.id,
      checkoutSessionId: checkout.sessionId,
      correlationId: activity.correlationId ?? null,
    }),
    markRecovered(tx, activity, checkout, inserted.id),
  ]);
  return { orderId: inserted.id, number: inserted.number, created: true };
}

async function markRecovered(tx: Db, activity: ActivityContext, checkout: PaidCheckout, orderId: string) {
  const since = new Date(checkout.paidAt.getTime() - RECOVERY_WINDOW_DAYS * 86_400_000);
  const recovered = await tx
    .update(abandonedCheckouts)
    .set({ recoveredOrderId: orderId, recoveredAt: checkout.paidAt })
    .where(
      and(
        eq(abandonedCheckouts.storeId, activity.storeId),
        eq(abandonedCheckouts.customerEmail, checkout.email.toLowerCase()),
        isNull(abandonedCheckouts.recoveredOrderId),
        lte(abandonedCheckouts.expiredAt, checkout.paidAt),
        gte(abandonedCheckouts.expiredAt, since),
      ),
    )
    .returning({ id: abandonedCheckouts.id })
    .prepare("abandoned_checkout_recovered")
    .execute();
  for (const cart of recovered) {
    await logEvent(
      tx,
      activity,
      "abandoned_cart.recovered",
      { amount: checkout.total, currency: checkout.currency.toUpperCase() },
      {
        entity: { type: "cart", id: cart.id },
        orderId,
        occurredAt: checkout.paidAt,
        dedupeKey: `cart-recovered:${cart.id}`,
      },
    );
  }
}
