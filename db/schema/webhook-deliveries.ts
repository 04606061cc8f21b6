import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id } from "./ids";
import { stores } from "./stores";

/**
 * One row per webhook delivery we accepted, written in the same transaction as its effects.
 * Unique per provider + provider event id: a redelivery finds its row and writes nothing new.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
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
    unique("webhook_deliveries_provider_event_unique").on(t.provider, t.providerEventId),
    index("webhook_deliveries_store_idx").on(t.storeId, t.receivedAt.desc().nullsFirst()),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
