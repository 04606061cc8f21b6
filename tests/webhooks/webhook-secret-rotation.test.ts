import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, stores, webhookDeliveries } from "@/db/schema";
import { signStripePayload, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { adminActions } from "@/lib/http/actions/admin-actions";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { maskSecret } from "@/lib/platform/format/mask-secret";
import { getStoreIntegrations } from "@/lib/stores/get-integrations";
import { rotateWebhookSecret } from "@/lib/stores/rotate-webhook-secret";
import { forgetWebhookStores } from "@/lib/webhooks/find-webhook-store";
import { printifyWebhook } from "@/lib/webhooks/printify/printify-webhook";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import { sessionOf } from "@/tests/api/api-fixtures";
import {
  createShopStore,
  printifyEvent,
  printifyRequest,
  type ShopStore,
  stripeRequest,
} from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let shop: ShopStore;
let storeRow: typeof stores.$inferSelect;
const config = parseConfig({ APP_URL: "https://admin.shop.example" });
const unlimited = createRateLimiter({ name: "unlimited", points: 1_000_000, durationSeconds: 60 });
const person = (role: "owner" | "manager" | "staff") => ({
  id: `0190f0c8-0000-7000-8000-00000000000${role === "owner" ? 1 : role === "manager" ? 2 : 3}`,
  name: `The ${role}`,
  email: `${role}@shop.example`,
  role,
});
const as = (role: "owner" | "manager" | "staff") => sessionOf(handle.db, storeRow, person(role), queue);
const ownerActivity = () => ({
  storeId: shop.id,
  actor: { type: "user" as const, id: person("owner").id, label: "The owner" },
  source: "admin" as const,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  shop = await createShopStore(handle.db, "Rotating shop");
  storeRow = (await handle.db.select().from(stores).where(eq(stores.id, shop.id)))[0]!;
});
afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

const stripeDelivery = (
  secret: string,
  signature?: string,
  event = stripeEvent({ type: "customer.created", object: { id: `cus_${randomBytes(6).toString("hex")}` } }),
) => {
  forgetWebhookStores();
  return processWebhook(
    { db: handle.db, jobs: queue, config, rejections: unlimited },
    stripeRequest(shop.slug, event, secret, signature ? { signature } : {}),
    shop.slug,
    stripeWebhook,
  );
};
const printifyDelivery = (secret: string) => {
  forgetWebhookStores();
  return processWebhook(
    { db: handle.db, jobs: queue, config, rejections: unlimited },
    printifyRequest(shop.slug, printifyEvent("product:publish:started", "p-1", {}), secret),
    shop.slug,
    printifyWebhook,
  );
};
const newStripeSecret = () => `whsec_${randomBytes(16).toString("hex")}`;

describe("maskSecret", () => {
  it("shows the prefix and the last four characters, never the secret", () => {
    expect(maskSecret("whsec_0123456789abcdefwxyz")).toBe("whsec_…wxyz");
    expect(maskSecret("printify_test_0123456789")).toBe("printify_…6789");
    expect(maskSecret("abcdefghijklmnop")).toBe("…mnop");
    // Too short to show any of it.
    expect(maskSecret("whsec_abc")).toBe("whsec_…");
    expect(maskSecret(null)).toBeNull();
  });
});

describe("rotating a signing secret", () => {
  it("accepts the old secret during the grace period and the new one, and logs only masked forms", async () => {
    const old = shop.stripeSecret;
    const fresh = newStripeSecret();
    const result = await adminActions.rotateWebhookSecret.handle(as("owner"), {
      provider: "stripe",
      secret: fresh,
    });
    expect(result).toMatchObject({ ok: true, provider: "stripe" });

    expect((await stripeDelivery(old)).status).toBe(200);
    expect((await stripeDelivery(fresh)).status).toBe(200);
    // Stripe rolling over signs each delivery with both secrets: several `v1` in one header.
    const event = stripeEvent({ type: "customer.created", object: { id: "cus_both" } });
    const body = JSON.stringify(event);
    const both = `${signStripePayload(body, old)},v1=${signStripePayload(body, fresh).split("v1=")[1]}`;
    expect((await stripeDelivery(old, both, event)).status).toBe(200);

    const [logged] = await handle.db
      .select()
      .from(activityLog)
      .where(
        and(eq(activityLog.storeId, shop.id), eq(activityLog.eventType, "settings.webhook_secret_rotated")),
      );
    expect(logged!.changes).toEqual({
      stripeWebhookSecret: { old: maskSecret(old), new: maskSecret(fresh), label: "Stripe signing secret" },
    });
    expect(logged!.payload).toMatchObject({
      provider: "Stripe",
      secret: maskSecret(fresh),
      previous: maskSecret(old),
    });
    expect(logged!.message).toMatch(
      /^The owner rotated the Stripe signing secret to whsec_…\w{4}; whsec_…\w{4} is accepted until /,
    );
    const everything = JSON.stringify(logged);
    expect(everything).not.toContain(fresh);
    expect(everything).not.toContain(old);

    const shown = await getStoreIntegrations(handle.db, shop.id);
    expect(shown.stripe).toEqual({
      current: maskSecret(fresh),
      previous: { masked: maskSecret(old), validUntil: expect.any(Date) },
    });
    shop.stripeSecret = fresh;
  });

  it("refuses the old secret once its grace period is over; the new one still works", async () => {
    const old = shop.stripeSecret;
    const fresh = newStripeSecret();
    // Rotated 25 hours ago: the 24-hour grace period has run out.
    await rotateWebhookSecret(
      handle.db,
      ownerActivity(),
      { provider: "stripe", secret: fresh },
      new Date(Date.now() - 25 * 3_600_000),
    );
    const refused = await stripeDelivery(old);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_signature" } });
    expect((await stripeDelivery(fresh)).status).toBe(200);
    expect((await getStoreIntegrations(handle.db, shop.id)).stripe.previous).toBeNull();
    shop.stripeSecret = fresh;
  });

  it("does the same for Printify's secret", async () => {
    const old = shop.printifySecret;
    const fresh = `printify_${randomBytes(12).toString("hex")}`;
    expect(
      await adminActions.rotateWebhookSecret.handle(as("owner"), { provider: "printify", secret: fresh }),
    ).toMatchObject({ ok: true });
    expect((await printifyDelivery(old)).status).toBe(200);
    expect((await printifyDelivery(fresh)).status).toBe(200);
    expect((await printifyDelivery("printify_never_configured_secret")).status).toBe(400);
    shop.printifySecret = fresh;
  });

  it("explains what is wrong with a secret, field by field", async () => {
    const owner = as("owner");
    expect(
      await adminActions.rotateWebhookSecret.handle(owner, {
        provider: "stripe",
        secret: "sk_live_123456789012345",
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { secret: expect.stringContaining("starts with whsec_") },
    });
    expect(
      await adminActions.rotateWebhookSecret.handle(owner, { provider: "stripe", secret: "whsec_short" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { secret: expect.stringContaining("too short") },
    });
    expect(
      await adminActions.rotateWebhookSecret.handle(owner, { provider: "printify", secret: "tiny" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { secret: expect.stringContaining("at least 16") },
    });
    expect(
      await adminActions.rotateWebhookSecret.handle(owner, { provider: "stripe", secret: shop.stripeSecret }),
    ).toEqual({
      ok: false,
      error: "That is already this store's Stripe signing secret.",
    });
    expect(await adminActions.updatePrintifyShop.handle(owner, { shopId: "no spaces please" })).toMatchObject(
      {
        ok: false,
        fieldErrors: { shopId: expect.any(String) },
      },
    );
  });

  it("is for owners only: managers and staff are refused and nothing changes", async () => {
    for (const role of ["manager", "staff"] as const) {
      const session = as(role);
      const secret = newStripeSecret();
      const rotated = await adminActions.rotateWebhookSecret.handle(session, { provider: "stripe", secret });
      expect(rotated.ok).toBe(false);
      expect((await adminActions.sendTestDelivery.handle(session, { provider: "stripe" })).ok).toBe(false);
      expect((await adminActions.updatePrintifyShop.handle(session, { shopId: "shop-2" })).ok).toBe(false);
      expect((await stripeDelivery(secret)).status).toBe(400);
    }
  });
});

describe("the Printify shop ID", () => {
  it("is saved with changes on the timeline", async () => {
    expect(await adminActions.updatePrintifyShop.handle(as("owner"), { shopId: "12345678" })).toEqual({
      ok: true,
      changed: true,
    });
    const [logged] = await handle.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, shop.id), eq(activityLog.eventType, "settings.updated")));
    expect(logged!.changes).toEqual({
      printifyShopId: { old: shop.shopId, new: "12345678", label: "Printify shop ID" },
    });
  });
});

describe("the test delivery", () => {
  it("is signed with the current secret, goes through the store's own endpoint and lands in the feed", async () => {
    for (const provider of ["stripe", "printify"] as const) {
      const result = await adminActions.sendTestDelivery.handle(as("owner"), { provider });
      expect(result).toMatchObject({
        ok: true,
        url: expect.stringMatching(new RegExp(`^https?://[^/]+/api/webhooks/${provider}/${shop.slug}$`)),
      });
      if (!result.ok) continue;
      const [delivery] = await handle.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(eq(webhookDeliveries.storeId, shop.id), eq(webhookDeliveries.providerEventId, result.eventId)),
        );
      expect(delivery).toBeTruthy();
      const [logged] = await handle.db
        .select()
        .from(activityLog)
        .where(
          and(
            eq(activityLog.storeId, shop.id),
            eq(activityLog.eventType, "webhook.test_received"),
            eq(activityLog.entityId, result.eventId),
          ),
        );
      const secret = provider === "stripe" ? shop.stripeSecret : shop.printifySecret;
      expect(logged).toMatchObject({
        level: "info",
        source: "webhook",
        visibility: "internal",
        payload: { provider: provider === "stripe" ? "Stripe" : "Printify", secret: maskSecret(secret) },
      });
      expect(JSON.stringify(logged)).not.toContain(secret);
    }
  });

  it("says what to do when no secret is set", async () => {
    const bare = await createShopStore(handle.db, "Bare shop");
    await handle.db.update(stores).set({ stripeWebhookSecret: null }).where(eq(stores.id, bare.id));
    const [row] = await handle.db.select().from(stores).where(eq(stores.id, bare.id));
    const result = await adminActions.sendTestDelivery.handle(
      sessionOf(handle.db, row!, person("owner"), queue),
      {
        provider: "stripe",
      },
    );
    expect(result).toEqual({ ok: false, error: "Set the Stripe signing secret first." });
  });
});
