import { expect, type Page, test } from "@playwright/test";
import { sampleItems, waitFor } from "@/lib/demo/scenarios/scenarios";
import { SimulationClient } from "@/lib/demo/scenarios/simulation-client";
import { accounts, seriousFindings, setTheme, signIn } from "./helpers";

/**
 * Live updates, as a person sees them: new activity reaches the open order page, the feed and
 * the nav badge without a reload (a marker set on `window` would not survive one).
 */
const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

const client = (baseURL: string | undefined) =>
  new SimulationClient({ baseUrl: baseURL!, storeSlug: "demo", stripeSecret: DEMO_STRIPE_SECRET });

async function markPage(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
  });
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded === true);

async function badgeCount(page: Page): Promise<number> {
  const text = (await page.getByTestId("attention-badge").textContent()) ?? "";
  return Number(text.replace(/\D/g, "")) || 0;
}

async function paidOrder(sim: SimulationClient, faults: Parameters<SimulationClient["setFaults"]>[1] = {}) {
  const email = SimulationClient.customerEmail("live");
  if (Object.keys(faults).length) await sim.setFaults(email, faults);
  const session = await sim.createCheckout(email, sampleItems());
  await sim.deliverStripe("checkout.session.completed", session, { id: `evt_test_${session.id.slice(-16)}` });
  return session;
}

test("the owner simulates an order and watches it reach Delivered on the open page, without a reload", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  const form = page.getByTestId("simulate-order-form");
  await form.getByLabel("Scenario").selectOption("happy");
  await form.getByRole("button", { name: "Simulate an order" }).click();
  await expect(page).toHaveURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
  await markPage(page);
  await expect(page.getByTestId("order-timeline").getByText("Delivered", { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText("Shipped via", { exact: false }).first()).toBeVisible();
  expect(await notReloaded(page)).toBe(true);
});

test("a Stripe webhook arriving while the order page is open appears on it, and the badge follows", async ({
  page,
  baseURL,
}) => {
  const sim = client(baseURL);
  // Printify refuses the order: it stays paid, on its way, with an error to resolve.
  const session = await paidOrder(sim, { out_of_stock: true });
  const recorded = await waitFor(sim, [session.id], (r) =>
    r.events.some((e) => e.eventType === "order.submission_failed"),
  );
  const order = recorded.orders[0]!;

  await signIn(page, accounts.owner);
  await page.goto(`/admin/orders/${order.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    expect(await seriousFindings(page, '[data-testid="live-status"]')).toEqual([]);
  }
  await markPage(page);
  const before = await badgeCount(page);

  await new Promise((resolve) => setTimeout(resolve, 1100)); // Stripe's clock has whole seconds.
  const refund = await sim.deliverStripe("charge.refunded", {
    id: `ch_test_${session.id.slice(-12)}`,
    object: "charge",
    payment_intent: session.payment_intent,
    amount: session.amount_total,
    amount_refunded: Math.round(session.amount_total / 4),
    currency: session.currency,
    refunds: { data: [{ reason: "requested_by_customer" }] },
  });
  expect(refund.status).toBe(200);

  await expect(
    page
      .getByTestId("order-timeline")
      .getByText(/refunded £/i)
      .first(),
  ).toBeVisible({
    timeout: 5_000,
  });
  await expect.poll(() => badgeCount(page), { timeout: 5_000 }).toBe(before + 1);
  expect(await notReloaded(page)).toBe(true);
});

test("the feed counts new events in a pill without moving the list; a click shows them", async ({
  page,
  baseURL,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/activity");
  const feed = page.getByTestId("activity-feed");
  const firstRow = await feed.locator("li").first().getAttribute("data-event-id");
  await markPage(page);

  const session = await paidOrder(client(baseURL));
  const pill = page.getByTestId("new-activity").getByRole("button", { name: /\d+ new events?/ });
  await expect(pill).toBeVisible({ timeout: 5_000 });
  // Counted, not inserted: the reader's first row is still the first row.
  expect(await feed.locator("li").first().getAttribute("data-event-id")).toBe(firstRow);
  await expect(page.getByTestId("new-activity")).toHaveAttribute("aria-live", "polite");
  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])
    for (const theme of ["light", "dark"] as const) {
      await page.setViewportSize(size);
      await setTheme(page, theme);
      expect(await seriousFindings(page, '[data-testid="new-activity"]')).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
    }
  await setTheme(page, "light");

  await pill.click();
  await expect(feed.locator("li").first()).not.toHaveAttribute("data-event-id", firstRow!);
  await expect(feed.getByText(/Order placed/).first()).toBeVisible();
  expect(await notReloaded(page)).toBe(true);
  expect(session.id).toBeTruthy();
});

test("the stream asks what the pages ask: no session 401, staff 403 for the store's, staff 200 for an order's", async ({
  page,
  request,
}) => {
  const anonymous = await request.get("/api/activity/stream");
  expect(anonymous.status()).toBe(401);

  await signIn(page, accounts.staff);
  const statusOf = (path: string) =>
    page.evaluate(async (url) => {
      const response = await fetch(url);
      await response.body?.cancel();
      return { status: response.status, type: response.headers.get("content-type") };
    }, path);
  expect((await statusOf("/api/activity/stream")).status).toBe(403);
  const forOrder = await statusOf("/api/activity/stream?order=0190a000-0000-7000-8000-000000000000");
  expect(forOrder.status).toBe(200);
  expect(forOrder.type).toMatch(/^text\/event-stream/);
});
