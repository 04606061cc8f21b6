import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./ids";
import { stores } from "./stores";

export const emailKinds = ["confirmation", "shipping", "abandoned_cart"] as const;
export type EmailKind = (typeof emailKinds)[number];

/**
 * Mail that went to the local outbox instead of an SMTP server (no SMTP_URL, the embedded
 * default), so the owner can read what customers would have received.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: id(),
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
  (t) => [index("outbox_emails_store_idx").on(t.storeId, t.sentAt.desc().nullsFirst())],
);

export type OutboxEmail = typeof outboxEmails.$inferSelect;
