import { expect, test } from "@playwright/test";
import { checkoutSession, signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { runScenario } from "@/lib/demo/scenarios/run-scenario";
import { scenarios } from "@/lib/demo/scenarios/scenarios";
import { SimulationClient } from "@/lib/demo/scenarios/simulation-client";
import { accounts, signIn } from "./helpers";

const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

function client(baseURL: string | undefined) {
  return new SimulationClient({ baseUrl: baseURL!, storeSlug: "demo", stripeSecret: DEMO_STRIPE_SECRET });
}

test.describe("every simulate scenario, over HTTP through the real routes and workers", () => {
  for (const scenario of scenarios) {
    test(`${scenario.name}: ${scenario.summary}`, async ({ baseURL }) => {
      const result = await runScenario(client(baseURL), scenario, { timeoutMs: 45_000 });
      expect(
        result.problems,
        result.recorded.events.map((e) => `${e.eventType} ${e.level}`).join("\n"),
      ).toEqual([]);
    });
  }
});

test("50 concurrent deliveries of one event: 50 × 200, one order, one order.created", async ({ baseURL }) => {
  const sim = client(baseURL);
  const session = await sim.createCheckout(SimulationClient.customerEmail("burst"), [
    { name: "Burst tee", sku: "BURST-TEE", unitAmount: 2000, quantity: 1 },
  ]);
  const id = `evt_test_burst_${Date.now()}`;
  const results = await Promise.all(
    Array.from({ length: 50 }, () => sim.deliverStripe("checkout.session.completed", session, { id })),
  );
  expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
  const recorded = await sim.recorded([session.id]);
  expect(recorded.orders).toHaveLength(1);
  expect(recorded.events.filter((e) => e.eventType === "order.created")).toHaveLength(1);
});

test("a bad signature is a 400 with a message and leaves a webhook.rejected warning in the feed", async ({
  page,
  request,
}) => {
  const event = stripeEvent({
    type: "checkout.session.completed",
    object: checkoutSession({ email: "forged@customer.example", subtotal: 999 }),
  });
  const body = JSON.stringify(event);
  const response = await request.post("/api/webhooks/stripe/demo", {
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripePayload(body, "whsec_not_the_secret"),
    },
    data: body,
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "invalid_signature", message: "The Stripe signature does not match this store's secret." },
  });
  await signIn(page, accounts.owner);
  await page.goto("/admin/activity?type=webhook.rejected");
  await expect(
    page
      .getByText("Rejected a Stripe webhook: The Stripe signature does not match this store's secret.")
      .first(),
  ).toBeVisible();
});

test("the owner simulates an order from the admin and watches its story arrive", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  const form = page.getByTestId("simulate-order-form");
  await form.getByLabel("Scenario").selectOption("retry");
  await form.getByRole("button", { name: "Simulate an order" }).click();
  await expect(page).toHaveURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Order placed").first()).toBeVisible();
  // The story unfolds through the workers and the sandbox's webhooks; Refresh shows it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Delivered", { exact: true }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("Submitted after failing once")).toBeVisible();
});
