import { expect, type Locator, type Page, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

const feedRows = (page: Page) => page.locator("[data-testid=activity-feed] li");

async function rowsOf(rows: Locator) {
  return rows.evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute("data-event-id"),
      level: li.getAttribute("data-level"),
      type: li.getAttribute("data-event-type"),
    })),
  );
}

async function filterWithForm(page: Page, level: "Info" | "Warning" | "Error", type: string) {
  const form = page.getByRole("search", { name: "Filter activity" });
  await form.getByRole("checkbox", { name: level, exact: true }).check();
  await form.getByLabel("Event type").selectOption(type);
  await form.getByRole("button", { name: "Apply filters" }).click();
}

test("filters by level and event type through the form, and the URL reproduces the view", async ({
  page,
  context,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/activity");
  await filterWithForm(page, "Error", "order.*");

  await expect(page).toHaveURL(/[?&]level=error(&|$)/);
  await expect(page).toHaveURL(/[?&]type=order\.\*(&|$)/);
  const rows = feedRows(page);
  await expect(rows.first()).toBeVisible();
  const shown = await rowsOf(rows);
  expect(shown.length).toBeGreaterThan(0);
  for (const row of shown) {
    expect(row.level).toBe("error");
    expect(row.type).toMatch(/^order\./);
  }
  // The catalog label is shown as a badge next to the type.
  await expect(rows.first().getByTestId("event-type-label")).not.toBeEmpty();
  // The form is filled from the URL.
  const form = page.getByRole("search", { name: "Filter activity" });
  await expect(form.getByRole("checkbox", { name: "Error", exact: true })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Info", exact: true })).not.toBeChecked();
  await expect(form.getByLabel("Event type")).toHaveValue("order.*");

  const url = page.url();
  await page.reload();
  await expect(rows.first()).toBeVisible();
  expect(await rowsOf(rows)).toEqual(shown);

  const other = await context.newPage();
  await other.goto(url);
  await expect(feedRows(other).first()).toBeVisible();
  expect(await rowsOf(feedRows(other))).toEqual(shown);
  await other.close();

  // Switching tabs keeps the filters.
  const tabs = page.getByRole("tablist", { name: "Activity tabs" });
  await expect(tabs.getByRole("tab", { name: "All" })).toHaveAttribute("aria-selected", "true");
  await tabs.getByRole("tab", { name: /Needs attention/ }).click();
  await expect(tabs.getByRole("tab", { name: /Needs attention/ })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/[?&]tab=attention/);
  await expect(page).toHaveURL(/[?&]level=error/);
  await expect(page).toHaveURL(/[?&]type=order\.\*/);

  // Clear filters goes back to the unfiltered tab.
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/admin\/activity\?tab=attention$/);
  await expect(form.getByLabel("Event type")).toHaveValue("");
});

test("paging to older events keeps the filters, survives a reload, and Newest goes back", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/activity");
  await filterWithForm(page, "Info", "order.*");
  await expect(page).toHaveURL(/[?&]level=info(&|$)/);
  const rows = feedRows(page);
  await expect(rows.first()).toBeVisible();
  const first = await rowsOf(rows);
  expect(first).toHaveLength(50);

  await page.getByRole("link", { name: "Older events →" }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect(page).toHaveURL(/[?&]level=info(&|$)/);
  await expect(page).toHaveURL(/[?&]type=order\.\*(&|$)/);
  await expect(rows.first()).not.toHaveAttribute("data-event-id", first[0]!.id!);
  const second = await rowsOf(rows);
  expect(second.length).toBeGreaterThan(0);
  for (const row of second) {
    expect(row.level).toBe("info");
    expect(row.type).toMatch(/^order\./);
  }
  const firstIds = new Set(first.map((r) => r.id));
  expect(second.some((r) => firstIds.has(r.id))).toBe(false);

  await page.reload();
  await expect(rows.first()).toBeVisible();
  expect(await rowsOf(rows)).toEqual(second);

  await page.getByRole("link", { name: "Newest" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page).toHaveURL(/[?&]level=info/);
  // Back on the newest page: what led it before is on it again (events the sandbox wrote
  // meanwhile, as it moves orders on, may sit above it).
  await expect.poll(async () => (await rowsOf(rows)).some((row) => row.id === first[0]!.id)).toBe(true);
});

test("bad filter values are shown and ignored, and an unknown order number is explained", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  const response = await page.goto("/admin/activity?level=loud&type=order.teleported&from=yesterday&q=");
  expect(response?.status()).toBe(200);
  const problems = page.getByTestId("filter-problems");
  await expect(problems).toContainText("Unknown level “loud”");
  await expect(problems).toContainText("Unknown event type “order.teleported”");
  await expect(problems).toContainText("“yesterday” is not a date");
  await expect(feedRows(page).first()).toBeVisible();

  await page.goto("/admin/activity?order=%2399999");
  await expect(page.getByTestId("filter-problems")).toContainText("There is no order #99999 in this store.");
  await expect(page.getByTestId("no-matches")).toContainText("No events match these filters.");

  await page.goto("/admin/activity?order=%231001");
  await expect(page.getByTestId("filter-problems")).toHaveCount(0);
  const links = feedRows(page).getByTestId("row-order");
  await expect(links.first()).toBeVisible();
  const hrefs = new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))));
  expect(hrefs.size).toBe(1);

  await page.goto("/admin/activity?cursor=not-a-cursor&level=error");
  await expect(page.getByRole("alert").filter({ hasText: "cursor is not valid" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the newest events" }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?level=error$/);
});

test("the filter form works without JavaScript", async ({ browser, page }) => {
  await signIn(page, accounts.owner);
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto("/admin/activity");
  const form = plain.getByRole("search", { name: "Filter activity" });
  await form.getByRole("checkbox", { name: "Warning", exact: true }).check();
  await form.getByLabel("Event type").selectOption("auth.*");
  await form.getByRole("button", { name: "Apply filters" }).click();
  await expect(plain).toHaveURL(/[?&]level=warning(&|$)/);
  await expect(plain).toHaveURL(/[?&]type=auth\.\*(&|$)/);
  const shown = await rowsOf(feedRows(plain));
  expect(shown.length).toBeGreaterThan(0);
  for (const row of shown) {
    expect(row.level).toBe("warning");
    expect(row.type).toMatch(/^auth\./);
  }
  await noScript.close();
});
