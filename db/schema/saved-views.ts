import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { stores } from "./stores";
import { users } from "./users";

/**
 * A person's named feed filter in one store ("Failed emails this week"). `query` is the feed's
 * URL query as `feedHref` writes it (no cursor), so a saved view is a link. Names are unique per
 * person and store, ignoring case.
 */
export const savedViews = pgTable(
  "saved_views",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    query: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    uniqueIndex("saved_views_name_unique").on(t.storeId, t.userId, sql`lower(${t.name})`),
    index("saved_views_owner_idx").on(t.userId, t.storeId, t.createdAt),
    check("saved_views_name_length", sql`length(${t.name}) between 1 and 60`),
    check("saved_views_query_length", sql`length(${t.query}) <= 2000`),
  ],
);

export type SavedView = typeof savedViews.$inferSelect;
