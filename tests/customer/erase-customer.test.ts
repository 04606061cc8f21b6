import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  abandonedCheckouts,
  activityLog,
  loginAttempts,
  orders,
  outboxEmails,
  stores,
  webhookDeliveries,
} from "@/db/schema";
import { exportActivity } from "@/lib/activity/export/export-activity";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { loadSigningKey } from "@/lib/activity/seal/signing-key";
import { verifyHistory } from "@/lib/activity/seal/verify-history";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import { writeCheckpoints } from "@/lib/activity/seal/write-checkpoints";
import { checkoutSession, stripeEvent } from "@/lib/demo/sandbox/stripe-events";
import { sendOrderEmail } from "@/lib/email/send-order-email";
import { adminActions } from "@/lib/http/actions/admin-actions";
import { processWebhook } from "@/lib/http/webhooks/receive-webhook";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { updateShippingAddress } from "@/lib/orders/update-shipping-address";
import { parseConfig } from "@/lib/platform/config";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import { sessionOf } from "@/tests/api/api-fixtures";
import { jobContext, mailConfig } from "@/tests/email/email-fixtures";
import { createShopStore, type ShopStore, stripeRequest } from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
let shop: ShopStore;
let dataDir: string;
const config = parseConfig({ ABANDONED_CART_DELAY_MINUTES: "60" });

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  shop = await createShopStore(handle.db, "Forgetting shop");
  dataDir = mkdtempSync(path.join(tmpdir(), "storyline-erase-"));
});

afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const deliver = (event: unknown) =>
  processWebhook(
    { db: handle.db, jobs: queue, config },
    stripeRequest(shop.slug, event, shop.stripeSecret),
    shop.slug,
    stripeWebhook,
  );

/** The customer to forget, and what only they have. */
const zoe = {
  email: "zoe.forgotten@example.com",
  name: "Zoë Forgotten-Person",
  address: { line1: "7 Oblivion Lane", city: "Lethe", postal_code: "ZZ9 9ZZ", country: "GB", state: null },
};
const traces = [
  zoe.email,
  "zoe.forgotten",
  "Forgotten-Person",
  "Oblivion Lane",
  "Lethe",
  "ZZ9 9ZZ",
  "Mnemosyne",
];

/** Every table of the app and of the job queue that holds any of `needles`, with the count. */
async function searchWholeDatabase(needles: string[]) {
  const tables = await handle.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  expect(tables.length).toBeGreaterThan(15);
  expect(tables.some((t) => t.schema === "pgboss" && t.name.startsWith("job"))).toBe(true);
  const found: string[] = [];
  for (const { schema, name } of tables)
    for (const needle of needles) {
      const [row] = await handle.query<{ n: number }>(
        `select count(*)::int as n from "${schema}"."${name}" t where t::text ilike $1`,
        [`%${needle}%`],
      );
      if (row!.n > 0) found.push(`${schema}.${name}: ${row!.n} × ${needle}`);
    }
  return found;
}

async function people() {
  const [store] = await handle.db.select().from(stores).where(eq(stores.id, shop.id));
  const person = (role: "owner" | "manager") =>
    sessionOf(handle.db, store!, {
      id: randomUUID(),
      name: `Olive ${role}`,
      email: `${role}@shop.test`,
      role,
    });
  return { owner: person("owner"), manager: person("manager") };
}

