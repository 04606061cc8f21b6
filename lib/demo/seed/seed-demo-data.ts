import { eq, sql } from "drizzle-orm";
import {
  apiKeys,
  loginAttempts,
  memberships,
  orderItems,
  orders,
  outboxEmails,
  products,
  productVariants,
  stores,
  users,
  webhookDeliveries,
} from "@/db/schema";
import { countActivity } from "@/lib/activity/counts/count-activity";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { hashPassword } from "@/lib/auth/passwords";
import type { Db } from "@/lib/platform/db/types";
import { DEMO_ACCOUNTS } from "./accounts";
import { demoApiKeys } from "./api-keys";
import type { StaffMember } from "./event-plan";
import { planOutbox } from "./outbox";
import { planDemoData } from "./plan-demo";

export { DEMO_ACCOUNTS, type DemoAccount } from "./accounts";

export type SeedSummary = { stores: number; users: number; products: number; orders: number; events: number };

/**
 * Seeds the demo shop ("Demo Print Co", with a second store "North Tees Co" to show tenant
 * isolation): people, products, orders and the activity history that tells their stories,
 * dated relative to `options.now`. Deterministic apart from ids, tokens and password salts.
 * Does nothing and returns null if a store with the slug "demo" already exists.
 * Activity is written only through `logEvent`; throws if any event could not be written.
 */
export async function seedDemoData(db: Db, options: { now?: Date } = {}): Promise<SeedSummary | null> {
  const now = options.now ?? new Date();
  const existing = await db.select({ id: stores.id }).from(stores).where(eq(stores.slug, "demo")).limit(1);
  if (existing.length) return null;

  const passwordHashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  const { plan, people, demo, north, demoOrders, northOrders, dates } = planDemoData(now);
  const { demoCreatedAt, marcoAddedAt, samAddedAt, northCreatedAt, oliviaJoinedNorthAt } = dates;
  const [olivia, marco, sam, niamh] = people as [StaffMember, StaffMember, StaffMember, StaffMember];

  // ── Business rows and their history, in one transaction ────────────────────────────────────
  const shops = [demo, north];
  const allProducts = shops.flatMap((s) => s.products);
  const allOrders = [...demoOrders.orders, ...northOrders.orders];
  const inserted = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(stores)
      .values({
        id: demo.storeId,
        slug: "demo",
        name: demo.name,
        currency: "GBP",
        timeZone: "Europe/London",
        stripeWebhookSecret: "whsec_demo_storyline_local_only",
        printifyWebhookSecret: "printify_demo_storyline_local_only",
        printifyShopId: demo.printifyShopId,
        createdAt: demoCreatedAt,
      })
      .onConflictDoNothing({ target: stores.slug })
      .returning({ id: stores.id });
    // Someone else seeded it in the meantime.
    if (!created) return null;
    await tx.insert(stores).values({
      id: north.storeId,
      slug: "north",
      name: north.name,
      currency: "EUR",
      timeZone: "Europe/Dublin",
      stripeWebhookSecret: "whsec_north_storyline_local_only",
      printifyWebhookSecret: "printify_north_storyline_local_only",
      printifyShopId: north.printifyShopId,
      createdAt: northCreatedAt,
    });
    await tx.insert(users).values(
      people.map((person, i) => ({
        id: person.id,
        email: person.email,
        name: person.name,
        passwordHash: passwordHashes[i]!,
        createdAt: [demoCreatedAt, marcoAddedAt, samAddedAt, northCreatedAt][i]!,
      })),
    );
    await tx.insert(memberships).values([
      {
        userId: olivia.id,
        storeId: demo.storeId,
        role: "owner",
        morningEmail: true,
        createdAt: demoCreatedAt,
      },
      { userId: marco.id, storeId: demo.storeId, role: "manager", createdAt: marcoAddedAt },
      { userId: sam.id, storeId: demo.storeId, role: "staff", createdAt: samAddedAt },
      { userId: niamh.id, storeId: north.storeId, role: "owner", createdAt: northCreatedAt },
      { userId: olivia.id, storeId: north.storeId, role: "manager", createdAt: oliviaJoinedNorthAt },
    ]);
    await tx.insert(apiKeys).values(demoApiKeys(demo.storeId, olivia.id, dates));
    await tx.insert(products).values(allProducts.map((product) => product.row));
    await tx.insert(productVariants).values(allProducts.flatMap((product) => product.variants));
    await tx.insert(orders).values(allOrders);
    // The shop's next real order continues the demo's numbering (#1064), not the sequence's start.
    await tx.execute(sql`select setval('order_number_seq', (select max(${orders.number}) from ${orders}))`);
    await tx.insert(orderItems).values([...demoOrders.items, ...northOrders.items]);
    await tx.insert(webhookDeliveries).values(shops.flatMap((s) => s.deliveries));
    await tx.insert(loginAttempts).values(shops.flatMap((s) => s.loginAttempts));
    // ── The activity history, through logEvent only, in the same transaction: a seed that
    // fails half-way leaves nothing behind, and the next start seeds again.
    const { written } = await plan.write(tx, (storeId) => (storeId === demo.storeId ? olivia.id : niamh.id));
    // The emails those timelines say were sent, in the outbox where the owner reads them.
    const mail = await planOutbox(plan, {
      orders: allOrders,
      items: [...demoOrders.items, ...northOrders.items],
      storeNames: new Map(shops.map((s) => [s.storeId, s.name])),
    });
    for (let i = 0; i < mail.length; i += 200) await tx.insert(outboxEmails).values(mail.slice(i, i + 200));
    return { written };
  });
  if (!inserted) return null;
  const { written } = inserted;
  // The seeded history starts sealed and counted, as a running shop's would be.
  await sealActivity(db, { lagSeconds: 0 });
  await countActivity(db, { lagSeconds: 0, budgetMs: 60_000 });

  return {
    stores: shops.length,
    users: people.length,
    products: allProducts.length,
    orders: allOrders.length,
    events: written,
  };
}
