import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const accounts = {
  owner: { email: "owner@demo.storyline.test", password: "demo-owner-pass" },
  manager: { email: "manager@demo.storyline.test", password: "demo-manager-pass" },
  staff: { email: "staff@demo.storyline.test", password: "demo-staff-pass" },
} as const;

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin/);
}

/** Shows the page in a theme at once: the class the theme cookie makes the root layout render. */
export async function setTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
}

/** The page is no wider than the window (nothing scrolls sideways). */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Serious and critical axe findings inside `include`, one line each (empty when there are none). */
export async function seriousFindings(page: Page, include = "main") {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
