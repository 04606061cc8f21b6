import type { Order } from "@/db/schema";
import type { Payload } from "@/lib/activity";
import {
  escapeHtml,
  greeting,
  htmlButton,
  htmlLink,
  type RenderedEmail,
  renderEmailLayout,
  safeHref,
} from "./render-email-layout";

export type ShippingNotificationInput = {
  storeName: string;
  order: Pick<Order, "number" | "customerName">;
  /** From the order's latest `order.shipped` event; null when the provider sent no tracking. */
  shipment: Payload<"order.shipped"> | null;
  /** The customer's order-status page. */
  statusUrl: string;
};

/** The shipping notification: carrier and tracking number, the tracking link when known. */
export function renderShippingNotification(input: ShippingNotificationInput): RenderedEmail {
  const { storeName, order, shipment, statusUrl } = input;
  const title = `Your order #${order.number} is on its way`;
  const carrier = shipment ? `It is travelling with ${shipment.carrier}.` : "";
  const trackingUrl = shipment?.trackingUrl ? safeHref(shipment.trackingUrl) : null;

  const text = [
    greeting(order.customerName),
    "",
    `Good news: your order #${order.number} from ${storeName} has shipped. ${carrier}`.trim(),
    "",
    ...(shipment ? [`Carrier: ${shipment.carrier}`, `Tracking number: ${shipment.trackingNumber}`] : []),
    ...(trackingUrl ? [`Track your parcel: ${trackingUrl}`] : []),
    ...(shipment ? [""] : []),
    `Follow your order: ${statusUrl}`,
    "",
    `— ${storeName}`,
  ].join("\n");

  const details = shipment
    ? `<table role="presentation" style="margin:16px 0;border-collapse:collapse">
<tr><td style="padding:4px 16px 4px 0;color:#71717a">Carrier</td><td style="padding:4px 0">${escapeHtml(shipment.carrier)}</td></tr>
<tr><td style="padding:4px 16px 4px 0;color:#71717a">Tracking number</td><td style="padding:4px 0">${
        trackingUrl ? htmlLink(trackingUrl, shipment.trackingNumber) : escapeHtml(shipment.trackingNumber)
      }</td></tr>
</table>`
    : "";
  const bodyHtml = [
    `<p>${escapeHtml(greeting(order.customerName))}</p>`,
    `<p>${escapeHtml(`Good news: your order #${order.number} from ${storeName} has shipped. ${carrier}`.trim())}</p>`,
    details,
    trackingUrl ? htmlButton(trackingUrl, "Track your parcel") : "",
    `<p>${htmlLink(statusUrl, "Follow your order")}</p>`,
  ].join("\n");

  return {
    subject: `Your ${storeName} order #${order.number} has shipped`,
    text,
    html: renderEmailLayout({ storeName, title, bodyHtml }),
  };
}
