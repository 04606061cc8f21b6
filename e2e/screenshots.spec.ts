import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

/** Screenshots of the order page and the feed, light and dark, kept as test artifacts. */
for (const theme of ["light", "dark"] as const) {
  test(`screenshots, ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, accounts.owner);
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark).*$/);

    await page.goto("/admin/activity");
    await expect(page.getByTestId("activity-feed")).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/feed-${theme}.png` });

    await page.goto("/admin/orders");
    const hrefs = await page
      .locator("tbody a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const href of hrefs) {
      await page.goto(href!);
      if (await page.getByTestId("retry-chain").count()) break;
    }
    await expect(page.getByTestId("retry-chain").first()).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/order-${theme}.png`, fullPage: true });
  });
}
