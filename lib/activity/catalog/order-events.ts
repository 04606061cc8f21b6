import { z } from "zod";
import { carrierName } from "@/lib/platform/format/carriers";
import { formatMoney } from "@/lib/platform/format/format-money";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email, money, present, provider } from "./payload-fields";
import { paymentProvider } from "./provider-names";

const orderGroup = defineFeedGroup({ key: "order", label: "Orders", allLabel: "All order events" });

function formatWait(minutes: number): string {
  if (minutes >= 2 * 24 * 60) return `${Math.round(minutes / (24 * 60))} days`;
  if (minutes >= 120) return `${Math.round(minutes / 60)} hours`;
  return `${Math.round(minutes)} minutes`;
}

/** An order's life: payment, submission to the print provider, fulfilment, staff changes. */
export const orderEvents = {
  "order.created": defineEvent({
    label: "Order placed",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({
      ...money,
      via: z.string().default(paymentProvider),
      orderNumber: z.number().int().optional(),
    }),
    message: (p) => `Order placed — ${formatMoney(p.amount, p.currency)} via ${p.via}`,
    customerWording: (p) => `We've received your order and payment of ${formatMoney(p.amount, p.currency)}.`,
  }),
  "order.payment_failed": defineEvent({
    label: "Payment failed",
    level: "warning",
    entity: "order",
    feedGroup: orderGroup,
    payload: z
      .object({ reason: z.string().min(1), ...money, email: email.optional() })
      .partial({ amount: true, currency: true }),
    personalFields: ["email"],
    message: (p) => `Payment failed: ${p.reason}${present(p.email) ? ` (${p.email})` : ""}`,
  }),
  "order.refunded": defineEvent({
    label: "Refunded",
    level: "warning",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({ ...money, partial: z.boolean().default(false), reason: z.string().optional() }),
    message: (p) => `${p.partial ? "Partially refunded" : "Refunded"} ${formatMoney(p.amount, p.currency)}`,
    customerWording: (p) =>
      `${p.partial ? "A partial refund" : "A refund"} of ${formatMoney(p.amount, p.currency)} was issued to your card.`,
  }),
  "order.submitted": defineEvent({
    label: "Submitted",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ provider, providerOrderId: z.string().min(1) }),
    message: (p) => `Submitted to ${p.provider} (${p.providerOrderId})`,
  }),
  "order.submission_failed": defineEvent({
    label: "Submission failed",
    level: (p) => (p.final ? "error" : "warning"),
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({
      provider,
      reason: z.string().min(1),
      attempt: z.number().int().positive(),
      maxAttempts: z.number().int().positive(),
      retryable: z.boolean(),
      /** The last attempt, or a failure no retry can fix. */
      final: z.boolean(),
    }),
    message: (p) => `Submission to ${p.provider} failed: ${p.reason}`,
  }),
  "order.submission_retried": defineEvent({
    label: "Submission retried",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ attempt: z.number().int().positive(), maxAttempts: z.number().int().positive() }),
    message: (p) => `Retrying — attempt ${p.attempt} of ${p.maxAttempts}`,
  }),
  "order.resubmitted": defineEvent({
    label: "Resubmitted",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ provider }),
    message: (p, c) => `${c.actorLabel} resubmitted the order to ${p.provider}`,
  }),
  "order.provider_order_unknown": defineEvent({
    label: "Unknown provider order",
    level: "error",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({
      provider,
      /** The provider's order that carries this order's id, which we did not record. */
      providerOrderId: z.string().min(1),
      /** The provider order we did record, if any: two mean the order may be made twice. */
      knownProviderOrderId: z.string().min(1).nullable(),
    }),
    message: (p) =>
      p.knownProviderOrderId
        ? `${p.provider} has a second order for this order (${p.providerOrderId}, besides ${p.knownProviderOrderId}): it may be made twice`
        : `${p.provider} has an order for this order that we never recorded (${p.providerOrderId})`,
  }),
  "order.production": defineEvent({
    label: "In production",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({ provider }),
    message: (p) => `In production at ${p.provider}`,
    customerWording: () => "Your order is being printed.",
  }),
  "order.shipped": defineEvent({
    label: "Shipped",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({
      carrier: z.string().min(1),
      trackingNumber: z.string().min(1),
      trackingUrl: z.string().url().optional(),
    }),
    message: (p) => `Shipped via ${carrierName(p.carrier)} — tracking: ${p.trackingNumber}`,
    customerWording: (p) => `Shipped with ${carrierName(p.carrier)} — tracking number ${p.trackingNumber}.`,
  }),
  "order.delivered": defineEvent({
    label: "Delivered",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({ carrier: z.string().optional() }),
    message: () => "Delivered",
    customerWording: () => "Delivered. Enjoy!",
  }),
  "order.cancelled": defineEvent({
    label: "Cancelled",
    level: "warning",
    entity: "order",
    feedGroup: orderGroup,
    visibility: "customer",
    payload: z.object({ reason: z.string().min(1), by: z.enum(["provider", "staff", "customer"]) }),
    message: (p) => `Cancelled: ${p.reason}`,
    customerWording: (p) =>
      p.by === "customer" ? "Your order was cancelled at your request." : "Your order was cancelled.",
  }),
  "order.updated": defineEvent({
    label: "Order updated",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ summary: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} changed ${p.summary}`,
  }),
  "order.note_added": defineEvent({
    label: "Note",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ note: z.string().min(1).max(2000) }),
    message: (p, c) => `${c.actorLabel}: ${p.note}`,
    // A CRM or a help desk may leave a note on the order's timeline.
    openToIntegrations: true,
  }),
  "order.details_missing": defineEvent({
    label: "Details missing",
    level: "warning",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({ missing: z.string().min(1), reason: z.string().min(1) }),
    message: (p) =>
      `Could not load the ${p.missing} (${p.reason}); the order was created from the payment's totals and will be completed automatically`,
  }),
  "order.details_completed": defineEvent({
    label: "Details loaded",
    level: "info",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({
      items: z.number().int().nonnegative(),
      source: z.string().default(paymentProvider),
    }),
    message: (p) => `Loaded ${p.items} line item${p.items === 1 ? "" : "s"} from ${p.source}`,
  }),
  "order.stuck": defineEvent({
    label: "Order stuck",
    level: "warning",
    entity: "order",
    feedGroup: orderGroup,
    payload: z.object({
      stage: z.enum(["not_submitted", "in_production"]),
      /** Since when the order has been waiting, ISO 8601. */
      since: z.string().min(1),
      thresholdMinutes: z.number().positive(),
    }),
    message: (p) =>
      p.stage === "not_submitted"
        ? `Paid but not submitted after ${formatWait(p.thresholdMinutes)}`
        : `Still in production after ${formatWait(p.thresholdMinutes)}`,
  }),
} as const;
