import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("an owner corrects a shipping address before it goes to Printify, and the timeline shows what changed", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  await page
    .getByRole("row")
    .filter({ hasText: /pending|\bpaid\b|payment failed/i })
    .first()
    .getByRole("link")
    .first()
    .click();
  await page.getByRole("button", { name: "Edit address" }).click();
  const dialog = page.getByRole("dialog", { name: "Shipping address" });
  // A bad value is a form error next to its field, and nothing is saved.
  await dialog.getByLabel("Country").fill("Britain");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Country is a two-letter code such as GB.").first()).toBeVisible();
  await dialog.getByLabel("Country").fill("GB");
  await dialog.getByLabel("City").fill("Harrogate");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const entry = page.getByTestId("timeline-entry").filter({ hasText: "changed the shipping address" }).last();
  await expect(entry).toContainText("Olivia Owner changed the shipping address");
  await entry.locator("summary").click();
  await expect(entry).toContainText("City");
  await expect(entry).toContainText("Harrogate");
});

test("an order already at Printify says why its address cannot change here, and offers no edit", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  await page
    .getByRole("row")
    .filter({ hasText: /in production/i })
    .first()
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("button", { name: "Edit address" })).toHaveCount(0);
  await expect(page.getByTestId("address-locked")).toContainText("already at Printify");
  await expect(page.getByTestId("address-locked")).toContainText("cancel the order and resubmit it");
});

test("an owner renames a product, changes a member's role, and sees both in the feed", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/products");
  const productId = await page.locator("li[data-product-id]").first().getAttribute("data-product-id");
  // The list is sorted by title: follow the product by its id.
  const row = page.locator(`li[data-product-id="${productId}"]`);
  await row.getByRole("button", { name: /^Edit/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill("");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Title is required.").first()).toBeVisible();
  await dialog.getByLabel("Title").fill("Harbour Lights Tee");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Harbour Lights Tee");

  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "Members and roles →" }).click();
  const sam = page.locator('li[data-member-email="staff@demo.storyline.test"]');
  await sam.getByRole("button", { name: /Change role/ }).click();
  await page.getByRole("dialog").getByLabel("Role").selectOption("manager");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(sam.getByTestId("member-role")).toHaveText("manager");

  // The last owner cannot step down.
  const olivia = page.locator('li[data-member-email="owner@demo.storyline.test"]');
  await olivia.getByRole("button", { name: /Change role/ }).click();
  await page.getByRole("dialog").getByLabel("Role").selectOption("staff");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("at least one owner");

  await page.goto("/admin/activity?type=member.role_changed");
  await expect(page.getByTestId("activity-feed")).toContainText("made staff@demo.storyline.test a manager");
  await page.goto("/admin/activity?type=product.updated");
  await expect(page.getByTestId("activity-feed")).toContainText("updated the product “Harbour Lights Tee”");
});
