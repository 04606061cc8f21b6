import { expect, type Page, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

/**
 * The first order in the list whose timeline shows a retry chain that ended in success
 * (the demo seed has orders whose submission failed once and then went through).
 */
async function findOrderWithRetriedSubmission(page: Page): Promise<string> {
  await page.goto("/admin/orders");
  const hrefs = await page
    .locator('a[href^="/admin/orders/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    await page.goto(href);
    const chain = page.locator('[data-testid=retry-chain][data-outcome="succeeded"]');
    if (await chain.count()) return href;
  }
  throw new Error("no order with a retried submission in the demo data");
}

test("the order timeline tells the story, folds retries, and takes notes", async ({ page }) => {
  await signIn(page, accounts.owner);
  const href = await findOrderWithRetriedSubmission(page);

  const timeline = page.getByTestId("order-timeline");
  const entries = timeline.locator(":scope > li");
  expect(await entries.count()).toBeGreaterThan(2);

  // Oldest first: each entry's time is not before the previous one.
  const times = await timeline
    .locator(":scope > li > details > summary time:not([data-testid=resolution] *)")
    .evaluateAll((els) => els.map((el) => Date.parse(el.getAttribute("datetime")!)));
  expect(times.length).toBe(await entries.count());
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // The full date is there on hover.
  const time = timeline.locator("time").first();
  await expect(time).toHaveAttribute("datetime", /^\d{4}-/);
  await time.hover();
  await expect(page.getByRole("tooltip")).toContainText(/\d{4}/);

  // The retry chain: one entry that reads as the success it ended in (a tick, not colour alone),
  // with a summary that counts the failures.
  const chain = timeline.locator('[data-testid=retry-chain][data-outcome="succeeded"]').first();
  await expect(chain.getByTestId("retry-chain-summary")).toHaveText(
    /^Submitted after failing (once|twice|\d+ times)$/,
  );
  const chainSummary = chain.locator(":scope > details > summary");
  await expect(chainSummary.getByLabel("Succeeded")).toBeVisible();
  const attempts = chain.getByTestId("retry-chain-attempts");
  await expect(attempts).toBeHidden();

  // Keyboard: focus the chain's summary and open it with Enter.
  await chainSummary.focus();
  await page.keyboard.press("Enter");
  await expect(attempts).toBeVisible();
  await expect(attempts.locator('[data-event-type="order.submission_failed"]').first()).toContainText(
    "Submission to Printify failed",
  );
  await expect(attempts.locator('[data-event-type="order.submitted"]')).toContainText(
    "Submitted to Printify",
  );

  // An attempt opens to its details: payload as a definition list, source and correlation id.
  const failure = attempts.locator('[data-event-type="order.submission_failed"]').first();
  await failure.locator("summary").click();
  const details = failure.getByRole("definition");
  await expect(failure.getByText("Attempt", { exact: true })).toBeVisible();
  await expect(failure.getByText("Correlation id")).toBeVisible();
  await expect(details.filter({ hasText: "order.submission_failed" })).toBeVisible();

  // An empty note is refused with a visible error and writes nothing.
  const form = page.getByTestId("order-note-form");
  const before = await entries.count();
  await form.getByRole("button", { name: "Add note" }).click();
  await expect(form.getByRole("alert")).toHaveText("Write a note first.");
  await expect(entries).toHaveCount(before);

  // A note lands at the end of the timeline, by the owner, and the form clears.
  const text = `Customer asked for gift wrap ${Date.now()}`;
  await form.getByLabel("Add a note").fill(text);
  await form.getByRole("button", { name: "Add note" }).click();
  const last = entries.last();
  await expect(last).toContainText(`Olivia Owner: ${text}`);
  await expect(last).toHaveAttribute("data-event-type", "order.note_added");
  await expect(last.locator("summary")).toContainText("Olivia Owner");
  await expect(form.getByLabel("Add a note")).toHaveValue("");
  await expect(form.getByRole("alert")).toHaveCount(0);

  // Staff may add notes too.
  await page.context().clearCookies();
  await signIn(page, accounts.staff);
  await page.goto(href);
  const staffText = `Packed with care ${Date.now()}`;
  await form.getByLabel("Add a note").fill(staffText);
  await form.getByLabel("Add a note").press("Control+Enter");
  await expect(entries.last()).toContainText(`Sam Staff: ${staffText}`);
  await expect(timeline).toContainText(`Olivia Owner: ${text}`);
});

test("a note that is too long is refused with a visible error", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/orders");
  await page.locator('a[href^="/admin/orders/"]').first().click();
  const form = page.getByTestId("order-note-form");
  await form.getByLabel("Add a note").fill("x".repeat(2001));
  await expect(form).toContainText("1 too many characters");
  await form.getByRole("button", { name: "Add note" }).click();
  await expect(form.getByRole("alert")).toContainText("2000 characters");
  await expect(form.getByLabel("Add a note")).toHaveValue("x".repeat(2001));
});
