import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./ids";
import { stores } from "./stores";

/** A person who signs in. Emails are stored lower-cased so sign-in is case-insensitive. */
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("users_email_lowercase", sql`${t.email} = lower(${t.email})`)],
);

export const roles = ["owner", "manager", "staff"] as const;
export type Role = (typeof roles)[number];

/** user × store × role. A user sees only the stores they are a member of. */
export const memberships = pgTable(
  "memberships",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    role: text({ enum: roles }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.storeId] }),
    index("memberships_store_idx").on(t.storeId),
    check("memberships_role_valid", sql`${t.role} in ('owner', 'manager', 'staff')`),
  ],
);

/**
 * Every sign-in attempt, kept for the lockout rule (five failures for one email from one IP
 * within 15 minutes lock that pair out for 15 minutes). Unknown emails are recorded too.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id(),
    email: text().notNull(),
    ipAddress: text().notNull(),
    outcome: text({ enum: ["success", "failure", "locked"] }).notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_pair_idx").on(t.email, t.ipAddress, t.attemptedAt.desc().nullsFirst())],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
