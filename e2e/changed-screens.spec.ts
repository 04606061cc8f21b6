import { expect, test } from "@playwright/test";
import { accounts, expectNoSidewaysScroll, seriousFindings, setTheme, signIn } from "./helpers";

/**
 * The screens this layer of hardening changed — the feed's refused-webhook count, the
 * "via API key" actor and the recorded time of a back-dated API event, the sign-in form —
 * at a desk and on a phone, light and dark: no sideways scroll, and no serious or critical
 * axe finding in what changed. Screenshots go to test-results/screenshots/.
 */
const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

test("the feed's new lines read well at 1440 and 390 px, light and dark", async ({ page, request }) => {
  for (let i = 0; i < 3; i++) await request.post("/api/webhooks/stripe/demo", { data: { junk: i } });
  const key = { authorization: "Bearer sl_demo_storyline_local_only_00000000000000000" };
  const written = await request.post("/api/v1/events", {
    headers: key,
    data: {
      type: "custom.stock_counted",
      message: "Warehouse count imported: 412 blanks",
      occurred_at: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    },
  });
  expect(written.status()).toBe(201);

  await signIn(page, accounts.owner);
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const theme of ["light", "dark"] as const) {
      await page.goto("/admin/activity?q=Stripe%20webhook");
      await setTheme(page, theme);
      await expect(page.getByTestId("repeats").first()).toContainText("3 times");
      await expectNoSidewaysScroll(page);
      expect(await seriousFindings(page, '[data-testid="repeats"]')).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/feed-rejections-${size.name}-${theme}.png`,
        fullPage: true,
      });

      await page.goto("/admin/activity?q=Warehouse%20count");
      await setTheme(page, theme);
      const row = page.getByTestId("activity-feed").locator("li").first();
      await expect(row).toContainText("via API key “Demo integration”");
      await expect(row.getByTestId("recorded-at")).toBeVisible();
      await expectNoSidewaysScroll(page);
      expect(await seriousFindings(page, '[data-testid="activity-feed"] li:first-child')).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/feed-api-event-${size.name}-${theme}.png`,
        fullPage: true,
      });
    }
  }
});

test("the sign-in page reads well at 1440 and 390 px, light and dark", async ({ page }) => {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const theme of ["light", "dark"] as const) {
      await page.goto("/login?error=CredentialsSignin");
      await setTheme(page, theme);
      await expectNoSidewaysScroll(page);
      expect(await seriousFindings(page, "main")).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/login-${size.name}-${theme}.png`,
        fullPage: true,
      });
    }
  }
});
