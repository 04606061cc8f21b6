import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("the owner resends a failed confirmation email and the worker sends it", async ({ page }) => {
  await signIn(page, accounts.owner);
  // The demo seed has an order whose confirmation email failed.
  await page.goto("/admin/activity?type=order.email.failed");
  const failure = page
    .locator('li[data-event-type="order.email.failed"]')
    .filter({ hasText: "Could not send the confirmation email" })
    .first();
  await failure.getByTestId("row-order").click();
  await expect(page).toHaveURL(/\/admin\/orders\/[0-9a-f-]{36}$/);

  const timeline = page.getByTestId("order-timeline");
  const sent = timeline.locator('[data-event-type="order.email.confirmation_sent"]');
  const sentBefore = await sent.count();
  const requests = timeline.locator('[data-event-type="order.email.resend_requested"]');
  const requestsBefore = await requests.count();
  const entries = timeline.locator(":scope > li");
  const entriesBefore = await entries.count();
  const actions = page.getByRole("group", { name: "Order actions" });
  const resend = actions.getByRole("button", { name: "Resend confirmation email" });
  const dialog = page.getByRole("dialog", { name: "Resend the confirmation email?" });

  // Keyboard: open the confirmation, and Esc leaves everything as it was.
  await resend.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("goes to");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(entries).toHaveCount(entriesBefore);

  // Confirmed: the request is on the timeline at once, by the owner.
  await resend.click();
  await dialog.getByRole("button", { name: "Resend" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole("status").filter({ hasText: "Asked to resend the confirmation email." }),
  ).toBeVisible();
  await expect(requests).toHaveCount(requestsBefore + 1);
  await expect(requests.last()).toContainText(
    /Olivia Owner asked to resend the confirmation email to \S+@example\.com/,
  );

  // The email worker (in-process, sandbox outbox) sends it shortly after.
  await expect(async () => {
    await page.reload();
    await expect(sent).toHaveCount(sentBefore + 1, { timeout: 1000 });
    await expect(entries.last()).toHaveAttribute("data-event-type", "order.email.confirmation_sent");
  }).toPass({ timeout: 20_000, intervals: [500, 1000, 2000] });
});

test("the owner cancels a paid order after confirming, with a reason", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  const paidRow = page
    .locator("tbody tr")
    .filter({ has: page.getByText("paid", { exact: true }) })
    .first();
  await paidRow.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/orders\/[0-9a-f-]{36}$/);

  const actions = page.getByRole("group", { name: "Order actions" });
  // Paid but never at Printify: it can be resubmitted or cancelled; no shipping email yet.
  await expect(actions.getByRole("button", { name: "Resubmit to Printify" })).toBeVisible();
  await expect(actions.getByRole("button", { name: "Resend shipping email" })).toHaveCount(0);

  const entries = page.getByTestId("order-timeline").locator(":scope > li");
  const before = await entries.count();
  await actions.getByRole("button", { name: "Cancel order" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel this order?" });
  await expect(dialog).toContainText("The payment is not refunded automatically");

  // No reason: a visible error, and nothing happens.
  await dialog.getByRole("button", { name: "Cancel order" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Say why the order is cancelled.");
  await expect(dialog).toBeVisible();
  await expect(entries).toHaveCount(before);

  await dialog.getByLabel("Reason").fill("customer request");
  await dialog.getByRole("button", { name: "Cancel order" }).click();
  await expect(dialog).toBeHidden();
  const last = entries.last();
  await expect(last).toHaveAttribute("data-event-type", "order.cancelled");
  await expect(last).toContainText("Cancelled: customer request");
  await expect(last).toContainText("Olivia Owner");
  await expect(page.locator("header").getByText("cancelled", { exact: true })).toBeVisible();
  // Nothing left to do on a cancelled order.
  await expect(page.getByRole("group", { name: "Order actions" })).toHaveCount(0);
});
