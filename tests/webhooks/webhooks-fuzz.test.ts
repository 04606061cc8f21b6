import { count, ne, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, orders, webhookDeliveries } from "@/db/schema";
import { signPrintifyWebhook } from "@/lib/demo/sandbox/sign-printify-webhook";
import { signStripePayload } from "@/lib/demo/sandbox/stripe-events";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { printifyWebhook } from "@/lib/webhooks/printify/printify-webhook";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import { createShopStore, type ShopStore } from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
const config = parseConfig({});

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  store = await createShopStore(handle.db, "Fuzzed shop");
});
afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

/** The fuzzer sends thousands of refused deliveries from one address: no per-client limit here. */
const unlimited = createRateLimiter({ name: "unlimited", points: 1_000_000_000, durationSeconds: 60 });

/** Orders, deliveries and every event but the (deduplicated) rejection warnings. */
async function fingerprint() {
  const [[o], [d], [a]] = await Promise.all([
    handle.db.select({ n: count() }).from(orders),
    handle.db.select({ n: count() }).from(webhookDeliveries),
    handle.db.select({ n: count() }).from(activityLog).where(ne(activityLog.eventType, "webhook.rejected")),
  ]);
  return `${o!.n}/${d!.n}/${a!.n}`;
}

const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc
    .record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        type: fc.oneof(
          fc.constantFrom(
            "checkout.session.completed",
            "charge.refunded",
            "payment_intent.payment_failed",
            "checkout.session.expired",
            "order:shipment:created",
            "order:sent-to-production",
          ),
          fc.string(),
        ),
        created: fc.oneof(fc.integer(), fc.string()),
        data: fc.oneof(fc.object({ maxDepth: 3 }), fc.constant(null)),
        resource: fc.oneof(fc.object({ maxDepth: 3 }), fc.string()),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

describe("the webhook routes, fuzzed", () => {
  for (const provider of ["stripe", "printify"] as const) {
    it(`${provider}: random bodies, signed or not, are answered with a 2xx or a 4xx — never a 5xx — and unsigned ones write nothing`, async () => {
      const spec = provider === "stripe" ? stripeWebhook : printifyWebhook;
      await fc.assert(
        fc.asyncProperty(
          jsonish,
          fc.constantFrom("valid", "garbage", "none"),
          fc.string({ maxLength: 80 }),
          async (body, signing, garbage) => {
            const headers: Record<string, string> = { "content-type": "application/json" };
            const header = provider === "stripe" ? "stripe-signature" : "x-pfy-signature";
            if (signing === "valid")
              headers[header] =
                provider === "stripe"
                  ? signStripePayload(body, store.stripeSecret)
                  : signPrintifyWebhook(store.printifySecret, body);
            else if (signing === "garbage") headers[header] = garbage;
            const before = await fingerprint();
            const response = await processWebhook(
              { db: handle.db, jobs: queue, config: config, rejections: unlimited },
              new Request(`http://localhost/api/webhooks/${provider}/${store.slug}`, {
                method: "POST",
                headers,
                body,
              }),
              store.slug,
              spec as never,
            );
            expect(response.status, body.slice(0, 120)).toBeLessThan(500);
            if (response.status >= 400) {
              const json = (await response.json()) as { error?: { message?: string } };
              expect(json.error?.message?.length).toBeGreaterThan(0);
              expect(await fingerprint()).toBe(before);
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it("a wrongly signed body raises one open warning, however often it comes back", async () => {
    const fresh = await createShopStore(handle.db, "Fuzzed again");
    const rejected = async () =>
      (
        await handle.db
          .select({ n: count() })
          .from(activityLog)
          .where(sql`${activityLog.storeId} = ${fresh.id} and ${activityLog.eventType} = 'webhook.rejected'`)
      )[0]!.n;
    const body = JSON.stringify({ id: "evt_fuzz_repeat", type: "checkout.session.completed" });
    const send = () =>
      processWebhook(
        { db: handle.db, jobs: queue, config: config, rejections: unlimited },
        new Request(`http://localhost/api/webhooks/stripe/${fresh.slug}`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=bad" },
          body,
        }),
        fresh.slug,
        stripeWebhook as never,
      );
    expect((await send()).status).toBe(400);
    expect(await rejected()).toBe(1);
    for (let i = 0; i < 5; i++) expect((await send()).status).toBe(400);
    expect(await rejected()).toBe(1);
  });
});