describe("erasing a customer", () => {
  it("removes their personal data everywhere, keeps amounts and events, and the seal still verifies", async () => {
    const { owner } = await people();
    // Their story: a checkout left unpaid, then paid, a confirmation email, an address change.
    const cartSession = checkoutSession({
      email: zoe.email,
      name: zoe.name,
      address: zoe.address,
      subtotal: 3800,
      status: "expired",
    });
    expect(
      (await deliver(stripeEvent({ type: "checkout.session.expired", object: cartSession }))).status,
    ).toBe(200);
    const paid = checkoutSession({
      email: "Zoe.Forgotten@Example.com",
      name: zoe.name,
      address: zoe.address,
      subtotal: 3800,
      shipping: 500,
    });
    expect((await deliver(stripeEvent({ type: "checkout.session.completed", object: paid }))).status).toBe(
      200,
    );
    const [order] = await handle.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, paid.id));
    await sendOrderEmail(
      { storeId: shop.id, orderId: order!.id, email: "confirmation", correlationId: null },
      jobContext(handle.db, mailConfig(null)),
    );
    const activity = (await owner()).activity;
    await updateShippingAddress(
      handle.db,
      { ...activity, ip: "198.51.100.23", userAgent: "Mozilla/5.0 (Erasure)" },
      {
        orderId: order!.id,
        address: {
          name: zoe.name,
          line1: "7 Oblivion Lane",
          line2: "Flat Mnemosyne",
          city: "Lethe",
          postalCode: "ZZ9 9ZZ",
          country: "GB",
        },
      },
    );
    // They once typed their email into the admin's sign-in form; a member of staff did too.
    await handle.db.insert(loginAttempts).values([
      { email: zoe.email.toLowerCase(), ipAddress: "198.51.100.24", outcome: "failure" },
      { email: "owner@shop.test", ipAddress: "198.51.100.24", outcome: "failure" },
    ]);
    // Someone else, who stays.
    const other = checkoutSession({ email: "casey.kept@example.com", name: "Casey Kept", subtotal: 2000 });
    expect((await deliver(stripeEvent({ type: "checkout.session.completed", object: other }))).status).toBe(
      200,
    );
    expect((await searchWholeDatabase([zoe.email])).length).toBeGreaterThanOrEqual(4);

    // Not while the order is on its way: its address is still needed.
    const early = await adminActions.eraseCustomer.handle(owner, {
      email: zoe.email,
      confirmEmail: zoe.email,
    });
    expect(early).toEqual({
      ok: false,
      error: expect.stringMatching(new RegExp(`#${order!.number} still needs`)),
    });

    await handle.db.update(orders).set({ status: "delivered" }).where(eq(orders.id, order!.id));
    await sealActivity(handle.db, { lagSeconds: 0 });
    expect((await verifyStore(handle.db, shop.id)).problem).toBeNull();
    await writeCheckpoints(
      handle.db,
      path.join(dataDir, "seal", "checkpoints"),
      await loadSigningKey({ dataDir }),
    );
    const before = await handle.db.select().from(activityLog).where(eq(activityLog.orderId, order!.id));

    const result = await adminActions.eraseCustomer.handle(owner, {
      email: " ZOE.forgotten@example.com ",
      confirmEmail: "zoe.forgotten@example.com",
    });
    expect(result).toMatchObject({ ok: true, orders: 1, carts: 1, emails: 1, webhookDeliveries: 2 });
    expect((result as { events: number }).events).toBeGreaterThanOrEqual(4);

    // Byte for byte: nothing of them anywhere, in any table of the app or the job queue.
    expect(await searchWholeDatabase(traces)).toEqual([]);
    // A staff account's sign-in attempts stay: the lockout counts them.
    expect(
      await handle.db.select().from(loginAttempts).where(eq(loginAttempts.email, "owner@shop.test")),
    ).toHaveLength(1);
    // Nor in the exports.
    for (const format of ["csv", "ndjson"] as const) {
      const text = await new Response(exportActivity(handle.db, shop.id, {}, format)).text();
      expect(text.length).toBeGreaterThan(200);
      for (const trace of traces) expect(text.toLowerCase()).not.toContain(trace.toLowerCase());
    }

    // The order keeps its amounts and status; its events stay, told without them.
    const [erased] = await handle.db.select().from(orders).where(eq(orders.id, order!.id));
    expect(erased).toMatchObject({
      customerEmail: "[removed]",
      customerName: null,
      shippingAddress: null,
      totalAmount: 4300,
      status: "delivered",
    });
    const after = await handle.db.select().from(activityLog).where(eq(activityLog.orderId, order!.id));
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const messages = after.map((r) => r.message);
    expect(messages).toContain("Order placed — £43.00 via Stripe");
    expect(messages).toContain("Order confirmation sent to the customer");
    expect(messages).toContain("Olive owner changed the shipping address");
    const [cart] = await handle.db
      .select()
      .from(abandonedCheckouts)
      .where(eq(abandonedCheckouts.stripeCheckoutSessionId, cartSession.id));
    expect(cart).toMatchObject({ customerEmail: null, amount: 3800 });
    const [mail] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.orderId, order!.id));
    expect(mail).toMatchObject({ to: "[removed]", subject: expect.stringContaining(`#${order!.number}`) });
    const deliveries = await handle.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.storeId, shop.id));
    expect(deliveries.filter((d) => (d.payload as { erased?: boolean }).erased)).toHaveLength(2);

    // One record that it happened: who and how much, never whose.
    const [record] = await handle.db
      .select()
      .from(activityLog)
      .where(sql`${activityLog.storeId} = ${shop.id} and ${activityLog.eventType} = 'customer.erased'`);
    expect(record).toMatchObject({
      actorLabel: "Olive owner",
      payload: { orders: 1, carts: 1, emails: 1, webhookDeliveries: 2 },
    });
    expect(record!.message).toMatch(
      /^Olive owner erased a customer's personal data: 1 order, 1 cart, 1 email and \d+ events/,
    );

    // The other customer is untouched.
    expect(await searchWholeDatabase(["casey.kept@example.com"])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^public\.orders: 1/)]),
    );

    // The history verifies before and after the seal takes in the scrubs.
    expect((await verifyStore(handle.db, shop.id)).problem).toBeNull();
    const pass = await sealActivity(handle.db, { lagSeconds: 0 });
    expect(pass.sealed).toBeGreaterThanOrEqual(5);
    expect(await verifyStore(handle.db, shop.id)).toMatchObject({ problem: null });
    // And as `npm run activity:verify` does it: against the signed checkpoints.
    const key = await loadSigningKey({ dataDir });
    const checkpoints = path.join(dataDir, "seal", "checkpoints");
    await writeCheckpoints(handle.db, checkpoints, key);
    const [verified] = await verifyHistory(handle.db, {
      store: shop.slug,
      checkpoints,
      trustedKey: key.publicKey,
    });
    expect(verified).toMatchObject({ slug: shop.slug, problem: null });
  });

  it("asks for the email twice, refuses managers, and says when nothing mentions the email", async () => {
    const { owner, manager } = await people();
    const mismatch = await adminActions.eraseCustomer.handle(owner, {
      email: "a@example.com",
      confirmEmail: "b@example.com",
    });
    expect(mismatch).toMatchObject({
      ok: false,
      fieldErrors: { confirmEmail: "Type the same email again to confirm." },
    });
    const bad = await adminActions.eraseCustomer.handle(owner, {
      email: "not an email",
      confirmEmail: "not an email",
    });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { email: "Enter the customer's email address." } });
    const refused = await adminActions.eraseCustomer.handle(manager, {
      email: "casey.kept@example.com",
      confirmEmail: "casey.kept@example.com",
    });
    expect(refused.ok).toBe(false);
    const unknown = await adminActions.eraseCustomer.handle(owner, {
      email: "nobody@example.com",
      confirmEmail: "nobody@example.com",
    });
    expect(unknown).toEqual({
      ok: false,
      error: "Nothing in this store mentions that email: no order, cart, email or event.",
    });
    expect(await searchWholeDatabase(["casey.kept@example.com"])).not.toEqual([]);
  });
});
