import { index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id } from "./ids";
import { orders } from "./orders";
import { stores } from "./stores";

/**
 * A checkout that expired without payment (Stripe `checkout.session.expired`): a candidate for
 * one recovery email, and "recovered" when the same customer later pays.
 */
export const abandonedCheckouts = pgTable(
  "abandoned_checkouts",
  {
    id: id(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    stripeCheckoutSessionId: text().notNull(),
    customerEmail: text(),
    amount: integer().notNull(),
    currency: text().notNull(),
    expiredAt: timestamp({ withTimezone: true }).notNull(),
    recoveryEmailSentAt: timestamp({ withTimezone: true }),
    recoveredOrderId: uuid().references(() => orders.id, { onDelete: "set null" }),
    recoveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("abandoned_checkouts_session_unique").on(t.storeId, t.stripeCheckoutSessionId),
    index("abandoned_checkouts_email_idx").on(t.storeId, t.customerEmail),
  ],
);

export type AbandonedCheckout = typeof abandonedCheckouts.$inferSelect;
