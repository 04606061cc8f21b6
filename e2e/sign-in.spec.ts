import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("the owner signs in and reaches the admin", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await signIn(page, accounts.owner);
  await expect(page.getByTestId("store-name")).toHaveText("Demo Print Co");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Activity/ }),
  ).toBeVisible();
});

test("a wrong password shows the error and is logged as auth.login_failed", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(accounts.manager.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, accounts.owner);
  await page.goto("/admin/activity");
  const failed = page.locator('[data-event-type="auth.login_failed"]', {
    hasText: `Failed sign-in for ${accounts.manager.email}`,
  });
  await expect(failed.filter({ hasText: "less than a minute ago" }).first()).toBeVisible();
});

test("staff get a real 403 on the activity feed", async ({ page }) => {
  await signIn(page, accounts.staff);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Activity/ }),
  ).toHaveCount(0);
  const response = await page.goto("/admin/activity");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
});

test("a person in two stores switches between them and sees only that store's data", async ({ page }) => {
  await signIn(page, accounts.owner);
  await expect(page.getByTestId("store-name")).toHaveText("Demo Print Co");
  await page.goto("/admin/orders");
  const demoOrders = await page.locator("tbody tr").count();
  // The store menu: open it from the keyboard, pick the other store.
  await page.getByRole("button", { name: /Switch store/ }).focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: /Switch store/ });
  await expect(menu.getByRole("menuitemradio", { name: /Demo Print Co/ })).toHaveAttribute(
    "aria-checked",
    "true",
  );
  await menu.getByRole("menuitemradio", { name: /North Tees Co/ }).click();
  await expect(page.getByTestId("store-name")).toHaveText("North Tees Co");
  await page.goto("/admin/orders");
  await expect(page.locator("tbody tr").first()).toBeVisible();
  expect(await page.locator("tbody tr").count()).toBeLessThan(demoOrders);
  await expect(page.locator("tbody")).toContainText("€");
  await expect(page.locator("tbody")).not.toContainText("£");
});
