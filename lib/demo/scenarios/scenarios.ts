import { sandboxCatalogue } from "@/lib/demo/sandbox/sandbox-catalogue";
import type { SimulatedOrders, SimulationClient } from "./simulation-client";

type Level = "info" | "warning" | "error";
/** One expected kind of row: how many, at which level, and whether it ends resolved. */
type Expected = { type: string; level: Level; count?: number; resolved?: boolean };

export type Scenario = {
  name: string;
  summary: string;
  /** Drives the app; returns the checkout sessions whose story to check. */
  run(client: SimulationClient, email: string): Promise<string[]>;
  expect: { events: Expected[]; chain: string[]; status: string | null };
};

const lifecycle: Expected[] = [
  { type: "order.created", level: "info" },
  { type: "order.email.confirmation_sent", level: "info" },
  { type: "order.submitted", level: "info" },
  { type: "order.production", level: "info" },
  { type: "order.shipped", level: "info" },
  { type: "order.email.shipping_sent", level: "info" },
  { type: "order.delivered", level: "info" },
];
const chain = ["order.created", "order.submitted", "order.production", "order.shipped", "order.delivered"];

/** Two items from the sandbox's Printify catalogue (the demo shop's products). */
export function sampleItems() {
  const products = sandboxCatalogue("demo-shop-1").filter((p) => p.visible);
  return products.slice(0, 2).map((product, i) => {
    const variant = product.variants.find((v) => v.is_enabled && v.is_available) ?? product.variants[0]!;
    return {
      name: `${product.title} — ${variant.title}`,
      sku: variant.sku,
      unitAmount: variant.price,
      quantity: i + 1,
    };
  });
}

async function checkoutAndPay(client: SimulationClient, email: string, times = 1) {
  const session = await client.createCheckout(email, sampleItems());
  const id = `evt_test_${session.id.slice(-16)}`;
  for (let i = 0; i < times; i++) await client.deliverStripe("checkout.session.completed", session, { id });
  return session;
}

/** Polls what the app recorded until `done` holds (or the time is up). */
export async function waitFor(
  client: SimulationClient,
  sessions: string[],
  done: (r: SimulatedOrders) => boolean,
  timeoutMs = 60_000,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const recorded = await client.recorded(sessions);
    if (done(recorded) || Date.now() > until) return recorded;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const has = (type: string) => (r: SimulatedOrders) => r.events.some((e) => e.eventType === type);

export const scenarios: Scenario[] = [
  {
    name: "happy",
    summary: "paid → confirmation → submitted → in production → shipped → shipping email → delivered",
    run: async (client, email) => [(await checkoutAndPay(client, email)).id],
    expect: { events: lifecycle, chain, status: "delivered" },
  },
  {
    name: "retry",
    summary: "Printify answers 503 once; the retry succeeds and resolves the warning",
    async run(client, email) {
      await client.setFaults(email, { submit_503: 1 });
      return [(await checkoutAndPay(client, email)).id];
    },
    expect: {
      events: [
        ...lifecycle,
        { type: "order.submission_failed", level: "warning", resolved: true },
        { type: "order.submission_retried", level: "info" },
      ],
      chain: [
        "order.created",
        "order.submission_failed",
        "order.submission_retried",
        "order.submitted",
        "order.delivered",
      ],
      status: "delivered",
    },
  },
  {
    name: "out-of-stock",
    summary: "Printify rejects the order (variant out of stock): one error, no retry",
    async run(client, email) {
      await client.setFaults(email, { out_of_stock: true });
      return [(await checkoutAndPay(client, email)).id];
    },
    expect: {
      events: [
        { type: "order.created", level: "info" },
        { type: "order.email.confirmation_sent", level: "info" },
        { type: "order.submission_failed", level: "error", resolved: false },
      ],
      chain: ["order.created", "order.submission_failed"],
      status: "paid",
    },
  },
  {
    name: "duplicates",
    summary: "Stripe delivers the payment 3 times, Printify every webhook twice: one story",
    async run(client, email) {
      await client.setFaults(email, { webhooks_duplicate: true });
      return [(await checkoutAndPay(client, email, 3)).id];
    },
    expect: { events: lifecycle, chain, status: "delivered" },
  },
  {
    name: "out-of-order",
    summary: "Printify's webhooks arrive newest first: placed by their own times, status never regresses",
    async run(client, email) {
      await client.setFaults(email, { webhooks_out_of_order: true });
      return [(await checkoutAndPay(client, email)).id];
    },
    expect: { events: lifecycle, chain, status: "delivered" },
  },
  {
    name: "email-fails",
    summary: "the confirmation email fails once (SMTP timeout); the retry sends it and resolves the error",
    async run(client, email) {
      await client.setFaults(email, { smtp_fail: 1 });
      return [(await checkoutAndPay(client, email)).id];
    },
    expect: {
      events: [...lifecycle, { type: "order.email.failed", level: "error", resolved: true }],
      chain: ["order.created", "order.email.failed", "order.email.confirmation_sent"],
      status: "delivered",
    },
  },
  {
    name: "refund",
    summary: "a delivered order is partly refunded in Stripe",
    async run(client, email) {
      const session = await checkoutAndPay(client, email);
      await waitFor(client, [session.id], has("order.delivered"));
      await new Promise((r) => setTimeout(r, 1100)); // Stripe's clock has whole seconds.
      await client.deliverStripe("charge.refunded", {
        id: `ch_test_${session.id.slice(-12)}`,
        object: "charge",
        payment_intent: session.payment_intent,
        amount: session.amount_total,
        amount_refunded: Math.round(session.amount_total / 4),
        currency: session.currency,
        refunds: { data: [{ reason: "requested_by_customer" }] },
      });
      return [session.id];
    },
    expect: {
      events: [...lifecycle, { type: "order.refunded", level: "warning", resolved: false }],
      chain: [...chain, "order.refunded"],
      status: "delivered",
    },
  },
  {
    name: "abandoned",
    summary: "a checkout expires unpaid, the recovery email goes out, then the customer pays",
    async run(client, email) {
      const abandoned = await client.createCheckout(email, sampleItems());
      // Expired two hours ago, so the recovery email (due an hour after expiry by default) goes out now.
      const expiresAt = Math.floor(Date.now() / 1000) - 2 * 3600;
      await client.deliverStripe("checkout.session.expired", {
        ...abandoned,
        status: "expired",
        payment_status: "unpaid",
        payment_intent: null,
        expires_at: expiresAt,
      });
      await waitFor(client, [abandoned.id], has("abandoned_cart.email_sent"));
      // Stripe stamps events in whole seconds: the customer comes back a moment later.
      await new Promise((r) => setTimeout(r, 1100));
      const paid = await checkoutAndPay(client, email);
      return [abandoned.id, paid.id];
    },
    expect: {
      events: [
        { type: "abandoned_cart.detected", level: "info" },
        { type: "abandoned_cart.email_sent", level: "info" },
        { type: "abandoned_cart.recovered", level: "info" },
        ...lifecycle,
      ],
      chain: ["abandoned_cart.detected", "abandoned_cart.email_sent", "order.created", "order.delivered"],
      status: "delivered",
    },
  },
];

export function findScenario(name: string) {
  return scenarios.find((s) => s.name === name);
}
