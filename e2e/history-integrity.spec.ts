import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { accounts, setTheme, signIn } from "./helpers";

/**
 * Settings → History integrity: the sealed history's last check ("History verified through …")
 * at a desk and on a phone, light and dark, with no sideways scroll and no serious axe finding;
 * the signed checkpoints download for owners only.
 */
const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

test("the history's check reads well at 1440 and 390 px, light and dark", async ({ page }) => {
  await signIn(page, accounts.owner);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "History integrity" }) });
  // The check runs when the workers start: wait for its first outcome.
  await expect(async () => {
    await page.goto("/admin/settings");
    await expect(card).toContainText("History verified through", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const theme of ["light", "dark"] as const) {
      await page.goto("/admin/settings");
      await setTheme(page, theme);
      await expect(card.getByRole("link", { name: "Download signed checkpoints" })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const results = await new AxeBuilder({ page }).include('[data-testid="history-integrity"]').analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/settings-history-${size.name}-${theme}.png`,
        fullPage: true,
      });
    }
  }
});

test("owners download the signed checkpoints; managers may not", async ({ page, browser }) => {
  await signIn(page, accounts.owner);
  await expect(async () => {
    const response = await page.request.get("/api/activity/checkpoints");
    expect(response.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  const response = await page.request.get("/api/activity/checkpoints");
  expect(response.headers()["content-disposition"]).toMatch(/checkpoints-demo\.jsonl/);
  const line = JSON.parse((await response.text()).trim().split("\n").at(-1)!);
  expect(line).toMatchObject({ v: 2, seq: expect.any(Number), signature: expect.any(String) });

  const manager = await browser.newPage();
  await signIn(manager, accounts.manager);
  expect((await manager.request.get("/api/activity/checkpoints")).status()).toBe(403);
  await manager.goto("/admin/settings");
  await expect(manager.getByRole("heading", { name: "History integrity" })).toBeVisible();
  await expect(manager.getByRole("link", { name: "Download signed checkpoints" })).toHaveCount(0);
  await manager.close();
});
