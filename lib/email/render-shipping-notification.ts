import { createElement } from "react";
import type { Order } from "@/db/schema";
import type { Payload } from "@/lib/activity";
import { greeting, safeHref } from "./templates/email-layout";
import { type RenderedEmail, renderEmail } from "./templates/render-email";
import { ShippingNotificationEmail } from "./templates/shipping-notification-email";

export type ShippingNotificationInput = {
  storeName: string;
  order: Pick<Order, "number" | "customerName">;
  /** From the order's latest `order.shipped` event; null when the provider sent no tracking. */
  shipment: Payload<"order.shipped"> | null;
  /** The customer's order-status page. */
  statusUrl: string;
};

/** The shipping notification: carrier and tracking number, the tracking link when known. */
export function renderShippingNotification(input: ShippingNotificationInput): Promise<RenderedEmail> {
  const { storeName, order, shipment, statusUrl } = input;
  const title = `Your order #${order.number} is on its way`;
  const carrier = shipment ? `It is travelling with ${shipment.carrier}.` : "";
  const trackingUrl = shipment?.trackingUrl ? safeHref(shipment.trackingUrl) : null;
  const intro = `Good news: your order #${order.number} from ${storeName} has shipped. ${carrier}`.trim();

  const text = [
    greeting(order.customerName),
    "",
    intro,
    "",
    ...(shipment ? [`Carrier: ${shipment.carrier}`, `Tracking number: ${shipment.trackingNumber}`] : []),
    ...(trackingUrl ? [`Track your parcel: ${trackingUrl}`] : []),
    ...(shipment ? [""] : []),
    `Follow your order: ${statusUrl}`,
    "",
    `— ${storeName}`,
  ].join("\n");

  return renderEmail(
    `Your ${storeName} order #${order.number} has shipped`,
    text,
    createElement(ShippingNotificationEmail, {
      storeName,
      title,
      greeting: greeting(order.customerName),
      intro,
      shipment,
      trackingUrl,
      statusUrl,
    }),
  );
}
