import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { id } from "./ids";
import { stores } from "./stores";

/**
 * A person who signs in. Emails are stored lower-cased so sign-in is case-insensitive.
 * `sessionVersion` is copied into each session at sign-in; raising it (sign-out, a new
 * password, a changed or removed membership) ends every session issued before.
 */
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    sessionVersion: integer().notNull().default(0),
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
    /** Wants the morning email (owners and managers): a digest at 8:00 in the store's time zone. */
    morningEmail: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.userId] }),
    // A user's stores (sign-in, the store switcher).
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_valid", sql`${t.role} in ('owner', 'manager', 'staff')`),
  ],
);

/**
 * Every sign-in attempt, kept for the lockout rules (lib/auth/lockout.ts): per account
 * (email) and per client address. Unknown emails are recorded too. An attempt is `pending`
 * while its password is being checked, and counts as a failure until it is settled.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id(),
    email: text().notNull(),
    ipAddress: text().notNull(),
    outcome: text({ enum: ["pending", "success", "failure", "locked"] }).notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_pair_idx").on(t.email, t.ipAddress, t.attemptedAt.desc().nullsFirst()),
    index("login_attempts_email_idx").on(t.email, t.attemptedAt.desc().nullsFirst()),
    index("login_attempts_address_idx").on(t.ipAddress, t.attemptedAt.desc().nullsFirst()),
  ],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
