import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { stores } from "./stores";

/**
 * One row per webhook delivery we accepted, written in the same transaction as its effects.
 * Unique per store + provider + provider event id: a redelivery finds its row and writes
 * nothing new, and an id another store has already seen means nothing here.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    provider: text({ enum: ["stripe", "printify"] }).notNull(),
    providerEventId: text().notNull(),
    eventType: text().notNull(),
    payload: jsonb().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.provider, t.providerEventId] }),
    index("webhook_deliveries_store_idx").on(t.storeId, t.receivedAt.desc().nullsFirst()),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Deliveries refused before their signature could vouch for them (unsigned, wrongly signed,
 * stale), counted per store, provider and reason. One open `webhook.rejected` warning stands
 * for all of them (`openEventId`); a new one is raised only once that one is resolved
 * (`generation` counts them), so junk from anywhere cannot flood "Needs attention".
 */
export const webhookRejections = pgTable(
  "webhook_rejections",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    provider: text({ enum: ["stripe", "printify"] }).notNull(),
    reason: text().notNull(),
    /** Rejections since the open warning was raised. */
    count: integer().notNull().default(0),
    firstRejectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastRejectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    openEventId: uuid(),
    generation: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.provider, t.reason] })],
);

export type WebhookRejectionCount = typeof webhookRejections.$inferSelect;
