import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./ids";
import { stores } from "./stores";
import { users } from "./users";

export const apiScopes = ["activity:read", "activity:write"] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * A store's API key. The key itself is shown once, when created; only its SHA-256 is kept
 * (a key has 256 random bits, so a fast hash is enough) and its first characters, to recognise it.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The key's first characters ("sl_4fK2Qx9a"), shown in lists. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key, hex. */
    tokenHash: text().notNull().unique(),
    scopes: text({ enum: apiScopes }).array().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Updated at most once a minute, so authenticating stays a read. */
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("api_keys_store_idx").on(t.storeId, t.createdAt),
    check("api_keys_name_length", sql`length(${t.name}) between 1 and 100`),
    check("api_keys_scopes_valid", sql`${t.scopes} <@ array['activity:read', 'activity:write']::text[]`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
