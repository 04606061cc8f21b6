import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { parseConfig } from "@/lib/platform/config";
import { getStripe } from "@/lib/providers/stripe/get-stripe";
import { listCheckoutLineItems } from "@/lib/providers/stripe/list-checkout-line-items";
import { type ServedHandler, serveFetchHandler } from "../helpers/serve-fetch-handler";

let sandbox: Sandbox;
let served: ServedHandler;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = createSandbox({ stepMs: 20, resolveShop: async () => null });
  served = await serveFetchHandler((request) => sandbox.handle(request));
  stripe = getStripe(parseConfig({ STORYLINE_SANDBOX: "true", STRIPE_API_URL: `${served.url}/stripe` }));
});

afterEach(() => {
  clearFaults();
  sandbox.reset();
});

afterAll(async () => {
  sandbox.close();
  await served.close();
});

function createSession(client: Stripe, email: string) {
  return client.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    success_url: "http://localhost/thanks",
    metadata: { store: "demo" },
    line_items: [
      {
        quantity: 2,
        price_data: {
          currency: "gbp",
          unit_amount: 2200,
          product_data: { name: "Mountain Sunrise T-Shirt — Sand / M", metadata: { sku: "TEE-001-SAN-M" } },
        },
      },
      {
        quantity: 1,
        price_data: { currency: "gbp", unit_amount: 1400, product_data: { name: "Gift note" } },
      },
    ],
    shipping_options: [
      {
        shipping_rate_data: {
          display_name: "Standard",
          type: "fixed_amount",
          fixed_amount: { amount: 399, currency: "gbp" },
        },
      },
    ],
  });
}

describe("Stripe SDK against the sandbox", () => {
  it("creates and retrieves a paid Checkout Session", async () => {
    const session = await createSession(stripe, "jane.doe@example.com");
    expect(session).toMatchObject({
      id: expect.stringMatching(/^cs_test_/),
      object: "checkout.session",
      status: "complete",
      payment_status: "paid",
      amount_subtotal: 5800,
      amount_total: 6199,
      currency: "gbp",
      customer_email: "jane.doe@example.com",
      customer_details: { email: "jane.doe@example.com", name: "Jane Doe", address: { country: "GB" } },
      total_details: { amount_shipping: 399, amount_tax: 0 },
      payment_intent: expect.stringMatching(/^pi_/),
      metadata: { store: "demo" },
    });
    expect((await stripe.checkout.sessions.retrieve(session.id)).id).toBe(session.id);
  });

  it("lists normalised line items with SKUs from the expanded product", async () => {
    const session = await createSession(stripe, "jane.doe@example.com");
    expect(await listCheckoutLineItems(stripe, session.id)).toEqual([
      {
        description: "Mountain Sunrise T-Shirt — Sand / M",
        quantity: 2,
        unitAmount: 2200,
        totalAmount: 4400,
        currency: "gbp",
        sku: "TEE-001-SAN-M",
      },
      {
        description: "Gift note",
        quantity: 1,
        unitAmount: 1400,
        totalAmount: 1400,
        currency: "gbp",
        sku: null,
      },
    ]);
  });

  it("an unknown session is a 404 invalid_request_error", async () => {
    await expect(listCheckoutLineItems(stripe, "cs_test_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
    });
  });

  it("stripe_503 surfaces as an error once the SDK's one retry is used up", async () => {
    const session = await createSession(stripe, "flaky@example.com");
    setFaults("flaky@example.com", { stripe_503: 2 });
    await expect(listCheckoutLineItems(stripe, session.id)).rejects.toMatchObject({ statusCode: 503 });
    await expect(listCheckoutLineItems(stripe, session.id)).resolves.toHaveLength(2);
  });

  it("points at …/api/sandbox/stripe on APP_URL when the sandbox is on and no key is set", async () => {
    const viaAppUrl = getStripe(parseConfig({ STORYLINE_SANDBOX: "true", APP_URL: served.url }));
    const session = await createSession(viaAppUrl, "app.url@example.com");
    expect(await listCheckoutLineItems(viaAppUrl, session.id)).toHaveLength(2);
  });
});
