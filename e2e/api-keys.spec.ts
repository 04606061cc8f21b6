import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test("an owner creates an API key, copies it, uses it, revokes it, and the next call gets a 401", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, accounts.owner);
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "Manage API keys →" }).click();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  // A form error first: no name.
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Give the key a name.");

  await page.getByLabel("Name").fill("Helpdesk sync");
  await page.getByLabel(/Write activity/).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();
  const key = (await dialog.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // The list shows the prefix, never the key.
  const row = page.locator(`tr[data-key-prefix="${key.slice(0, 11)}"]`);
  await expect(row).toContainText("Helpdesk sync");
  await expect(page.locator("body")).not.toContainText(key);

  const auth = { authorization: `Bearer ${key}` };
  const listed = await request.get("/api/v1/activity?limit=5", { headers: auth });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data).toHaveLength(5);
  const written = await request.post("/api/v1/events", {
    headers: auth,
    data: { type: "custom.ticket_closed", message: "Helpdesk ticket #88 closed", payload: { ticket: 88 } },
  });
  expect(written.status()).toBe(201);

  await page.reload();
  await expect(row).not.toContainText("never");
  await row.getByRole("button", { name: /Revoke/ }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke “Helpdesk sync”?" });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");

  const after = await request.get("/api/v1/activity", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toMatch(/revoked/);

  // Both changes are on the feed, as the owner.
  await page.goto("/admin/activity?type=settings.*");
  await expect(page.getByTestId("activity-feed")).toContainText("revoked the API key “Helpdesk sync”");
  await expect(page.getByTestId("activity-feed")).toContainText("created the API key “Helpdesk sync”");

  // What the key wrote says so: written via that key.
  await page.goto("/admin/activity?q=Helpdesk%20ticket");
  const ticket = page.getByTestId("activity-feed").locator("li", { hasText: "Helpdesk ticket #88 closed" });
  await expect(ticket).toContainText("via API key “Helpdesk sync”");
});

test("the README's demo key works, and the OpenAPI document describes the API", async ({ request }) => {
  const count = await request.get("/api/v1/activity/attention-count", {
    headers: { authorization: "Bearer sl_demo_storyline_local_only_00000000000000000" },
  });
  expect(count.status()).toBe(200);
  expect((await count.json()).count).toBeGreaterThan(0);
  const anonymous = await request.get("/api/v1/activity");
  expect(anonymous.status()).toBe(401);
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/v1/events");
});
