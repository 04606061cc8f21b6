import { z } from "zod";
import { applyFulfilmentUpdate } from "@/lib/orders/apply-fulfilment-update";
import { fromProviderStatus } from "@/lib/orders/order-progress";
import { recordProviderStatus } from "@/lib/orders/record-provider-status";
import { parsePrintifyTime } from "@/lib/providers/printify/parse-printify-time";
import { parseWebhookData } from "@/lib/webhooks/parse-webhook-data";
import { findProviderOrder } from "@/lib/webhooks/printify/find-provider-order";
import type { PrintifyWebhookBody } from "@/lib/webhooks/printify/verify-printify-webhook";
import type { WebhookHandler } from "@/lib/webhooks/webhook-types";

// Printify's `resource.data` shapes are not fully documented: read what we need, tolerate the rest.
const Carrier = z.object({
  code: z.string().min(1),
  tracking_number: z.string().min(1),
  tracking_url: z.string().url().nullish(),
  url: z.string().url().nullish(),
});
const Shipment = z.object({
  carrier: Carrier,
  shipped_at: z.string().nullish(),
  delivered_at: z.string().nullish(),
});

/** `order:sent-to-production`: the order is being made. */
export const orderSentToProduction: WebhookHandler<PrintifyWebhookBody> = async (tx, event, ctx) => {
  const orderId = await findProviderOrder(tx, event, ctx);
  if (!orderId) return;
  await applyFulfilmentUpdate(tx, ctx.jobs, ctx.activity, {
    orderId,
    status: "in_production",
    occurredAt: event.occurredAt,
    providerStatus: "in-production",
  });
};

/** `order:shipment:created`: on its way, with the carrier and tracking number. */
export const orderShipmentCreated: WebhookHandler<PrintifyWebhookBody> = async (tx, event, ctx) => {
  const data = parseWebhookData(Shipment, event.body.resource.data, event.id);
  const orderId = await findProviderOrder(tx, event, ctx);
  if (!orderId) return;
  await applyFulfilmentUpdate(tx, ctx.jobs, ctx.activity, {
    orderId,
    status: "shipped",
    occurredAt: parsePrintifyTime(data.shipped_at) ?? event.occurredAt,
    providerStatus: "fulfilled",
    shipment: {
      carrier: data.carrier.code.toUpperCase(),
      trackingNumber: data.carrier.tracking_number,
      trackingUrl: data.carrier.tracking_url ?? data.carrier.url ?? null,
    },
  });
};

/** `order:shipment:delivered`. */
export const orderShipmentDelivered: WebhookHandler<PrintifyWebhookBody> = async (tx, event, ctx) => {
  const data = parseWebhookData(
    Shipment.partial({ carrier: true }),
    event.body.resource.data ?? {},
    event.id,
  );
  const orderId = await findProviderOrder(tx, event, ctx);
  if (!orderId) return;
  await applyFulfilmentUpdate(tx, ctx.jobs, ctx.activity, {
    orderId,
    status: "delivered",
    occurredAt: parsePrintifyTime(data.delivered_at) ?? event.occurredAt,
    providerStatus: "fulfilled",
    shipment: data.carrier
      ? { carrier: data.carrier.code.toUpperCase(), trackingNumber: data.carrier.tracking_number }
      : null,
  });
};

/**
 * `order:updated` (the status changed): a cancellation or production start is applied like
 * the dedicated topics; other statuses are remembered without an event.
 */
export const orderUpdated: WebhookHandler<PrintifyWebhookBody> = async (tx, event, ctx) => {
  const data = parseWebhookData(z.object({ status: z.string().min(1) }), event.body.resource.data, event.id);
  const orderId = await findProviderOrder(tx, event, ctx);
  if (!orderId) return;
  const status = fromProviderStatus(data.status);
  if (
    status === "cancelled" ||
    status === "in_production" ||
    status === "shipped" ||
    status === "delivered"
  ) {
    // "shipped" without a shipment moves the status but logs nothing: `order:shipment:created` carries the tracking.
    await applyFulfilmentUpdate(tx, ctx.jobs, ctx.activity, {
      orderId,
      status,
      occurredAt: event.occurredAt,
      providerStatus: data.status,
      cancelReason: status === "cancelled" ? "cancelled by Printify" : null,
    });
  } else {
    await recordProviderStatus(tx, ctx.store.id, orderId, data.status);
  }
};
