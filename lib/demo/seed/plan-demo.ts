import { uuidv7 } from "@/db/schema/ids";
import { BROWSERS, DEMO_ACCOUNTS } from "./accounts";
import { demoApiKeyPlan } from "./api-keys";
import { makeProducts } from "./catalogue";
import { EventPlan, type StaffMember } from "./event-plan";
import { demoDesigns, irishLocale, makeCustomers, northDesigns, ukLocale } from "./fixtures";
import { type Scenario, seedOrders } from "./orders";
import { Rng } from "./prng";
import { dayAt, HOUR, MINUTE, type Shop } from "./shop";
import {
  seedAbandonedCarts,
  seedActivityExported,
  seedActivityPurged,
  seedApiKeyCreated,
  seedApiKeyReads,
  seedApiKeyRevoked,
  seedCustomerErased,
  seedIntegrityChecks,
  seedJobFailure,
  seedMemberAdded,
  seedMemberRemoved,
  seedMemberRoleChanged,
  seedMistypedPassword,
  seedMorningEmailsSent,
  seedMorningEmailTurnedOn,
  seedPartitionDefaultUsed,
  seedPasswordGuessing,
  seedProductArchived,
  seedProductCreated,
  seedProductUpdated,
  seedRetentionApplied,
  seedSettingsUpdated,
  seedSignIns,
  seedStripeSecretSetAndTested,
  seedSyncHistory,
  seedUnknownSignIn,
  seedWebhookNoise,
} from "./store-events";

/** Demo orders: every status, each with the stories that make the timeline worth looking at. */
const DEMO_SCENARIOS: readonly Scenario[] = [
  { status: "delivered", count: 13 },
  { status: "delivered", twist: "note", count: 2 },
  { status: "delivered", twist: "partial_refund" },
  { status: "delivered", twist: "partial_refund_open" },
  { status: "delivered", twist: "retry_then_ok" },
  { status: "delivered", twist: "cart_recovered" },
  { status: "delivered", twist: "address_changed" },
  { status: "delivered", twist: "details_delayed" },
  { status: "shipped", count: 6 },
  { status: "shipped", twist: "shipping_email_failed" },
  { status: "shipped", twist: "note" },
  { status: "shipped", twist: "email_corrected" },
  { status: "in_production", count: 5 },
  { status: "in_production", twist: "retry_then_ok" },
  { status: "in_production", twist: "cart_recovered" },
  { status: "submitted", count: 3 },
  { status: "submitted", twist: "confirmation_email_failed" },
  { status: "submitted", twist: "address_changed" },
  { status: "submitted", twist: "resubmitted" },
  { status: "paid", count: 3 },
  { status: "paid", twist: "retries_exhausted" },
  { status: "paid", twist: "out_of_stock" },
  { status: "paid", twist: "stuck" },
  { status: "pending" },
  { status: "pending", twist: "abandoned" },
  { status: "pending", twist: "abandoned_email_retried" },
  { status: "payment_failed", count: 2 },
  { status: "payment_failed", twist: "payment_failed_open" },
  { status: "cancelled", twist: "customer_cancelled", count: 2 },
  { status: "cancelled", twist: "duplicate" },
  { status: "cancelled", twist: "provider_cancelled" },
  { status: "refunded", twist: "damaged" },
  { status: "refunded", twist: "damaged_open" },
  { status: "refunded", twist: "lost_in_transit", count: 2 },
];

const NORTH_SCENARIOS: readonly Scenario[] = [
  { status: "delivered", count: 3 },
  { status: "delivered", twist: "note" },
  { status: "shipped", count: 2 },
  { status: "in_production" },
  { status: "submitted" },
  { status: "paid" },
  { status: "cancelled", twist: "customer_cancelled" },
  { status: "refunded", twist: "damaged_open" },
  { status: "payment_failed", twist: "payment_failed_open" },
];

const DEMO_SEED = 0x5eed_d3;
const NORTH_SEED = 0x0e_1e7e;

export type DemoPlan = ReturnType<typeof planDemoData>;

/**
 * Everything the demo seed will write, built in memory without touching the database: the two
 * shops with their people, catalogues and orders, and the activity history as an `EventPlan`.
 * Dates are relative to `now`; the content comes from fixed PRNG seeds.
 */
