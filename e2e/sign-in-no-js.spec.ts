import { expect, test } from "@playwright/test";
import { accounts } from "./helpers";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a person signs in and lands on the page they asked for; the password is never in a URL", async ({
    page,
  }) => {
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await page.goto("/admin/activity?tab=attention&level=error");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Email").fill(accounts.owner.email);
    await page.getByLabel("Password").fill(accounts.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/activity\?tab=attention&level=error$/);
    await expect(page.getByTestId("store-name")).toHaveText("Demo Print Co");
    expect(urls.length).toBeGreaterThan(2);
    for (const url of urls) expect(url).not.toContain(encodeURIComponent(accounts.owner.password));
    for (const url of urls) expect(url).not.toContain("password=");
  });

  test("a wrong password shows the error on the sign-in page, and keeps the page asked for", async ({
    page,
  }) => {
    await page.goto("/login?callbackUrl=%2Fadmin%2Forders");
    await page.getByLabel("Email").fill(accounts.manager.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\?error=CredentialsSignin&callbackUrl=%2Fadmin%2Forders$/);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    await page.getByLabel("Email").fill(accounts.manager.email);
    await page.getByLabel("Password").fill(accounts.manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/orders$/);
  });
});
