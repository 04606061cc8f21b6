import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("resolving from Needs attention lowers the badge and moves the row", async ({ page }) => {
  await signIn(page, accounts.owner);
  const badge = page.getByRole("navigation", { name: "Main" }).getByTestId("attention-badge");
  const before = Number(await badge.textContent().then((t) => (t ?? "").replace(/\D/g, "")));
  expect(before).toBeGreaterThan(0);

  await page.goto("/admin/activity?tab=attention");
  const first = page.locator("[data-testid=activity-feed] li").first();
  const id = await first.getAttribute("data-event-id");
  const type = await first.getAttribute("data-event-type");
  await first.getByRole("button", { name: "Resolve", exact: true }).click();
  await first.getByLabel("Resolution note (optional)").fill("Checked with the customer");
  await first.getByRole("button", { name: "Confirm" }).click();

  await expect(page.locator(`[data-event-id="${id}"]`)).toHaveCount(0);
  await expect(badge).toHaveText(new RegExp(`${before - 1}$`));

  await page.goto(`/admin/activity?type=${type}`);
  const resolved = page.locator(`[data-event-id="${id}"]`);
  await expect(resolved.getByTestId("resolution")).toContainText("Resolved by Olivia Owner");
  await expect(resolved.getByTestId("resolution")).toContainText("Checked with the customer");
});

test("several events are resolved at once", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/admin/activity?tab=attention");
  const rows = page.locator("[data-testid=activity-feed] li");
  const countBefore = await rows.count();
  expect(countBefore).toBeGreaterThan(2);
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Resolve 2 selected" }).click();
  await expect(page.getByText("Resolved 2.")).toBeVisible();
  await expect(rows).toHaveCount(countBefore - 2);
});

test("the attention-count API: 401 without a session, 403 for staff, the count for an owner", async ({
  page,
  request,
}) => {
  const anonymous = await request.get("/api/activity/attention-count");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe("unauthorized");

  await signIn(page, accounts.staff);
  const staff = await page.request.get("/api/activity/attention-count");
  expect(staff.status()).toBe(403);
  await expect(page.getByTestId("attention-badge")).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, accounts.owner);
  const owner = await page.request.get("/api/activity/attention-count");
  expect(owner.status()).toBe(200);
  const { count } = await owner.json();
  await expect(page.getByTestId("attention-badge")).toHaveText(new RegExp(`${count}$`));
});
