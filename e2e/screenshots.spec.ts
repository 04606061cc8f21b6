import { expect, type Page, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

/**
 * The README's screenshots: the dashboard, the feed and an order page, at a desk and on a
 * phone, light and dark, written to docs/screenshots/ (`npx playwright test e2e/screenshots.spec.ts`
 * refreshes them). Each is one screenful, so the files stay small.
 */
const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** An order whose story has a retry chain, if the demo has one; else the newest order. */
async function storiedOrder(page: Page): Promise<string> {
  await page.goto("/admin/orders");
  const hrefs = await page
    .getByTestId("orders-table")
    .locator("tbody a[href^='/admin/orders/']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    if (await page.getByTestId("retry-chain").count()) return href;
  }
  return hrefs[0]!;
}

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: "disabled", caret: "hide" });
};

for (const theme of ["light", "dark"] as const) {
  test(`screenshots, ${theme} theme`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ colorScheme: theme, viewport: sizes[0] });
    await context.addCookies([{ name: "theme", value: theme, url: baseURL! }]);
    const page = await context.newPage();
    await signIn(page, accounts.owner);
    await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    const order = await storiedOrder(page);

    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto("/admin");
      await expect(page.getByTestId("activity-chart").getByRole("link").first()).toBeVisible();
      await shot(page, `dashboard-${size.name}-${theme}`);

      await page.goto("/admin/activity");
      await expect(page.getByTestId("activity-feed")).toBeVisible();
      await shot(page, `feed-${size.name}-${theme}`);

      await page.goto(order);
      await expect(page.getByTestId("order-timeline")).toBeVisible();
      await shot(page, `order-${size.name}-${theme}`);
    }
    await context.close();
  });
}
