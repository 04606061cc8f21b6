import { z } from "zod";
import { recordPaymentFailure } from "@/lib/orders/record-payment-failure";
import { parseWebhookData } from "@/lib/webhooks/parse-webhook-data";
import type { StripeWebhookBody } from "@/lib/webhooks/stripe/verify-stripe-webhook";
import type { WebhookHandler } from "@/lib/webhooks/webhook-types";

const PaymentIntent = z.object({
  id: z.string().min(1),
  amount: z.number().int().nonnegative().nullish(),
  currency: z.string().length(3).nullish(),
  receipt_email: z.string().email().nullish(),
  last_payment_error: z
    .object({
      message: z.string().nullish(),
      decline_code: z.string().nullish(),
      code: z.string().nullish(),
      payment_method: z
        .object({ billing_details: z.object({ email: z.string().nullish() }).nullish() })
        .nullish(),
    })
    .nullish(),
});

export const paymentIntentPaymentFailed: WebhookHandler<StripeWebhookBody> = async (tx, event, ctx) => {
  const intent = parseWebhookData(PaymentIntent, event.body.data.object, event.id);
  const error = intent.last_payment_error;
  const reason =
    error?.message ??
    (error?.decline_code ?? error?.code)?.replaceAll("_", " ") ??
    "the payment was declined";
  const email = intent.receipt_email ?? error?.payment_method?.billing_details?.email ?? null;
  await recordPaymentFailure(tx, ctx.activity, {
    paymentIntentId: intent.id,
    reason,
    amount: intent.amount ?? null,
    currency: intent.currency ?? null,
    email: email && z.string().email().safeParse(email).success ? email : null,
    occurredAt: event.occurredAt,
  });
};
