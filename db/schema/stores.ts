import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id } from "./ids";

/** A shop. Every other row belongs to exactly one store; every query filters by it. */
export const stores = pgTable(
  "stores",
  {
    id: id(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    currency: text().notNull().default("GBP"),
    timeZone: text().notNull().default("Europe/London"),
    /** Signing secret of this store's Stripe webhook endpoint. */
    stripeWebhookSecret: text(),
    /**
     * The secret it replaced, still accepted until `…PreviousExpiresAt` while Stripe rolls over
     * (lib/stores/rotate-webhook-secret.ts); both null once it has expired or was never set.
     */
    stripeWebhookSecretPrevious: text(),
    stripeWebhookSecretPreviousExpiresAt: timestamp({ withTimezone: true }),
    /** Secret of this store's Printify webhooks (HMAC-SHA256 of the raw body). */
    printifyWebhookSecret: text(),
    printifyWebhookSecretPrevious: text(),
    printifyWebhookSecretPreviousExpiresAt: timestamp({ withTimezone: true }),
    printifyShopId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("stores_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check("stores_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export type Store = typeof stores.$inferSelect;
