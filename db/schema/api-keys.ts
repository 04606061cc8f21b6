import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
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
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The key's first characters ("sl_4fK2Qx9a"), shown in lists. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key, hex. */
    tokenHash: text().notNull(),
    scopes: text({ enum: apiScopes }).array().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Updated at most once a minute, so authenticating stays a read. */
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    index("api_keys_store_idx").on(t.storeId, t.createdAt),
    // Authentication finds a key by its hash alone (the key does not name its store). Not a
    // unique key, which would have to lead with store_id: 256 random bits never collide.
    index("api_keys_token_hash_idx").on(t.tokenHash),
    check("api_keys_name_length", sql`length(${t.name}) between 1 and 100`),
    check("api_keys_scopes_valid", sql`${t.scopes} <@ array['activity:read', 'activity:write']::text[]`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