export function planDemoData(now: Date) {
  const people: StaffMember[] = DEMO_ACCOUNTS.map((account, i) => ({
    id: uuidv7(),
    name: account.name,
    email: account.email.toLowerCase(),
    ...BROWSERS[i]!,
  }));
  const [olivia, marco, sam, niamh] = people as [StaffMember, StaffMember, StaffMember, StaffMember];

  const plan = new EventPlan(now);
  const demoRng = new Rng(DEMO_SEED);
  const northRng = new Rng(NORTH_SEED);
  const demo: Shop = {
    storeId: uuidv7(),
    slug: "demo",
    name: "Demo Print Co",
    printifyShopId: "demo-shop-1",
    locale: ukLocale,
    rng: demoRng,
    now,
    plan,
    owner: olivia,
    staff: [olivia, marco, sam],
    products: [],
    customers: makeCustomers(demoRng, ukLocale, 40),
    deliveries: [],
    loginAttempts: [],
  };
  const north: Shop = {
    storeId: uuidv7(),
    slug: "north",
    name: "North Tees Co",
    printifyShopId: "north-shop-1",
    locale: irishLocale,
    rng: northRng,
    now,
    plan,
    owner: niamh,
    staff: [niamh, olivia],
    products: [],
    customers: makeCustomers(northRng, irishLocale, 10),
    deliveries: [],
    loginAttempts: [],
  };

  // ── Demo Print Co ──────────────────────────────────────────────────────────────────────────
  const demoCreatedAt = dayAt(demo, 31, 9 * HOUR);
  const demoSyncAt = dayAt(demo, 30, 11 * HOUR);
  demo.products = makeProducts(demo, demoDesigns, demoSyncAt);
  const p = (index: number) => demo.products[index]!;
  p(25).row.status = "draft";
  p(26).row.status = "draft";
  seedProductCreated(demo, olivia, p(27), dayAt(demo, 24, 10 * HOUR + 12 * MINUTE));
  seedProductCreated(demo, olivia, p(28), dayAt(demo, 16, 10 * HOUR + 48 * MINUTE));
  seedProductCreated(demo, olivia, p(29), dayAt(demo, 9, 11 * HOUR + 5 * MINUTE));
  seedProductUpdated(
    demo,
    marco,
    p(1),
    dayAt(demo, 22, 11 * HOUR + 20 * MINUTE),
    { title: p(1).row.title.replace("Retro Cassette", "Retro Mixtape") },
    { title: "Title" },
    { title: p(1).row.title },
  );
  const mugVariant = p(2).variants[0]!;
  seedProductUpdated(
    demo,
    marco,
    p(2),
    dayAt(demo, 27, 14 * HOUR + 3 * MINUTE),
    { price: mugVariant.priceAmount - 200 },
    { price: `Price (${mugVariant.title})` },
    { price: mugVariant.priceAmount },
  );
  seedProductUpdated(
    demo,
    olivia,
    p(9),
    dayAt(demo, 7, 19 * HOUR + 41 * MINUTE),
    { description: `Our “${p(9).design}” design. Printed to order.` },
    { description: "Description" },
    { description: p(9).row.description },
  );
  seedProductArchived(demo, olivia, p(17), dayAt(demo, 4, 10 * HOUR + 2 * MINUTE));

  seedSettingsUpdated(demo, olivia, dayAt(demo, 30, 9 * HOUR + 32 * MINUTE), "the store name", {
    field: "name",
    label: "Store name",
    old: "Demo Print Company",
    new: "Demo Print Co",
  });
  // API keys: an old one for a spreadsheet, revoked, and the demo key the README's examples use.
  const oldApiKeyCreatedAt = dayAt(demo, 26, 15 * HOUR + 5 * MINUTE);
  const oldApiKeyRevokedAt = dayAt(demo, 12, 9 * HOUR + 48 * MINUTE);
  const demoApiKeyCreatedAt = dayAt(demo, 12, 9 * HOUR + 50 * MINUTE);
  for (const key of demoApiKeyPlan({ oldApiKeyCreatedAt, oldApiKeyRevokedAt, demoApiKeyCreatedAt })) {
    seedApiKeyCreated(demo, olivia, key, key.createdAt);
    if (key.revokedAt) seedApiKeyRevoked(demo, olivia, key, key.revokedAt);
  }
  // Reading the log leaves a trace: the demo key's reads per hour, two exports and a purge.
  const demoKey = demoApiKeyPlan({ oldApiKeyCreatedAt, oldApiKeyRevokedAt, demoApiKeyCreatedAt }).find(
    (k) => !k.revokedAt,
  )!;
  seedApiKeyReads(demo, demoKey, dayAt(demo, 3, 14 * HOUR), { requests: 37, rows: 1240 });
  seedApiKeyReads(demo, demoKey, dayAt(demo, 1, 9 * HOUR), { requests: 4, rows: 200 });
  seedActivityExported(demo, olivia, dayAt(demo, 6, 11 * HOUR + 12 * MINUTE), {
    format: "csv",
    rows: 448,
    filters: {},
  });
  seedActivityExported(demo, olivia, dayAt(demo, 2, 17 * HOUR + 3 * MINUTE), {
    format: "ndjson",
    rows: 120,
    expectedRows: 312,
    filters: { level: "warning,error", type: "order.*" },
  });
  seedActivityPurged(demo, dayAt(demo, 1, 3 * HOUR), 42, 365);
  seedRetentionApplied(demo, dayAt(demo, 1, 3 * HOUR + 41 * MINUTE), {
    removed: 42,
    scrubbed: 17,
    retentionDays: 365,
    personalDataDays: 30,
  });
  seedCustomerErased(demo, olivia, dayAt(demo, 8, 10 * HOUR + 5 * MINUTE), {
    orders: 1,
    carts: 0,
    emails: 2,
    webhookDeliveries: 1,
    events: 6,
  });
  seedPartitionDefaultUsed(demo, dayAt(demo, 2, 2 * HOUR), {
    rows: 3,
    partitions: ["activity_log_y2019m03"],
    resolve: "Orders imported from the old shop, dated 2019; they are in place now.",
  });
  seedSettingsUpdated(demo, olivia, dayAt(demo, 5, 16 * HOUR + 10 * MINUTE), "the Printify shop", {
    field: "printifyShopId",
    label: "Printify shop ID",
    old: "demo-shop-0",
    new: "demo-shop-1",
  });

  const marcoAddedAt = dayAt(demo, 30, 12 * HOUR);
  const samAddedAt = dayAt(demo, 28, 10 * HOUR + 15 * MINUTE);
  const fran = { id: uuidv7(), email: "fran@demo.storyline.test" };
  seedMemberAdded(demo, olivia, marco, "staff", marcoAddedAt);
  seedMemberAdded(demo, olivia, sam, "staff", samAddedAt);
  seedMemberAdded(demo, olivia, fran, "staff", dayAt(demo, 27, 15 * HOUR));
  seedMemberRoleChanged(demo, olivia, marco, "staff", "manager", dayAt(demo, 14, 9 * HOUR + 15 * MINUTE));
  seedMemberRemoved(demo, olivia, fran, dayAt(demo, 11, 17 * HOUR + 30 * MINUTE));
  seedStripeSecretSetAndTested(demo, olivia, "whsec_…only", dayAt(demo, 30, 9 * HOUR + 40 * MINUTE));
  seedMorningEmailTurnedOn(demo, olivia, dayAt(demo, 4, 18 * HOUR + 12 * MINUTE));
  seedMorningEmailsSent(demo, olivia, [
    { daysAgo: 3, open: 6, resolvedOvernight: 2 },
    { daysAgo: 2, open: 5, resolvedOvernight: 1 },
    { daysAgo: 1, open: 4, resolvedOvernight: 3 },
  ]);

  seedIntegrityChecks(
    demo,
    dayAt(demo, 1, 5 * HOUR + 23 * MINUTE),
    dayAt(demo, 9, 3 * HOUR + 23 * MINUTE),
    "Restored last night's backup over a newer one; restored the newer one and the check passed again.",
  );
  seedJobFailure(
    demo,
    dayAt(demo, 6, 4 * HOUR + 10 * MINUTE),
    "Printify had an outage that night; the next run caught every order up.",
  );
  seedSyncHistory(demo, {
    initialAt: demoSyncAt,
    initialCreated: demo.products.length - 3,
    everyDays: 1,
    failures: [
      {
        daysAgo: 9,
        reason: "Printify API rate limit exceeded (HTTP 429)",
        resolve: "Rate limited by Printify; the next night's sync ran fine.",
      },
      { daysAgo: 1, reason: "Printify API returned 503 Service Unavailable" },
    ],
  });

  seedSignIns(
    demo,
    [
      { member: olivia, chance: 0.55 },
      { member: marco, chance: 0.8 },
      { member: sam, chance: 0.7 },
    ],
    27,
  );
  seedMistypedPassword(demo, marco, dayAt(demo, 6, 8 * HOUR + 31 * MINUTE));
  seedPasswordGuessing(demo, olivia, dayAt(demo, 3, 2 * HOUR + 14 * MINUTE), {
    ip: "192.0.2.66",
    userAgent: "python-requests/2.31.0",
    resolveFailures: "Part of the password-guessing run that ended in the lockout; reviewing that one.",
  });
  seedUnknownSignIn(
    demo,
    "admin@demo.storyline.test",
    dayAt(demo, 1, 23 * HOUR + 41 * MINUTE),
    "192.0.2.140",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
  );

  seedWebhookNoise(demo, {
    rejected: [
      {
        provider: "Stripe",
        reason: "invalid signature",
        status: 400,
        at: dayAt(demo, 1, 15 * HOUR + 7 * MINUTE),
        ip: "192.0.2.99",
        userAgent: "curl/8.5.0",
      },
      {
        provider: "Printify",
        reason: "payload did not match the expected shape",
        status: 400,
        at: dayAt(demo, 12, 8 * HOUR + 2 * MINUTE),
        ip: "198.51.100.20",
        userAgent: "Printify-Webhooks/1.0",
        resolve: "Printify added a field to its payload; the handler accepts it now.",
      },
    ],
    ignored: [
      { provider: "Stripe", type: "customer.created", at: dayAt(demo, 20, 13 * HOUR + 4 * MINUTE) },
      { provider: "Stripe", type: "customer.updated", at: dayAt(demo, 8, 18 * HOUR + 52 * MINUTE) },
      { provider: "Printify", type: "product:publish:started", at: dayAt(demo, 16, 10 * HOUR + 49 * MINUTE) },
    ],
  });

  const demoOrders = seedOrders(demo, DEMO_SCENARIOS, { earliest: dayAt(demo, 29, 0) });
  seedAbandonedCarts(demo, 4, dayAt(demo, 28, 0));

  // ── North Tees Co ──────────────────────────────────────────────────────────────────────────
  const northCreatedAt = dayAt(north, 21, 10 * HOUR);
  const northSyncAt = dayAt(north, 21, 11 * HOUR);
  const oliviaJoinedNorthAt = dayAt(north, 19, 13 * HOUR + 5 * MINUTE);
  north.products = makeProducts(north, northDesigns, northSyncAt);
  seedSettingsUpdated(north, niamh, dayAt(north, 21, 10 * HOUR + 20 * MINUTE), "the time zone", {
    field: "timeZone",
    label: "Time zone",
    old: "Europe/London",
    new: "Europe/Dublin",
  });
  seedMemberAdded(north, niamh, olivia, "manager", oliviaJoinedNorthAt);
  // Taken live from Settings → Integrations: the masked form of the seeded secret.
  seedStripeSecretSetAndTested(north, niamh, "whsec_…only", dayAt(north, 21, 10 * HOUR + 35 * MINUTE));
  seedSyncHistory(north, {
    initialAt: northSyncAt,
    initialCreated: north.products.length,
    everyDays: 2,
    failures: [],
  });
  seedSignIns(north, [{ member: niamh, chance: 0.6 }], 19);
  const northOrders = seedOrders(north, NORTH_SCENARIOS, { earliest: dayAt(north, 19, 0) });
  seedAbandonedCarts(north, 1, dayAt(north, 18, 0));

  return {
    plan,
    people,
    demo,
    north,
    demoOrders,
    northOrders,
    dates: {
      demoCreatedAt,
      marcoAddedAt,
      samAddedAt,
      northCreatedAt,
      oliviaJoinedNorthAt,
      oldApiKeyCreatedAt,
      oldApiKeyRevokedAt,
      demoApiKeyCreatedAt,
    },
  };
}
