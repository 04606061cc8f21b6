import type { WebhookSpec } from "@/lib/webhooks/webhook-types";
import {
  orderSentToProduction,
  orderShipmentCreated,
  orderShipmentDelivered,
  orderUpdated,
} from "./handlers/order-fulfilment";
import { type PrintifyWebhookBody, verifyPrintifyWebhook } from "./verify-printify-webhook";

/** Printify topics we act on; any other topic is acknowledged and recorded as a debug event. */
export const printifyWebhook: WebhookSpec<PrintifyWebhookBody> = {
  provider: "printify",
  label: "Printify",
  signatureHeader: "x-pfy-signature",
  wakes: ["send-order-email"],
  secretOf: (store) => store.printifyWebhookSecret,
  verify: verifyPrintifyWebhook,
  handlers: {
    "order:sent-to-production": orderSentToProduction,
    "order:shipment:created": orderShipmentCreated,
    "order:shipment:delivered": orderShipmentDelivered,
    "order:updated": orderUpdated,
  },
};
