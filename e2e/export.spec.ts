import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { accounts, signIn } from "./helpers";

test("the owner exports the filtered feed as CSV and NDJSON, and the files hold exactly that view", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/activity?level=warning&level=error");
  await expect(page.getByTestId("activity-feed")).toBeVisible();
  const expected = await page.request.get("/api/v1/activity/attention-count");
  expect(expected.status()).toBe(200);

  await page.getByRole("button", { name: "Export" }).click();
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /CSV/ }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^activity-demo-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...records] = parse(await readFile((await csv.path())!, "utf8")) as string[][];
  expect(header!.slice(0, 5)).toEqual(["id", "occurred_at", "type", "level", "message"]);
  expect(records.length).toBeGreaterThan(10);
  for (const record of records) expect(["warning", "error"]).toContain(record[3]);

  await page.getByRole("button", { name: "Export" }).click();
  const ndjsonDownload = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /NDJSON/ }).click();
  const ndjson = await ndjsonDownload;
  const events = (await readFile((await ndjson.path())!, "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(events.map((e) => e.id)).toEqual(records.map((r) => r[0]));
});

test("a bad filter is refused with a message", async ({ page }) => {
  await signIn(page, accounts.owner);
  const response = await page.request.get("/api/activity/export?level=loud");
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toMatch(/level/i);
});
