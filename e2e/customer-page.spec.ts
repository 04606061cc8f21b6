import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("a customer follows their order link and sees its progress, and nothing internal", async ({
  page,
  browser,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  // A shipped order: its timeline has internal events (submission) and customer ones (shipped).
  await page.getByRole("row").filter({ hasText: "Shipped" }).first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Order #\d+/ })).toBeVisible();
  const number = (await page.getByRole("heading", { name: /Order #\d+/ }).textContent())!.trim();
  const timeline = page.getByTestId("order-timeline");
  await expect(timeline).toContainText("Submitted to Printify");
  const link = await page.getByRole("link", { name: "Customer page" }).getAttribute("href");
  expect(link).toMatch(/^\/o\/[A-Za-z0-9_-]{32}$/);

  // The customer has no session.
  const customer = await browser.newContext();
  const customerPage = await customer.newPage();
  const response = await customerPage.goto(link!);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(customerPage.getByRole("heading", { name: number })).toBeVisible();
  const updates = customerPage.getByTestId("customer-events");
  await expect(updates).toContainText("We've received your order");
  await expect(updates).toContainText(/Shipped with .+ — tracking number/);
  await expect(customerPage.getByRole("list", { name: "Progress" })).toContainText("On its way");
  const body = await customerPage.locator("body").innerText();
  expect(body).not.toContain("Submitted to Printify");
  expect(body).not.toContain("@");
  expect(body).not.toMatch(/worker|Stripe|Printify \(/);
  await customer.close();
});

test("an unknown order link is a 404, and too many requests get a 429", async ({ request }) => {
  const unknown = await request.get(`/o/${"x".repeat(32)}`);
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain("We can't find that order");

  // 60 a minute per address: keep going until the limit answers.
  let limited = null;
  for (let i = 0; i < 70 && !limited; i++) {
    const response = await request.get(`/o/${"y".repeat(32)}`);
    if (response.status() === 429) limited = response;
    else expect(response.status()).toBe(404);
  }
  expect(limited).not.toBeNull();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
});
