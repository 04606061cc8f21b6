import { z } from "zod";
import { recordAbandonedCheckout } from "@/lib/orders/record-abandoned-checkout";
import { parseWebhookData } from "@/lib/webhooks/parse-webhook-data";
import type { StripeWebhookBody } from "@/lib/webhooks/stripe/verify-stripe-webhook";
import type { WebhookHandler } from "@/lib/webhooks/webhook-types";

const Session = z.object({
  id: z.string().min(1),
  currency: z.string().length(3),
  amount_total: z.number().int().nonnegative(),
  customer_email: z.string().email().nullish(),
  customer_details: z.object({ email: z.string().email().nullish() }).nullish(),
  expires_at: z.number().int().positive().nullish(),
});

/** An expired, unpaid checkout: an abandoned-cart candidate (one recovery email, later). */
export const checkoutSessionExpired: WebhookHandler<StripeWebhookBody> = async (tx, event, ctx) => {
  const session = parseWebhookData(Session, event.body.data.object, event.id);
  await recordAbandonedCheckout(tx, ctx.jobs, ctx.activity, ctx.config, {
    sessionId: session.id,
    email: session.customer_details?.email ?? session.customer_email ?? null,
    amount: session.amount_total,
    currency: session.currency,
    expiredAt: session.expires_at ? new Date(session.expires_at * 1000) : event.occurredAt,
  });
};
