import { acceptedSecrets } from "@/lib/webhooks/find-webhook-store";
import { testDeliveryReceived } from "@/lib/webhooks/test-delivery-received";
import type { WebhookSpec } from "@/lib/webhooks/webhook-types";
import {
  orderSentToProduction,
  orderShipmentCreated,
  orderShipmentDelivered,
  orderUpdated,
} from "./handlers/order-fulfilment";
import { type PrintifyWebhookBody, verifyPrintifyWebhook } from "./verify-printify-webhook";

/** The topic of the signed test delivery Settings → Integrations sends to this endpoint. */
export const PRINTIFY_TEST_EVENT = "storyline:webhook-test";

/** Printify topics we act on; any other topic is acknowledged and recorded as a debug event. */
export const printifyWebhook: WebhookSpec<PrintifyWebhookBody> = {
  provider: "printify",
  label: "Printify",
  signatureHeader: "x-pfy-signature",
  wakes: ["send-order-email"],
  secretsOf: (store, now) =>
    acceptedSecrets(
      store.printifyWebhookSecret,
      store.printifyWebhookSecretPrevious,
      store.printifyWebhookSecretPreviousExpiresAt,
      now,
    ),
  verify: verifyPrintifyWebhook,
  handlers: {
    "order:sent-to-production": orderSentToProduction,
    "order:shipment:created": orderShipmentCreated,
    "order:shipment:delivered": orderShipmentDelivered,
    "order:updated": orderUpdated,
    [PRINTIFY_TEST_EVENT]: testDeliveryReceived,
  },
};
