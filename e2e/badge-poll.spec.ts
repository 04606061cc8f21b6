import { expect, type Page, test } from "@playwright/test";
import { randomId, signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { accounts, signIn } from "./helpers";

const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

const badgeOf = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByTestId("attention-badge");

/** The number on the nav badge; the badge is hidden at zero. */
async function badgeNumber(page: Page): Promise<number> {
  const badge = badgeOf(page);
  if ((await badge.count()) === 0) return 0;
  return Number(((await badge.textContent()) ?? "").replace(/\D/g, ""));
}

/** How the badge reads for a count (screen-reader prefix included). */
const badgeText = (count: number) => `Needs attention: ${count > 99 ? "99+" : count}`;

async function attentionCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/activity/attention-count");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { count: number }).count;
}

test("a failed payment arriving by webhook raises the nav badge at the next poll, not before", async ({
  page,
  request,
}) => {
  // Fake timers before any page script runs, so the badge's 60 s poll is ours to advance.
  await page.clock.install();
  await signIn(page, accounts.owner);
  // A page with no live stream: there the badge has only its poll (on the feed and an order's
  // page, the stream refetches it at once; see live-updates.spec.ts).
  await page.goto("/admin/orders");
  // The badge refetches once on mount; let that settle so the next fetch is the poll.
  await page.waitForLoadState("networkidle");

  const before = await badgeNumber(page);
  expect(before, "the badge can only show a rise below 99").toBeLessThan(99);
  expect(await attentionCount(page)).toBe(before);

  const event = stripeEvent({
    type: "payment_intent.payment_failed",
    object: {
      id: randomId("pi"),
      object: "payment_intent",
      amount: 2800,
      currency: "gbp",
      last_payment_error: { message: "Your card was declined." },
    },
  });
  const body = JSON.stringify(event);
  const delivered = await request.post("/api/webhooks/stripe/demo", {
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripePayload(body, DEMO_STRIPE_SECRET),
    },
    data: body,
  });
  expect(delivered.status(), await delivered.text()).toBe(200);

  // The server already counts it (a 2xx means committed); the page has not asked yet.
  expect(await attentionCount(page)).toBe(before + 1);
  await page.waitForTimeout(1_000);
  await expect(badgeOf(page)).toHaveCount(before === 0 ? 0 : 1);
  if (before > 0) await expect(badgeOf(page)).toHaveText(badgeText(before));

  const poll = page.waitForResponse((response) => response.url().endsWith("/api/activity/attention-count"));
  await page.clock.fastForward("01:01");
  expect((await poll).status()).toBe(200);
  await expect(badgeOf(page)).toHaveText(badgeText(before + 1), { timeout: 10_000 });

  // The feed, loaded afresh, shows the warning that raised it.
  await page.goto("/admin/activity?tab=attention&type=order.payment_failed");
  await expect(page.getByText("Payment failed: Your card was declined.").first()).toBeVisible();
});

test("staff see no badge, even after a poll, and get 403 from the count; no session is 401", async ({
  page,
  request,
}) => {
  const anonymous = await request.get("/api/activity/attention-count");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe("unauthorized");

  await page.clock.install();
  await signIn(page, accounts.staff);
  await page.goto("/admin/orders");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByTestId("attention-badge")).toHaveCount(0);

  const staff = await page.request.get("/api/activity/attention-count");
  expect(staff.status()).toBe(403);
  expect((await staff.json()).error.code).toBe("forbidden");

  await page.clock.fastForward("01:01");
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("attention-badge")).toHaveCount(0);
});
