import { type Browser, expect, type Page, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

const northOwner = { email: "owner@north.storyline.test", password: "north-owner-pass" };

/** The session cookie of a signed-in page, replayed by a plain HTTP client. */
async function attentionCountWith(page: Page, cookie: string) {
  return page.request.fetch("/api/activity/attention-count", { headers: { cookie } });
}

async function sessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

async function signedInAs(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { page, cookie: await sessionCookie(page), close: () => context.close() };
}

test("after sign-out, a copy of the old session cookie gets 401", async ({ browser }) => {
  const manager = await signedInAs(browser, accounts.manager);
  const copy = await browser.newContext();
  const replay = await copy.newPage();
  expect((await attentionCountWith(replay, manager.cookie)).status()).toBe(200);
  await manager.page.getByRole("button", { name: "Sign out" }).click();
  await expect(manager.page).toHaveURL(/\/login/);
  expect((await attentionCountWith(replay, manager.cookie)).status()).toBe(401);
  await copy.close();
  await manager.close();
});

test("a changed role ends the member's session at once", async ({ browser }) => {
  const manager = await signedInAs(browser, accounts.manager);
  expect((await attentionCountWith(manager.page, manager.cookie)).status()).toBe(200);

  const owner = await signedInAs(browser, accounts.owner);
  const setRole = async (role: string) => {
    await owner.page.goto("/admin/settings/members");
    const row = owner.page.locator(`li[data-member-email="${accounts.manager.email}"]`);
    await row.getByRole("button", { name: /Change role/ }).click();
    await owner.page.getByRole("dialog").getByLabel("Role").selectOption(role);
    await owner.page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(row.getByTestId("member-role")).toHaveText(role);
  };
  await setRole("staff");
  expect((await attentionCountWith(manager.page, manager.cookie)).status()).toBe(401);
  await manager.page.goto("/admin/orders");
  await expect(manager.page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Forders$/);
  await setRole("manager");
  await owner.close();
  await manager.close();
});

test("a removed membership ends the person's session at once", async ({ browser }) => {
  // The demo owner is also a manager of North Tees Co; its owner removes them, then adds them back.
  const demoOwner = await signedInAs(browser, accounts.owner);
  expect((await attentionCountWith(demoOwner.page, demoOwner.cookie)).status()).toBe(200);
  const north = await signedInAs(browser, northOwner);
  await north.page.goto("/admin/settings/members");
  const row = north.page.locator(`li[data-member-email="${accounts.owner.email}"]`);
  await row.getByRole("button", { name: /Remove/ }).click();
  await north.page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  expect((await attentionCountWith(demoOwner.page, demoOwner.cookie)).status()).toBe(401);

  await north.page.getByRole("button", { name: "Add member" }).click();
  await north.page.getByRole("dialog").getByLabel("Email").fill(accounts.owner.email);
  await north.page.getByRole("dialog").getByLabel("Role").selectOption("manager");
  await north.page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(row.getByTestId("member-role")).toHaveText("manager");
  await north.close();
  await demoOwner.close();
});

test("a deep link opened signed out comes back to its exact path and query", async ({ page }) => {
  await page.goto("/admin/activity?tab=attention&level=error");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Factivity%3Ftab%3Dattention%26level%3Derror$/);
  await page.getByLabel("Email").fill(accounts.owner.email);
  await page.getByLabel("Password").fill(accounts.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?tab=attention&level=error$/);

  await page.goto("/admin/orders");
  const orderHref = await page.locator("tbody a[href^='/admin/orders/']").first().getAttribute("href");
  await page.context().clearCookies();
  await page.goto(orderHref!);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(accounts.owner.email);
  await page.getByLabel("Password").fill(accounts.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${orderHref}$`));
});

for (const target of ["/\\evil.example/", "/%09/evil.example/", "//evil.example/", "https://evil.example/"]) {
  test(`callbackUrl ${target} never leaves the app, after the form or when already signed in`, async ({
    page,
  }) => {
    const url = `/login?callbackUrl=${encodeURIComponent(target).replace("%2509", "%09")}`;
    await page.goto(url);
    await page.getByLabel("Email").fill(accounts.owner.email);
    await page.getByLabel("Password").fill(accounts.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
    await page.goto(url);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
  });
}
