import { count, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, apiKeys, memberships, orders, products, stores } from "@/db/schema";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import type { Access } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { demoStore, sessionOf } from "@/tests/api/api-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let owner: () => Promise<Access>;
let staff: () => Promise<Access>;
let ids: { order: string; shipped: string; product: string; member: string };

/** A fingerprint of everything an action could write: any change shows here. */
async function fingerprint() {
  const db = handle.db;
  const [[a], [o], [p], [m], [k], [s]] = await Promise.all([
    db.select({ n: count(), r: sql<string>`count(resolved_at)::text` }).from(activityLog),
    db
      .select({
        h: sql<string>`md5(string_agg(${orders.id}::text || ${orders.status} || coalesce(${orders.shippingAddress}::text, ''), ',' order by ${orders.id}))`,
      })
      .from(orders),
    db
      .select({
        h: sql<string>`md5(string_agg(${products.id}::text || ${products.title} || ${products.description} || ${products.status}, ',' order by ${products.id}))`,
      })
      .from(products),
    db
      .select({
        h: sql<string>`md5(string_agg(${memberships.userId}::text || ${memberships.storeId}::text || ${memberships.role}, ',' order by ${memberships.userId}, ${memberships.storeId}))`,
      })
      .from(memberships),
    db.select({ h: sql<string>`count(*)::text || count(revoked_at)::text` }).from(apiKeys),
    db
      .select({
        h: sql<string>`md5(string_agg(${stores.name} || ${stores.currency} || ${stores.timeZone}, ','))`,
      })
      .from(stores),
  ]);
  return JSON.stringify([a, o, p, m, k, s]);
}

/** Inputs of every shape: nothing, scalars, wrong types, right keys with wrong values, near misses. */
function inputs(valid: Record<string, fc.Arbitrary<unknown>>) {
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.object({ maxDepth: 2 }),
  );
  const keys = Object.keys(valid);
  return fc.oneof(
    anything,
    fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(anything, valid[k]!)])), { requiredKeys: [] }),
  );
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now: new Date() });
  // The order actions enqueue jobs in their transaction: a real queue, with no workers.
  queue = await startJobQueue(handle, {
    config: parseConfig({}),
    connectionString: handle.url,
    supervise: false,
  });
  const demo = await demoStore(handle.db, "demo");
  owner = sessionOf(handle.db, demo.store, demo.members.find((m) => m.role === "owner")!, queue);
  staff = sessionOf(handle.db, demo.store, demo.members.find((m) => m.role === "staff")!, queue);
  const [order] = await handle.db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.status, "paid"))
    .limit(1);
  const [shipped] = await handle.db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.status, "shipped"))
    .limit(1);
  const [product] = await handle.db.select({ id: products.id }).from(products).limit(1);
  ids = {
    order: order!.id,
    shipped: shipped!.id,
    product: product!.id,
    member: demo.members.find((m) => m.role === "staff")!.id,
  };
});
afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

const uuidish = () =>
  fc.oneof(fc.uuid(), fc.constantFrom(ids.order, ids.shipped, ids.product, ids.member), fc.string());

