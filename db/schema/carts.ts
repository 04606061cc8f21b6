import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { orders } from "./orders";
import { stores } from "./stores";

/**
 * A checkout that expired without payment (Stripe `checkout.session.expired`): a candidate for
 * one recovery email, and "recovered" when the same customer later pays.
 */
export const abandonedCheckouts = pgTable(
  "abandoned_checkouts",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    stripeCheckoutSessionId: text().notNull(),
    customerEmail: text(),
    amount: integer().notNull(),
    currency: text().notNull(),
    expiredAt: timestamp({ withTimezone: true }).notNull(),
    recoveryEmailSentAt: timestamp({ withTimezone: true }),
    recoveredOrderId: uuid(),
    recoveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    // ON DELETE SET NULL (recovered_order_id) in the migration: the store column stays.
    foreignKey({
      name: "abandoned_checkouts_recovered_order_fk",
      columns: [t.storeId, t.recoveredOrderId],
      foreignColumns: [orders.storeId, orders.id],
    }).onDelete("set null"),
    unique("abandoned_checkouts_session_unique").on(t.storeId, t.stripeCheckoutSessionId),
    index("abandoned_checkouts_email_idx").on(t.storeId, t.customerEmail),
  ],
);

export type AbandonedCheckout = typeof abandonedCheckouts.$inferSelect;
