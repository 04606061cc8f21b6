import { acceptedSecrets } from "@/lib/webhooks/find-webhook-store";
import { testDeliveryReceived } from "@/lib/webhooks/test-delivery-received";
import type { WebhookSpec } from "@/lib/webhooks/webhook-types";
import { chargeRefunded } from "./handlers/charge-refunded";
import { checkoutSessionCompleted } from "./handlers/checkout-session-completed";
import { checkoutSessionExpired } from "./handlers/checkout-session-expired";
import { paymentIntentPaymentFailed } from "./handlers/payment-intent-payment-failed";
import { type StripeWebhookBody, verifyStripeWebhook } from "./verify-stripe-webhook";

/** The event type of the signed test delivery Settings → Integrations sends to this endpoint. */
export const STRIPE_TEST_EVENT = "storyline.webhook_test";

/** Stripe event types we act on; any other type is acknowledged and recorded as a debug event. */
export const stripeWebhook: WebhookSpec<StripeWebhookBody> = {
  provider: "stripe",
  label: "Stripe",
  signatureHeader: "stripe-signature",
  wakes: ["complete-order", "recover-cart"],
  secretsOf: (store, now) =>
    acceptedSecrets(
      store.stripeWebhookSecret,
      store.stripeWebhookSecretPrevious,
      store.stripeWebhookSecretPreviousExpiresAt,
      now,
    ),
  verify: verifyStripeWebhook,
  handlers: {
    "checkout.session.completed": checkoutSessionCompleted,
    "checkout.session.async_payment_succeeded": checkoutSessionCompleted,
    "checkout.session.expired": checkoutSessionExpired,
    "payment_intent.payment_failed": paymentIntentPaymentFailed,
    "charge.refunded": chargeRefunded,
    [STRIPE_TEST_EVENT]: testDeliveryReceived,
  },
};
