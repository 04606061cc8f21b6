import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { checkoutSession, signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { accounts, expectNoSidewaysScroll, seriousFindings, setTheme, signIn } from "./helpers";

/**
 * Settings → Retention and personal data, as an owner uses it: a retention outside its range is
 * explained under the field, a good one is saved and shown on the card; a customer's email typed
 * twice differently is refused, an email nothing mentions is a visible error, and a real
 * abandoned cart's customer is erased — the feed then says so, without the email. Both dialogs
 * open at 1440 and 390 px, light and dark: no sideways scroll and no serious or critical axe
 * finding inside them.
 */
const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

const sizes = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const retentionDialog = (page: Page) => page.getByRole("dialog", { name: "Retention and personal data" });
const eraseDialog = (page: Page) => page.getByRole("dialog", { name: "Erase a customer's personal data?" });

test("an owner changes the retention: a value out of range is explained, a good one is saved", async ({
  page,
}) => {
  await signIn(page, accounts.owner);
  await page.goto("/admin/settings");
  await page.getByRole("button", { name: "Edit retention" }).click();
  const dialog = retentionDialog(page);
  const keep = dialog.getByLabel("Keep events for (days)");
  await keep.fill("10");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(keep).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.locator('[id$="-activityRetentionDays-error"]')).toHaveText(
    "Keeping events is at least 30 days.",
  );

  await keep.fill("400");
  await dialog.getByLabel("Keep personal data for (days after an order is finished)").fill("45");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const card = page.locator("section", {
    has: page.getByRole("heading", { name: "Retention and personal data" }),
  });
  await expect(card.getByText("400 days", { exact: true })).toBeVisible();
  await expect(card.getByText("45 days after an order is finished")).toBeVisible();

  // Put back the defaults, so the other tests see the demo shop as it was.
  await page.getByRole("button", { name: "Edit retention" }).click();
  await keep.fill("90");
  await dialog.getByLabel("Keep personal data for (days after an order is finished)").fill("30");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(card.getByText("90 days", { exact: true })).toBeVisible();
});

test("an owner erases a customer: mismatched and unknown emails are explained, a real one is forgotten", async ({
  page,
  request,
}) => {
  const email = `erase-${randomBytes(5).toString("hex")}@example.com`;
  // A checkout that expired unpaid: the store now holds the customer's email in a cart and its events.
  const event = stripeEvent({
    type: "checkout.session.expired",
    object: checkoutSession({ email, subtotal: 2599, status: "expired" }),
  });
  const body = JSON.stringify(event);
  const delivered = await request.post("/api/webhooks/stripe/demo", {
    data: body,
    headers: {
      "content-type": "application/json",
      "stripe-signature": signStripePayload(body, DEMO_STRIPE_SECRET),
    },
  });
  expect(delivered.status()).toBe(200);

  await signIn(page, accounts.owner);
  const searched = `/admin/activity?q=${encodeURIComponent(email)}`;
  await page.goto(searched);
  await expect(page.locator("main").getByText(`Checkout expired unpaid — £25.99 (${email})`)).toBeVisible();

  await page.goto("/admin/settings");
  await page.getByRole("button", { name: "Erase a customer" }).click();
  const dialog = eraseDialog(page);
  await dialog.getByLabel("Customer's email").fill(email);
  await dialog.getByLabel("Type the email again to confirm").fill(`x${email}`);
  await dialog.getByRole("button", { name: "Erase" }).click();
  await expect(dialog.locator('[id$="-confirmEmail-error"]')).toHaveText(
    "Type the same email again to confirm.",
  );
  await expect(dialog.getByLabel("Type the email again to confirm")).toHaveAttribute("aria-invalid", "true");

  const nobody = `nobody-${randomBytes(5).toString("hex")}@example.com`;
  await dialog.getByLabel("Customer's email").fill(nobody);
  await dialog.getByLabel("Type the email again to confirm").fill(nobody);
  await dialog.getByRole("button", { name: "Erase" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Nothing in this store mentions that email");

  await dialog.getByLabel("Customer's email").fill(email);
  await dialog.getByLabel("Type the email again to confirm").fill(email);
  await dialog.getByRole("button", { name: "Erase" }).click();
  await expect(dialog).toBeHidden();

  // The cart's event still tells its story, without the email; the erasure itself is logged.
  await page.goto("/admin/activity?type=abandoned_cart.detected");
  await expect(page.locator("main").getByText("Checkout expired unpaid — £25.99").first()).toBeVisible();
  await page.goto(searched);
  await expect(page.locator("main").getByText(email)).toHaveCount(0);
  await page.goto("/admin/activity?type=customer.erased");
  await expect(
    page
      .locator("main")
      .getByText(/erased a customer.s personal data: 0 orders, 1 cart, /)
      .first(),
  ).toBeVisible();
  await expect(page.locator("main").getByText(email)).toHaveCount(0);
});

for (const size of sizes)
  for (const theme of ["light", "dark"] as const)
    test(`the retention and erase dialogs read well at ${size.width} px, ${theme} theme`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await signIn(page, accounts.owner);
      await page.goto("/admin/settings");
      await setTheme(page, theme);
      for (const [button, dialog] of [
        ["Edit retention", retentionDialog(page)],
        ["Erase a customer", eraseDialog(page)],
      ] as const) {
        await page.getByRole("button", { name: button }).click();
        await expect(dialog).toBeVisible();
        await expectNoSidewaysScroll(page);
        expect(await seriousFindings(page, "[role=dialog]")).toEqual([]);
        await page.screenshot({
          path: `test-results/screens/settings-${button.toLowerCase().replaceAll(" ", "-")}-${size.name}-${theme}.png`,
        });
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await expect(dialog).toBeHidden();
      }
    });
