import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
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
    /**
     * How long this store's activity is kept, in days (90 unless an owner changes it in
     * Settings, 30 to 3,650); null keeps it for ever (set by hand only). Retention deletes only
     * through the database's `activity_purge_expired` function, which reads this and never
     * removes anything younger than 30 days, whoever asks.
     */
    activityRetentionDays: integer().default(90),
    /**
     * How long the personal data in the activity of a finished order (delivered, cancelled,
     * refunded) is kept, in days, before the retention job scrubs it; events of no order count
     * from when they occurred. The database's `activity_scrub_personal` reads it too.
     */
    personalDataDays: integer().notNull().default(30),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("stores_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check("stores_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "stores_activity_retention_days_range",
      sql`${t.activityRetentionDays} is null or ${t.activityRetentionDays} between 30 and 3650`,
    ),
    check("stores_personal_data_days_range", sql`${t.personalDataDays} between 7 and 3650`),
  ],
);

export type Store = typeof stores.$inferSelect;