/** Per action, the fields it takes (each drawn from valid-looking and hostile values). */
const shapes = (): Record<keyof typeof adminActions, Record<string, fc.Arbitrary<unknown>>> => ({
  addNote: {
    orderId: uuidish(),
    note: fc.oneof(fc.constant(""), fc.string({ maxLength: 3000 }), fc.constant("x".repeat(2001))),
  },
  resendOrderEmail: {
    orderId: uuidish(),
    email: fc.oneof(fc.constantFrom("confirmation", "shipping"), fc.string()),
  },
  resubmitOrder: { orderId: uuidish() },
  cancelOrder: { orderId: uuidish(), reason: fc.oneof(fc.constant(""), fc.string({ maxLength: 300 })) },
  updateShippingAddress: {
    orderId: uuidish(),
    address: fc.oneof(
      fc.record(
        {
          name: fc.string(),
          line1: fc.string(),
          city: fc.string(),
          postalCode: fc.string(),
          country: fc.string({ maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
  },
  markOrderDelivered: { orderId: uuidish() },
  setMorningEmail: { enabled: fc.oneof(fc.boolean(), fc.string()) },
  rotateWebhookSecret: {
    provider: fc.oneof(fc.constantFrom("stripe", "printify"), fc.string()),
    secret: fc.oneof(
      fc.string(),
      fc.string().map((s) => `whsec_${s}`),
    ),
  },
  updatePrintifyShop: { shopId: fc.oneof(fc.string(), fc.stringMatching(/^[a-z0-9-]{1,20}$/)) },
  sendTestDelivery: { provider: fc.oneof(fc.constantFrom("stripe", "printify"), fc.string()) },
  resolveActivity: {
    ids: fc.oneof(fc.array(uuidish(), { maxLength: 3 }), fc.anything()),
    note: fc.oneof(fc.string({ maxLength: 1200 }), fc.anything()),
  },
  simulateOrder: { scenario: fc.oneof(fc.string({ maxLength: 60 }), fc.anything()) },
  updateProduct: {
    productId: uuidish(),
    title: fc.oneof(fc.constant(""), fc.string({ maxLength: 250 })),
    description: fc.oneof(fc.string(), fc.integer()),
    status: fc.oneof(fc.constantFrom("active", "draft", "deleted"), fc.string()),
  },
  updateStoreSettings: {
    name: fc.oneof(fc.constant(""), fc.string({ maxLength: 120 })),
    currency: fc.oneof(fc.constantFrom("XXX", "gbp", "EURO", ""), fc.string({ maxLength: 4 })),
    timeZone: fc.oneof(fc.constantFrom("Mars/Base", "", "Europe/Nowhere"), fc.string()),
  },
  updateRetentionSettings: {
    activityRetentionDays: fc.oneof(
      fc.constantFrom("29", "3651", "90", "ninety", ""),
      fc.integer(),
      fc.string(),
    ),
    personalDataDays: fc.oneof(fc.constantFrom("6", "30", "1e3", "-1"), fc.double(), fc.string()),
  },
  eraseCustomer: {
    email: fc.oneof(fc.emailAddress(), fc.string()),
    confirmEmail: fc.oneof(fc.emailAddress(), fc.string()),
  },
  createApiKey: {
    name: fc.oneof(fc.constant(""), fc.string({ maxLength: 120 })),
    scopes: fc.oneof(fc.array(fc.string()), fc.anything()),
  },
  revokeApiKey: { id: uuidish() },
  addMember: {
    email: fc.oneof(fc.emailAddress(), fc.string()),
    role: fc.oneof(fc.constantFrom("owner", "admin"), fc.string()),
  },
  changeMemberRole: { userId: uuidish(), role: fc.oneof(fc.constantFrom("boss", ""), fc.string()) },
  removeMember: { userId: fc.oneof(fc.uuid(), fc.string()) },
});

describe("every admin server action, fuzzed", () => {
  it("never throws, always answers with a message, and writes nothing when it refuses", async () => {
    const all = shapes();
    let cases = 0;
    for (const [name, shape] of Object.entries(all) as [
      keyof typeof adminActions,
      Record<string, fc.Arbitrary<unknown>>,
    ][]) {
      const action = adminActions[name];
      await fc.assert(
        fc.asyncProperty(inputs(shape), fc.constantFrom("owner", "staff"), async (input, who) => {
          cases++;
          const before = await fingerprint();
          const result = await action.handle(who === "owner" ? owner : staff, input);
          expect(typeof result.ok, name).toBe("boolean");
          if (!result.ok) {
            expect(result.error.length, name).toBeGreaterThan(0);
            expect(await fingerprint(), `${name} wrote on rejection: ${JSON.stringify(input)}`).toBe(before);
          }
        }),
        { numRuns: 150 },
      );
    }
    expect(cases).toBe(150 * Object.keys(all).length);
    // 2,250 cases, each with two fingerprints of the database: minutes on a loaded machine.
  }, 240_000);

  it("refuses everyone without a session, with nothing written", async () => {
    const before = await fingerprint();
    for (const action of Object.values(adminActions)) {
      const result = await action.handle(async () => {
        throw Object.assign(
          new (await import("@/lib/platform/errors")).AppError("unauthorized", "Sign in to continue.", 401),
        );
      }, {});
      expect(result).toEqual({ ok: false, error: "Sign in to continue." });
    }
    expect(await fingerprint()).toBe(before);
  });
});
