import { z } from "zod";
import { logEvent } from "@/lib/activity";
import { recordRefund } from "@/lib/orders/record-refund";
import { parseWebhookData } from "@/lib/webhooks/parse-webhook-data";
import type { StripeWebhookBody } from "@/lib/webhooks/stripe/verify-stripe-webhook";
import type { WebhookHandler } from "@/lib/webhooks/webhook-types";
import { StripeRef } from "./stripe-fields";

const Charge = z.object({
  id: z.string().min(1),
  payment_intent: StripeRef,
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
  currency: z.string().length(3),
  refunds: z.object({ data: z.array(z.object({ reason: z.string().nullish() })).nullish() }).nullish(),
});

/** A full or partial refund (Stripe reports the running total; we log the difference). */
export const chargeRefunded: WebhookHandler<StripeWebhookBody> = async (tx, event, ctx) => {
  const charge = parseWebhookData(Charge, event.body.data.object, event.id);
  const result = await recordRefund(tx, ctx.activity, {
    paymentIntentId: charge.payment_intent,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    occurredAt: event.occurredAt,
    reason: charge.refunds?.data?.[0]?.reason?.replaceAll("_", " ") ?? null,
  });
  if (!result)
    await logEvent(
      tx,
      ctx.activity,
      "webhook.ignored",
      { provider: "Stripe", type: `${event.type} (no order paid with ${charge.payment_intent})` },
      { entity: { type: "webhook", id: event.id }, occurredAt: event.occurredAt },
    );
};
