import { z } from "zod";
import { formatMoney } from "@/lib/platform/format/format-money";
import { defineEvent } from "./define-event";

const money = { amount: z.number().int().nonnegative(), currency: z.string().length(3) };
const email = z.string().email();
const provider = z.string().min(1).default("Printify");

function formatWait(minutes: number): string {
  if (minutes >= 2 * 24 * 60) return `${Math.round(minutes / (24 * 60))} days`;
  if (minutes >= 120) return `${Math.round(minutes / 60)} hours`;
  return `${Math.round(minutes)} minutes`;
}

/**
 * Every event type the activity log knows. Adding one is one declaration here: its level,
 * entity, visibility, payload schema and message. `logEvent` derives its signature from this
 * object, so a wrong payload for a type does not compile.
 */
export const catalog = {
  // ── Orders ────────────────────────────────────────────────────────────────────────────────
  "order.created": defineEvent({
    label: "Order placed",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({
      ...money,
      via: z.string().default("Stripe"),
      orderNumber: z.number().int().optional(),
    }),
    message: (p) => `Order placed — ${formatMoney(p.amount, p.currency)} via ${p.via}`,
  }),
  "order.payment_failed": defineEvent({
    label: "Payment failed",
    level: "warning",
    entity: "order",
    payload: z
      .object({ reason: z.string().min(1), ...money, email: email.optional() })
      .partial({ amount: true, currency: true }),
    message: (p) => `Payment failed: ${p.reason}${p.email ? ` (${p.email})` : ""}`,
  }),
  "order.refunded": defineEvent({
    label: "Refunded",
    level: "warning",
    entity: "order",
    visibility: "customer",
    payload: z.object({ ...money, partial: z.boolean().default(false), reason: z.string().optional() }),
    message: (p) => `${p.partial ? "Partially refunded" : "Refunded"} ${formatMoney(p.amount, p.currency)}`,
  }),
  "order.email.confirmation_sent": defineEvent({
    label: "Confirmation sent",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({ to: email }),
    message: (p) => `Order confirmation sent to ${p.to}`,
  }),
  "order.email.shipping_sent": defineEvent({
    label: "Shipping email sent",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({ to: email }),
    message: (p) => `Shipping notification sent to ${p.to}`,
  }),
  "order.email.failed": defineEvent({
    label: "Email failed",
    level: "error",
    entity: "order",
    payload: z.object({ email: z.enum(["confirmation", "shipping"]), to: email, reason: z.string().min(1) }),
    message: (p) => `Could not send the ${p.email} email: ${p.reason}`,
  }),
  "order.email.resend_requested": defineEvent({
    label: "Email resend requested",
    level: "info",
    entity: "order",
    payload: z.object({ email: z.enum(["confirmation", "shipping"]), to: email }),
    message: (p, c) => `${c.actorLabel} asked to resend the ${p.email} email to ${p.to}`,
  }),
  "order.submitted": defineEvent({
    label: "Submitted",
    level: "info",
    entity: "order",
    payload: z.object({ provider, providerOrderId: z.string().min(1) }),
    message: (p) => `Submitted to ${p.provider} (${p.providerOrderId})`,
  }),
  "order.submission_failed": defineEvent({
    label: "Submission failed",
    level: (p) => (p.final ? "error" : "warning"),
    entity: "order",
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
    payload: z.object({ attempt: z.number().int().positive(), maxAttempts: z.number().int().positive() }),
    message: (p) => `Retrying — attempt ${p.attempt} of ${p.maxAttempts}`,
  }),
  "order.resubmitted": defineEvent({
    label: "Resubmitted",
    level: "info",
    entity: "order",
    payload: z.object({ provider }),
    message: (p, c) => `${c.actorLabel} resubmitted the order to ${p.provider}`,
  }),
  "order.production": defineEvent({
    label: "In production",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({ provider }),
    message: (p) => `In production at ${p.provider}`,
  }),
  "order.shipped": defineEvent({
    label: "Shipped",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({
      carrier: z.string().min(1),
      trackingNumber: z.string().min(1),
      trackingUrl: z.string().url().optional(),
    }),
    message: (p) => `Shipped via ${p.carrier} — tracking: ${p.trackingNumber}`,
  }),
  "order.delivered": defineEvent({
    label: "Delivered",
    level: "info",
    entity: "order",
    visibility: "customer",
    payload: z.object({ carrier: z.string().optional() }),
    message: () => "Delivered",
  }),
  "order.cancelled": defineEvent({
    label: "Cancelled",
    level: "warning",
    entity: "order",
    visibility: "customer",
    payload: z.object({ reason: z.string().min(1), by: z.enum(["provider", "staff", "customer"]) }),
    message: (p) => `Cancelled: ${p.reason}`,
  }),
  "order.updated": defineEvent({
    label: "Order updated",
    level: "info",
    entity: "order",
    payload: z.object({ summary: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} changed ${p.summary}`,
  }),
  "order.note_added": defineEvent({
    label: "Note",
    level: "info",
    entity: "order",
    payload: z.object({ note: z.string().min(1).max(2000) }),
    message: (p, c) => `${c.actorLabel}: ${p.note}`,
  }),

  "order.details_missing": defineEvent({
    label: "Details missing",
    level: "warning",
    entity: "order",
    payload: z.object({ missing: z.string().min(1), reason: z.string().min(1) }),
    message: (p) =>
      `Could not load the ${p.missing} (${p.reason}); the order was created from the payment's totals and will be completed automatically`,
  }),
  "order.details_completed": defineEvent({
    label: "Details loaded",
    level: "info",
    entity: "order",
    payload: z.object({ items: z.number().int().nonnegative(), source: z.string().default("Stripe") }),
    message: (p) => `Loaded ${p.items} line item${p.items === 1 ? "" : "s"} from ${p.source}`,
  }),
  "order.stuck": defineEvent({
    label: "Order stuck",
    level: "warning",
    entity: "order",
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

  // ── Product sync ──────────────────────────────────────────────────────────────────────────
  "sync.started": defineEvent({
    label: "Sync started",
    level: "info",
    entity: "sync",
    payload: z.object({ provider }),
    message: (p) => `Product sync with ${p.provider} started`,
  }),
  "sync.completed": defineEvent({
    label: "Sync completed",
    level: "info",
    entity: "sync",
    payload: z.object({
      provider,
      created: z.number().int().nonnegative(),
      updated: z.number().int().nonnegative(),
      unchanged: z.number().int().nonnegative(),
      durationMs: z.number().int().nonnegative().optional(),
    }),
    message: (p) =>
      `Product sync finished — ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged`,
  }),
  "sync.failed": defineEvent({
    label: "Sync failed",
    level: "error",
    entity: "sync",
    payload: z.object({ provider, reason: z.string().min(1) }),
    message: (p) => `Product sync with ${p.provider} failed: ${p.reason}`,
  }),

  // ── Abandoned carts ───────────────────────────────────────────────────────────────────────
  "abandoned_cart.detected": defineEvent({
    label: "Checkout abandoned",
    level: "info",
    entity: "cart",
    payload: z.object({ email: email.nullable(), ...money }),
    message: (p) =>
      `Checkout expired unpaid — ${formatMoney(p.amount, p.currency)}${p.email ? ` (${p.email})` : ""}`,
  }),
  "abandoned_cart.email_sent": defineEvent({
    label: "Recovery email sent",
    level: "info",
    entity: "cart",
    payload: z.object({ to: email, ...money }).partial({ amount: true, currency: true }),
    message: (p) => `Recovery email sent to ${p.to}`,
  }),
  "abandoned_cart.email_failed": defineEvent({
    label: "Recovery email failed",
    level: "error",
    entity: "cart",
    payload: z.object({ to: email, reason: z.string().min(1) }),
    message: (p) => `Could not send the recovery email to ${p.to}: ${p.reason}`,
  }),
  "abandoned_cart.recovered": defineEvent({
    label: "Cart recovered",
    level: "info",
    entity: "cart",
    payload: z.object({ ...money }),
    message: (p) => `Cart recovered — ${formatMoney(p.amount, p.currency)}`,
  }),

  // ── Sign-in ───────────────────────────────────────────────────────────────────────────────
  "auth.login_succeeded": defineEvent({
    label: "Signed in",
    level: "info",
    entity: "user",
    payload: z.object({ email }),
    message: (p) => `${p.email} signed in`,
  }),
  "auth.login_failed": defineEvent({
    label: "Sign-in failed",
    level: "warning",
    entity: "user",
    payload: z.object({ email: z.string().min(1).max(320), reason: z.string().min(1) }),
    message: (p) => `Failed sign-in for ${p.email}`,
  }),
  "auth.locked_out": defineEvent({
    label: "Sign-in locked",
    level: "warning",
    entity: "user",
    payload: z.object({
      email: z.string().min(1).max(320),
      failures: z.number().int(),
      lockedUntil: z.string(),
    }),
    message: (p) => `Sign-in for ${p.email} locked for 15 minutes after ${p.failures} failed attempts`,
  }),
  "auth.logout": defineEvent({
    label: "Signed out",
    level: "info",
    entity: "user",
    payload: z.object({ email }),
    message: (p) => `${p.email} signed out`,
  }),

  // ── Webhooks ──────────────────────────────────────────────────────────────────────────────
  "webhook.rejected": defineEvent({
    label: "Webhook rejected",
    level: "warning",
    entity: "webhook",
    payload: z.object({
      provider: z.enum(["Stripe", "Printify"]),
      reason: z.string().min(1),
      status: z.number().int(),
    }),
    message: (p) => `Rejected a ${p.provider} webhook: ${p.reason}`,
  }),
  "webhook.ignored": defineEvent({
    label: "Webhook ignored",
    level: "info",
    entity: "webhook",
    visibility: "debug",
    payload: z.object({ provider: z.enum(["Stripe", "Printify"]), type: z.string().min(1) }),
    message: (p) => `Ignored a ${p.provider} webhook of type ${p.type}`,
  }),

  // ── Jobs ──────────────────────────────────────────────────────────────────────────────────
  "job.failed": defineEvent({
    label: "Job failed",
    level: "error",
    entity: "job",
    payload: z.object({
      queue: z.string().min(1),
      reason: z.string().min(1),
      attempts: z.number().int().optional(),
    }),
    message: (p) => `Background job ${p.queue} failed: ${p.reason}`,
  }),

  // ── Staff changes ─────────────────────────────────────────────────────────────────────────
  "product.created": defineEvent({
    label: "Product created",
    level: "info",
    entity: "product",
    payload: z.object({ title: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} created the product “${p.title}”`,
  }),
  "product.updated": defineEvent({
    label: "Product updated",
    level: "info",
    entity: "product",
    payload: z.object({ title: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} updated the product “${p.title}”`,
  }),
  "product.archived": defineEvent({
    label: "Product archived",
    level: "info",
    entity: "product",
    payload: z.object({ title: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} archived the product “${p.title}”`,
  }),
  "settings.updated": defineEvent({
    label: "Settings updated",
    level: "info",
    entity: "store",
    payload: z.object({ summary: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} changed ${p.summary}`,
  }),
  "settings.api_key_created": defineEvent({
    label: "API key created",
    level: "info",
    entity: "store",
    payload: z.object({
      name: z.string().min(1),
      prefix: z.string().min(1),
      scopes: z.array(z.string()).min(1),
    }),
    message: (p, c) =>
      `${c.actorLabel} created the API key “${p.name}” (${p.prefix}…, ${p.scopes.join(", ")})`,
  }),
  "settings.api_key_revoked": defineEvent({
    label: "API key revoked",
    level: "info",
    entity: "store",
    payload: z.object({ name: z.string().min(1), prefix: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} revoked the API key “${p.name}” (${p.prefix}…)`,
  }),
  "member.added": defineEvent({
    label: "Member added",
    level: "info",
    entity: "member",
    payload: z.object({ email, role: z.enum(["owner", "manager", "staff"]) }),
    message: (p, c) => `${c.actorLabel} added ${p.email} as ${p.role}`,
  }),
  "member.role_changed": defineEvent({
    label: "Role changed",
    level: "info",
    entity: "member",
    payload: z.object({ email, role: z.enum(["owner", "manager", "staff"]) }),
    message: (p, c) => `${c.actorLabel} made ${p.email} ${p.role === "owner" ? "an" : "a"} ${p.role}`,
  }),
  "member.removed": defineEvent({
    label: "Member removed",
    level: "info",
    entity: "member",
    payload: z.object({ email }),
    message: (p, c) => `${c.actorLabel} removed ${p.email} from the store`,
  }),
} as const;

export type Catalog = typeof catalog;
export type EventType = keyof Catalog;
/** What a caller passes for an event type (defaults may be left out). */
export type PayloadInput<T extends EventType> = z.input<Catalog[T]["payload"]>;
/** What is stored for an event type. */
export type Payload<T extends EventType> = z.output<Catalog[T]["payload"]>;

export const eventTypes = Object.keys(catalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** Event-type groups for filters: `order.*`, `sync.*`… */
export const eventGroups = [...new Set(eventTypes.map((t) => t.split(".")[0]!))];
