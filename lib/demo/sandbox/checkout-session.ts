import { z } from "zod";
import { randomAlnum } from "./sandbox-http";
import type { SandboxSession, SandboxStripeLineItem } from "./sandbox-state";

const amount = z.coerce.number().int().nonnegative();

/** The part of Stripe's `checkout.sessions.create` params the sandbox understands. */
export const CreateSessionParams = z.looseObject({
  customer_email: z.email().optional(),
  client_reference_id: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  success_url: z.string().optional(),
  line_items: z
    .array(
      z.object({
        quantity: z.coerce.number().int().positive(),
        price_data: z.object({
          currency: z.string().length(3),
          unit_amount: amount,
          product_data: z.object({
            name: z.string().min(1),
            metadata: z.record(z.string(), z.string()).optional(),
          }),
        }),
      }),
    )
    .min(1),
  shipping_options: z
    .array(z.looseObject({ shipping_rate_data: z.looseObject({ fixed_amount: z.looseObject({ amount }) }) }))
    .optional(),
});
export type CreateSessionParams = z.infer<typeof CreateSessionParams>;

/**
 * A Checkout Session as Stripe shows it once the customer has paid: status "complete",
 * payment_status "paid". Stripe collects the name and address on its own page; the sandbox
 * makes them up from the email (so the same customer always gets the same ones).
 */
export function buildCheckoutSession(params: CreateSessionParams, now: Date): SandboxSession {
  const currency = params.line_items[0]!.price_data.currency.toLowerCase();
  const email = params.customer_email ?? "customer@example.com";
  const name = nameFromEmail(email);
  const address =
    currency === "eur"
      ? {
          line1: "12 Quay Street",
          line2: null,
          city: "Galway",
          state: null,
          postal_code: "H91 X2T3",
          country: "IE",
        }
      : {
          line1: "221 Baker Street",
          line2: null,
          city: "London",
          state: null,
          postal_code: "NW1 6XE",
          country: "GB",
        };
  const lineItems = params.line_items.map(
    (item): SandboxStripeLineItem => ({
      id: `li_1${randomAlnum(23)}`,
      description: item.price_data.product_data.name,
      quantity: item.quantity,
      unitAmount: item.price_data.unit_amount,
      currency,
      priceId: `price_1${randomAlnum(23)}`,
      product: {
        id: `prod_${randomAlnum(14)}`,
        name: item.price_data.product_data.name,
        metadata: item.price_data.product_data.metadata ?? {},
      },
    }),
  );
  const subtotal = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const shipping = params.shipping_options?.[0]?.shipping_rate_data.fixed_amount.amount ?? 0;
  const created = Math.floor(now.getTime() / 1000);
  const id = `cs_test_a1${randomAlnum(56)}`;
  const session = {
    id,
    object: "checkout.session",
    mode: "payment",
    livemode: false,
    status: "complete",
    payment_status: "paid",
    amount_subtotal: subtotal,
    amount_total: subtotal + shipping,
    currency,
    customer: null,
    customer_email: params.customer_email ?? null,
    customer_details: { email, name, address, phone: null, tax_exempt: "none", tax_ids: [] },
    shipping_details: { name, address },
    collected_information: { shipping_details: { name, address } },
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: 0 },
    payment_intent: `pi_3${randomAlnum(23)}`,
    client_reference_id: params.client_reference_id ?? null,
    metadata: params.metadata ?? {},
    success_url: params.success_url ?? null,
    url: null,
    created,
    expires_at: created + 24 * 60 * 60,
  };
  return { session, lineItems };
}

/** "jane.doe+x@example.com" → "Jane Doe". */
function nameFromEmail(email: string): string {
  const local = email.split("@")[0]!.split("+")[0]!;
  const words = local.split(/[._-]+/).filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ") || "Sandbox Customer";
}

/** A line item in Stripe's list shape; the product is expanded only when asked for. */
export function lineItemJson(item: SandboxStripeLineItem, expandProduct: boolean) {
  const total = item.unitAmount * item.quantity;
  const product = {
    id: item.product.id,
    object: "product",
    active: true,
    livemode: false,
    name: item.product.name,
    description: null,
    images: [],
    metadata: item.product.metadata,
  };
  return {
    id: item.id,
    object: "item",
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency: item.currency,
    description: item.description,
    quantity: item.quantity,
    price: {
      id: item.priceId,
      object: "price",
      active: false,
      billing_scheme: "per_unit",
      currency: item.currency,
      livemode: false,
      metadata: {},
      product: expandProduct ? product : item.product.id,
      type: "one_time",
      unit_amount: item.unitAmount,
      unit_amount_decimal: String(item.unitAmount),
    },
  };
}
