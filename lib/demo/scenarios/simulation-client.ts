import { randomBytes } from "node:crypto";
import type { SandboxFaults } from "@/lib/demo/sandbox/faults";
import { randomId, signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";

export type SimulationTarget = {
  /** The running app, e.g. http://localhost:3000. */
  baseUrl: string;
  storeSlug: string;
  /** The store's Stripe webhook signing secret (the simulation signs like Stripe). */
  stripeSecret: string;
};

export type TimelineEntry = {
  eventType: string;
  level: "info" | "warning" | "error";
  message: string;
  occurredAt: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
  actorLabel: string;
};

export type SimulatedOrders = {
  orders: Array<{ id: string; number: number; status: string; sessionId: string }>;
  events: TimelineEntry[];
};

export type CheckoutSessionObject = Record<string, unknown> & {
  id: string;
  payment_intent: string | null;
  amount_total: number;
  currency: string;
};

/**
 * Talks to a running app the way Stripe and a storefront would: creates checkout sessions in
 * the sandbox's Stripe, delivers signed Stripe events to the real webhook route over HTTP,
 * sets the sandbox's faults, and reads back what the app recorded.
 */
export class SimulationClient {
  constructor(readonly target: SimulationTarget) {}

  /** A fresh customer address per run, so concurrent runs' faults never meet. */
  static customerEmail(scenario: string) {
    return `${scenario}.${randomBytes(4).toString("hex")}@customer.example`;
  }

  async setFaults(email: string, faults: SandboxFaults) {
    await this.#json("POST", "/api/sandbox/control/faults", { email, faults });
  }

  async createCheckout(
    email: string,
    items: Array<{ name: string; sku: string; unitAmount: number; quantity: number }>,
    currency = "gbp",
  ) {
    return this.#json<CheckoutSessionObject>(
      "POST",
      "/api/sandbox/stripe/v1/checkout/sessions",
      {
        customer_email: email,
        line_items: items.map((item) => ({
          quantity: item.quantity,
          price_data: {
            currency,
            unit_amount: item.unitAmount,
            product_data: { name: item.name, metadata: { sku: item.sku } },
          },
        })),
        shipping_options: [{ shipping_rate_data: { fixed_amount: { amount: 450 } } }],
      },
      { authorization: "Bearer sk_test_sandbox" },
    );
  }

  /** Delivers one signed Stripe event; returns the HTTP status. */
  async deliverStripe(
    type: string,
    object: Record<string, unknown>,
    options: { id?: string; signature?: string } = {},
  ) {
    const event = stripeEvent({ type, object, id: options.id ?? randomId("evt") });
    const body = JSON.stringify(event);
    const response = await fetch(`${this.target.baseUrl}/api/webhooks/stripe/${this.target.storeSlug}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) storyline-simulate",
        "stripe-signature": options.signature ?? signStripePayload(body, this.target.stripeSecret),
      },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, id: event.id };
  }

  /** What the app recorded for these checkout sessions (orders, their timelines, their carts). */
  async recorded(sessionIds: string[]): Promise<SimulatedOrders> {
    const query = new URLSearchParams({ store: this.target.storeSlug, sessions: sessionIds.join(",") });
    return this.#json("GET", `/api/sandbox/timeline?${query}`, undefined, {
      authorization: `Bearer ${this.target.stripeSecret}`,
    });
  }

  async #json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.target.baseUrl}${path}`, {
      method,
      headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}
