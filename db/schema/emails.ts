import { date, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { stores } from "./stores";
import { users } from "./users";

export const emailKinds = ["confirmation", "shipping", "abandoned_cart", "morning_email"] as const;
export type EmailKind = (typeof emailKinds)[number];

/**
 * Mail that went to the local outbox instead of an SMTP server (no SMTP_URL, the embedded
 * default), so the owner can read what customers would have received.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    orderId: uuid(),
    kind: text({ enum: emailKinds }).notNull(),
    from: text().notNull(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    messageId: text(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    index("outbox_emails_store_idx").on(t.storeId, t.sentAt.desc().nullsFirst()),
  ],
);

export type OutboxEmail = typeof outboxEmails.$inferSelect;

/**
 * One row per person, store and local day whose morning email was claimed for sending. Its
 * primary key is what makes the email go out once a day however many workers run the job:
 * a send inserts its row first and sends nothing when the row was already there.
 */
export const morningEmailDeliveries = pgTable(
  "morning_email_deliveries",
  {
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The day in the store's time zone. */
    localDate: date({ mode: "string" }).notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.userId, t.localDate] })],
);
