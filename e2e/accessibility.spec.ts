import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

/**
 * Every page, at a desk (1440×900) and on a phone (390×844), in the light and the dark theme:
 * no serious or critical axe finding, no sideways scroll, and nothing in the console.
 */
const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const themes = ["light", "dark"] as const;
type Theme = (typeof themes)[number];

/** What a page visit must not show: axe findings, overflow and console errors, as sentences. */
type Problems = string[];

/**
 * A browser context in a size and theme: the system's colour scheme, and the theme cookie the
 * toggle sets (which the root layout renders as the class on `<html>`).
 */
async function openContext(browser: Browser, baseURL: string, size: (typeof sizes)[number], theme: Theme) {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    colorScheme: theme,
  });
  await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
  return context;
}

/** Console errors and uncaught exceptions, except the status line of a page that is meant to be 403 or 404. */
function watchConsole(page: Page): { errors: string[]; expectStatus(status: number | null): void } {
  const errors: string[] = [];
  let expected: number | null = null;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (expected && text.includes(`status of ${expected}`)) return;
    const { url } = message.location();
    errors.push(url ? `${text} (${url})` : text);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { errors, expectStatus: (status) => (expected = status) };
}

/** Where each visit's full-page screenshot goes, to look at (test-results/ is not committed). */
const shotName = (page: Page, theme: string, path: string) =>
  `test-results/accessibility/${page.viewportSize()!.width}-${theme}${path.replace(/[^a-z0-9]+/gi, "-")}.png`;

async function check(page: Page, console: ReturnType<typeof watchConsole>, path: string, status = 200) {
  console.expectStatus(status === 200 ? null : status);
  console.errors.length = 0;
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers ${status}`).toBe(status);
  await page.waitForLoadState("networkidle");
  const problems: Problems = [];

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px`);

  const results = await new AxeBuilder({ page }).analyze();
  for (const violation of results.violations) {
    if (violation.impact !== "serious" && violation.impact !== "critical") continue;
    problems.push(
      `${violation.id} (${violation.impact}): ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(" "))
        .join(", ")}`,
    );
  }
  problems.push(...console.errors.map((error) => `console: ${error}`));
  const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.screenshot({
    path: shotName(page, dark ? "dark" : "light", status === 200 ? path : `${path}-${status}`),
    fullPage: true,
  });
  return problems.map((problem) => `${path}: ${problem}`);
}

async function signedIn(context: BrowserContext, who: { email: string; password: string }) {
  const page = await context.newPage();
  const console = watchConsole(page);
  await signIn(page, who);
  return { page, console };
}

for (const size of sizes) {
  for (const theme of themes) {
    test(`every page reads well at ${size.width} px, ${theme} theme`, async ({ browser, baseURL }) => {
      test.setTimeout(240_000);
      const problems: Problems = [];

      // Signed out: the sign-in page.
      const visitor = await openContext(browser, baseURL!, size, theme);
      const visitorPage = await visitor.newPage();
      problems.push(...(await check(visitorPage, watchConsole(visitorPage), "/login")));
      await visitor.close();

      // An owner: every admin page, an order and its customer page, and a 404 in the shell.
      const owner = await openContext(browser, baseURL!, size, theme);
      const { page, console } = await signedIn(owner, accounts.owner);
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      for (const path of [
        "/admin",
        "/admin/orders",
        "/admin/orders?status=in_progress",
        "/admin/activity",
        "/admin/activity?tab=attention",
        "/admin/outbox",
        "/admin/products",
        "/admin/settings",
        "/admin/settings/api-keys",
        "/admin/settings/members",
      ]) {
        problems.push(...(await check(page, console, path)));
      }
      await page.goto("/admin/orders");
      const order = await page.getByTestId("orders-table").locator("tbody a").first().getAttribute("href");
      problems.push(...(await check(page, console, order!)));
      const customerLink = await page.getByRole("link", { name: "Customer page" }).getAttribute("href");
      problems.push(...(await check(page, console, "/admin/no-such-page", 404)));
      await expect(page.getByTestId("store-name")).toBeVisible();
      await owner.close();

      const customer = await openContext(browser, baseURL!, size, theme);
      const customerPage = await customer.newPage();
      problems.push(...(await check(customerPage, watchConsole(customerPage), customerLink!)));
      await customer.close();

      // Staff on an owner-only page: a 403 inside the admin shell.
      const staff = await openContext(browser, baseURL!, size, theme);
      const staffSession = await signedIn(staff, accounts.staff);
      problems.push(
        ...(await check(staffSession.page, staffSession.console, "/admin/settings/members", 403)),
      );
      await expect(staffSession.page.getByTestId("store-name")).toBeVisible();
      await expect(staffSession.page.locator('nav[aria-label="Main"]')).toBeAttached();
      await staff.close();

      expect(problems).toEqual([]);
    });
  }
}

test("the skip link is the first tab stop and takes the focus to the content", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#content$/);
  await page.keyboard.press("Tab");
  // The next stop is inside the page, past the navigation.
  expect(await page.evaluate(() => document.activeElement?.closest("main")?.id)).toBe("content");
});

test("on a phone the navigation is a menu: it opens, follows a link, and Escape closes it", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, accounts.owner);
  await page.goto("/admin");
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  await expect(nav).toBeHidden();
  await expect(page.getByTestId("orders-table")).toBeVisible();

  // At a desk the same links are a sidebar, with no menu button.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(menu).toBeHidden();
  await expect(nav).toBeVisible();
});

test("the dashboard's figures open their lists, and each day of the chart opens that day's feed", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin");
  await expect(page.getByTestId("activity-chart")).toContainText("Activity, last 30 days");
  const latest = page.locator("section", { has: page.getByRole("heading", { name: "Latest activity" }) });
  await expect(latest.getByRole("listitem").first()).toBeVisible();
  await expect(latest).not.toContainText("signed in");

  const today = page.getByTestId("activity-chart").getByRole("link").last();
  const href = await today.getAttribute("href");
  expect(href).toMatch(/^\/admin\/activity\?from=(\d{4}-\d{2}-\d{2})&to=\1$/);
  expect(await today.getAttribute("aria-label")).toMatch(/\d+ events? \(.*\), \d+ still needs? attention/);
  await today.click();
  await expect(page).toHaveURL(href!);
  await expect(page.getByTestId("activity-feed")).toBeVisible();

  await page.goto("/admin");
  await page.getByRole("link", { name: /^In progress/ }).click();
  await expect(page).toHaveURL(/\/admin\/orders\?status=in_progress$/);
  await expect(page.getByTestId("orders-in-progress")).toBeVisible();
  const statuses = await page.getByTestId("orders-table").locator("tbody tr").allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  for (const row of statuses) expect(row).toMatch(/Paid|Submitted|In production/i);

  await page.goto("/admin");
  await page.getByRole("link", { name: /^Needs attention/ }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?tab=attention$/);
});

test("the chosen theme is rendered from its cookie: it survives a reload and a 404 in the shell", async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signIn(page, accounts.owner);
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  const response = await page.request.get("/admin/orders");
  expect(await response.text()).toMatch(/<html lang="en" class="dark"/);
  // A 404 under /admin comes as Next's error shell and is drawn by the client: the class is the
  // root layout's own prop, so that render keeps it too.
  for (const path of ["/admin/orders", "/admin/no-such-page"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  }
  await page.getByRole("button", { name: "Light theme" }).click();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\blight\b/);
});
