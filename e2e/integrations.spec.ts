import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomId, signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { accounts, expectNoSidewaysScroll, seriousFindings, setTheme, signIn } from "./helpers";

/**
 * Going live from the admin: an owner finds the store's webhook URL, rotates the Stripe
 * signing secret (a wrong one is explained under the field), and a delivery signed with the
 * new secret is accepted — the old one too, during its grace period. The page and Settings
 * (with the Morning email switch) at 1440 and 390 px, light and dark: no sideways scroll and
 * no serious or critical axe finding.
 */
const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

function signedDelivery(secret: string) {
  const event = stripeEvent({ type: "customer.created", object: { id: randomId("cus") } });
  const body = JSON.stringify(event);
  return {
    body,
    headers: { "content-type": "application/json", "stripe-signature": signStripePayload(body, secret) },
  };
}

test("an owner rotates the Stripe secret and a delivery signed with the new one is accepted", async ({
  page,
  request,
  baseURL,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "Stripe and Printify →" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Stripe webhook URL" })).toHaveValue(
    `${baseURL}/api/webhooks/stripe/demo`,
  );
  await expect(page.getByTestId("current-secret").first()).toHaveText("whsec_…only");

  const secretField = page.getByLabel("New Stripe signing secret");
  await secretField.fill("sk_test_not_a_webhook_secret");
  await page.getByRole("button", { name: "Rotate secret" }).first().click();
  await expect(page.locator("main").getByRole("alert")).toContainText("starts with whsec_");
  await expect(secretField).toHaveAttribute("aria-invalid", "true");

  const fresh = `whsec_e2e_${randomBytes(16).toString("hex")}`;
  await secretField.fill(fresh);
  await page.getByRole("button", { name: "Rotate secret" }).first().click();
  await expect(page.getByText("Rotated. The previous secret keeps working for 24 hours.")).toBeVisible();
  await expect(page.getByTestId("current-secret").first()).toHaveText(`whsec_…${fresh.slice(-4)}`);
  await expect(page.getByText("whsec_…only")).toBeVisible();

  // Stripe, now signing with the new secret; and a delivery still signed with the old one.
  const withNew = signedDelivery(fresh);
  const accepted = await request.post("/api/webhooks/stripe/demo", {
    data: withNew.body,
    headers: withNew.headers,
  });
  expect(accepted.status()).toBe(200);
  const withOld = signedDelivery(DEMO_STRIPE_SECRET);
  expect(
    (
      await request.post("/api/webhooks/stripe/demo", { data: withOld.body, headers: withOld.headers })
    ).status(),
  ).toBe(200);
  const forged = signedDelivery("whsec_somebody_elses_secret_000000");
  expect(
    (
      await request.post("/api/webhooks/stripe/demo", { data: forged.body, headers: forged.headers })
    ).status(),
  ).toBe(400);

  await page.getByRole("button", { name: "Send a test Stripe delivery" }).click();
  await expect(page.getByText(/^Accepted: the test delivery evt_test_/)).toBeVisible();
  await page.getByRole("link", { name: "See it" }).click();
  await expect(
    page.getByText(
      `Received a signed Stripe test delivery: the signing secret whsec_…${fresh.slice(-4)} works`,
    ),
  ).toBeVisible();
  await expect(page.getByText(`rotated the Stripe signing secret to whsec_…${fresh.slice(-4)}`)).toHaveCount(
    0,
  );
  await page.goto("/admin/activity?type=settings.webhook_secret_rotated");
  await expect(
    page.getByText(`rotated the Stripe signing secret to whsec_…${fresh.slice(-4)}`).first(),
  ).toBeVisible();
  expect(await page.content()).not.toContain(fresh);
});

test("Integrations and Settings read well at 1440 and 390 px, light and dark", async ({ page }) => {
  await signIn(page, accounts.owner);
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const theme of ["light", "dark"] as const) {
      for (const path of ["/admin/settings/integrations", "/admin/settings"]) {
        await page.goto(path);
        await setTheme(page, theme);
        await expect(page.locator("main h1")).toBeVisible();
        await expectNoSidewaysScroll(page);
        expect(await seriousFindings(page)).toEqual([]);
        await page.screenshot({
          path: `test-results/screenshots/${path.split("/").at(-1)}-${size.name}-${theme}.png`,
          fullPage: true,
        });
      }
    }
  }
});

test("an owner turns the morning email off and on (logged); staff see no switch and no Integrations", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/settings");
  const toggle = page.getByRole("switch", { name: "Morning email" });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await expect(page.getByRole("switch", { name: "Morning email" })).toHaveAttribute("aria-checked", "false");
  await page.getByRole("switch", { name: "Morning email" }).click();
  await expect(page.getByRole("switch", { name: "Morning email" })).toHaveAttribute("aria-checked", "true");
  await page.goto("/admin/activity?type=member.morning_email_changed");
  await expect(
    page.getByText(/turned the morning email off for owner@demo\.storyline\.test/).first(),
  ).toBeVisible();
  await page.context().clearCookies();

  await signIn(page, accounts.staff);
  await page.goto("/admin/settings");
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.getByRole("switch", { name: "Morning email" })).toHaveCount(0);
  const response = await page.goto("/admin/settings/integrations");
  expect(response?.status()).toBe(403);
});
