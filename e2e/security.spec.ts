import { expect, test } from "@playwright/test";
import { accounts, signIn } from "./helpers";

test.describe("browser-side protections", () => {
  test("pages carry a nonce CSP that forbids framing, nosniff, a referrer policy, and no X-Powered-By", async ({
    request,
  }) => {
    const first = await request.get("/login");
    const second = await request.get("/login");
    const csp = first.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(csp).toContain("object-src 'none'");
    // A fresh nonce per response.
    expect(second.headers()["content-security-policy"]).not.toBe(csp);
    expect(first.headers()["x-content-type-options"]).toBe("nosniff");
    expect(first.headers()["x-frame-options"]).toBe("DENY");
    expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(first.headers()["x-powered-by"]).toBeUndefined();
    // The API: nosniff and no framing too, and no X-Powered-By.
    const api = await request.get("/api/health");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["x-powered-by"]).toBeUndefined();
  });

  test("the app works under its CSP (no violation), and a signed-in page cannot be framed", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
        violations.push(message.text());
    });
    await signIn(page, accounts.owner);
    await page.goto("/admin/activity");
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
    await page.goto("/admin/settings/api-keys");
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    // The theme toggle is client code: it only works if the scripts ran.
    await page.getByRole("button", { name: /theme/i }).first().click();
    expect(violations).toEqual([]);

    // A page that frames the API-keys page, signed in: the browser refuses to show it.
    await page.goto("/api/health");
    await page.evaluate(() => {
      const frame = document.createElement("iframe");
      frame.src = "/admin/settings/api-keys";
      frame.id = "framed";
      document.body.append(frame);
    });
    await page.waitForTimeout(1500);
    const framed = page.frames().find((f) => f.url().includes("/admin/settings/api-keys"));
    const shown = framed ? await framed.getByRole("heading", { name: "API keys" }).count() : 0;
    expect(shown).toBe(0);
  });

  test("starting a product sync with the owner's cookie from another origin is a 403", async ({ page }) => {
    await signIn(page, accounts.owner);
    const foreign = await page.request.post("/api/products/sync", {
      headers: { origin: "http://evil.localhost:3100" },
    });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.code).toBe("cross_origin");
    const resolveForeign = await page.request.post(
      "/api/v1/activity/00000000-0000-7000-8000-000000000000/resolve",
      {
        headers: { origin: "http://evil.localhost:3100", "content-type": "application/json" },
        data: {},
      },
    );
    expect(resolveForeign.status()).toBe(403);
  });
});

test.describe("honest answers to odd requests", () => {
  test("unsigned junk webhooks are one warning in the feed, saying how many came", async ({
    page,
    request,
  }) => {
    for (let i = 0; i < 3; i++) {
      const r = await request.post("/api/webhooks/printify/demo", { data: { junk: i } });
      expect(r.status()).toBe(400);
    }
    await signIn(page, accounts.owner);
    await page.goto("/admin/activity?tab=attention&type=webhook.rejected");
    const rows = page.getByTestId("activity-feed").locator("li", { hasText: "X-Pfy-Signature" });
    await expect(rows).toHaveCount(1);
    await expect(rows.getByTestId("repeats")).toContainText("3 times, the last");
  });

  test("/api/health tells anyone only whether the app is up; a signed-in owner sees the details", async ({
    page,
    request,
  }) => {
    const anonymous = await request.get("/api/health");
    expect(anonymous.status()).toBe(200);
    expect(await anonymous.json()).toEqual({ status: "ok" });
    await signIn(page, accounts.owner);
    const owner = await page.request.get("/api/health");
    const body = await owner.json();
    expect(body).toMatchObject({ status: "ok", database: { mode: "embedded", ok: true } });
    expect(body.activity).toBeDefined();
  });

  test("malformed percent-encoding in a path is a 400 with a message, never a 500", async ({
    page,
    request,
  }) => {
    for (const path of [
      "/api/v1/activity/%E0%A4%A",
      "/api/v1/orders/%ZZ/activity",
      "/api/webhooks/stripe/%E0%A4%A",
    ]) {
      const r = await request.get(path, {
        headers: { authorization: "Bearer sl_demo_storyline_local_only_00000000000000000" },
      });
      expect(r.status(), path).toBe(400);
      expect((await r.json()).error, path).toMatchObject({ code: "invalid_path", message: /not valid/ });
    }
    const customer = await request.get("/o/%E0%A4%A");
    expect(customer.status()).toBe(400);
    expect(await customer.text()).toContain("This address is not valid");
    await signIn(page, accounts.owner);
    const order = await page.goto("/admin/orders/%E0%A4%A");
    expect(order?.status()).toBe(400);
    await expect(page.getByText("This address is not valid")).toBeVisible();
  });
});
