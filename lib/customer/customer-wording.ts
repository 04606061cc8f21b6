import type { Payload } from "@/lib/activity/catalog/catalog";
import { formatMoney } from "@/lib/platform/format/format-money";

/**
 * What the customer reads for each event the catalog marks `customer`-visible: written for
 * them, from the payload alone — never the stored message, which is written for staff.
 */
export const customerWording = {
  "order.created": (p: Payload<"order.created">) =>
    `We've received your order and payment of ${formatMoney(p.amount, p.currency)}.`,
  "order.email.confirmation_sent": () => "We emailed you a confirmation.",
  "order.production": () => "Your order is being printed.",
  "order.shipped": (p: Payload<"order.shipped">) =>
    `Shipped with ${p.carrier} — tracking number ${p.trackingNumber}.`,
  "order.email.shipping_sent": () => "We emailed you the tracking details.",
  "order.delivered": () => "Delivered. Enjoy!",
  "order.cancelled": (p: Payload<"order.cancelled">) =>
    p.by === "customer" ? "Your order was cancelled at your request." : "Your order was cancelled.",
  "order.refunded": (p: Payload<"order.refunded">) =>
    `${p.partial ? "A partial refund" : "A refund"} of ${formatMoney(p.amount, p.currency)} was issued to your card.`,
} as const;

export type CustomerEventType = keyof typeof customerWording;

export function isCustomerEventType(type: string): type is CustomerEventType {
  return Object.hasOwn(customerWording, type);
}

/** The customer's sentence for a stored event, or null when the payload is not what it should be. */
export function wordForCustomer(type: CustomerEventType, payload: unknown): string | null {
  try {
    return (customerWording[type] as (p: unknown) => string)(payload);
  } catch {
    return null;
  }
}
