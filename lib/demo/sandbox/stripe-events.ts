import { randomBytes } from "node:crypto";
import Stripe from "stripe";

const stripe = new Stripe("sk_test_sandbox_events");

export type StripeEventInput = {
  type: string;
  object: Record<string, unknown>;
  id?: string;
  /** Unix seconds; defaults to now. */
  created?: number;
};

export const randomId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

/** A Stripe-shaped event envelope (what Stripe POSTs to a webhook endpoint). */
export function stripeEvent({ type, object, id, created }: StripeEventInput) {
  return {
    id: id ?? randomId("evt"),
    object: "event",
    api_version: "2025-10-29.clover",
    created: created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The `Stripe-Signature` header for a payload, made with the SDK's own test helper. */
export function signStripePayload(payload: string, secret: string, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
}

export type CheckoutSessionInput = {
  id?: string;
  email: string;
  name?: string;
  currency?: string;
  subtotal: number;
  shipping?: number;
  tax?: number;
  paymentIntent?: string;
  status?: "complete" | "expired";
  expiresAt?: number;
  address?: { line1: string; city: string; postal_code: string; country: string; state?: string | null };
};

/** A Checkout Session object as Stripe sends it in `checkout.session.*` events. */
export function checkoutSession(input: CheckoutSessionInput) {
  const shipping = input.shipping ?? 0;
  const tax = input.tax ?? 0;
  const address = input.address ?? {
    line1: "1 Sample Street",
    city: "London",
    postal_code: "N1 7AA",
    country: "GB",
    state: null,
  };
  const name = input.name ?? "Sam Sample";
  const expired = input.status === "expired";
  return {
    id: input.id ?? randomId("cs"),
    object: "checkout.session",
    amount_subtotal: input.subtotal,
    amount_total: input.subtotal + shipping + tax,
    currency: (input.currency ?? "gbp").toLowerCase(),
    customer_email: input.email,
    customer_details: { email: input.email, name, address },
    collected_information: { shipping_details: { name, address } },
    mode: "payment",
    payment_intent: expired ? null : (input.paymentIntent ?? randomId("pi")),
    payment_status: expired ? "unpaid" : "paid",
    status: input.status ?? "complete",
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: tax },
    created: Math.floor(Date.now() / 1000) - 600,
    expires_at: input.expiresAt ?? Math.floor(Date.now() / 1000) + 3600,
    metadata: {},
  };
}
