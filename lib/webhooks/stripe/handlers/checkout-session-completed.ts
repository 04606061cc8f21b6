import { z } from "zod";
import { createOrderFromCheckout } from "@/lib/orders/create-order-from-checkout";
import { parseWebhookData } from "@/lib/webhooks/parse-webhook-data";
import type { StripeWebhookBody } from "@/lib/webhooks/stripe/verify-stripe-webhook";
import type { WebhookHandler } from "@/lib/webhooks/webhook-types";
import { StripeAddress, StripeRef, toShippingAddress } from "./stripe-fields";

const Session = z.object({
  id: z.string().min(1),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  payment_intent: StripeRef.nullish(),
  currency: z.string().length(3),
  amount_subtotal: z.number().int().nonnegative().nullish(),
  amount_total: z.number().int().nonnegative(),
  total_details: z
    .object({ amount_shipping: z.number().int().nullish(), amount_tax: z.number().int().nullish() })
    .nullish(),
  customer_email: z.string().email().nullish(),
  customer_details: z
    .object({
      email: z.string().email().nullish(),
      name: z.string().nullish(),
      address: StripeAddress.nullish(),
    })
    .nullish(),
  shipping_details: z.object({ name: z.string().nullish(), address: StripeAddress.nullish() }).nullish(),
  collected_information: z
    .object({
      shipping_details: z.object({ name: z.string().nullish(), address: StripeAddress.nullish() }).nullish(),
    })
    .nullish(),
});

/**
 * A paid checkout becomes an order (from the session's totals; its line items are loaded from
 * Stripe's API by the `complete-order` job, so a slow or failing API never loses a payment).
 * A session still awaiting an asynchronous payment waits for its `async_payment_succeeded`.
 */
export const checkoutSessionCompleted: WebhookHandler<StripeWebhookBody> = async (tx, event, ctx) => {
  const session = parseWebhookData(Session, event.body.data.object, event.id);
  if (session.payment_status === "unpaid") return;
  const email = session.customer_details?.email ?? session.customer_email;
  if (!email) parseWebhookData(z.object({ customer_email: z.string().email() }), session, event.id);
  const shipping = session.collected_information?.shipping_details ?? session.shipping_details;
  const shippingTotal = session.total_details?.amount_shipping ?? 0;
  const tax = session.total_details?.amount_tax ?? 0;
  await createOrderFromCheckout(tx, ctx.jobs, ctx.activity, {
    sessionId: session.id,
    paymentIntentId: session.payment_intent ?? null,
    email: email!,
    name: shipping?.name ?? session.customer_details?.name ?? null,
    currency: session.currency,
    subtotal: session.amount_subtotal ?? Math.max(0, session.amount_total - shippingTotal - tax),
    shipping: shippingTotal,
    tax,
    total: session.amount_total,
    shippingAddress: toShippingAddress(
      shipping?.name ?? session.customer_details?.name,
      shipping?.address ?? session.customer_details?.address,
    ),
    paidAt: event.occurredAt,
  });
};
