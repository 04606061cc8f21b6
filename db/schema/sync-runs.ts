import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { stores } from "./stores";

export const syncRunStatuses = ["running", "completed", "failed"] as const;

/** One product sync with the provider; its counters move while it runs so the admin shows progress. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    status: text({ enum: syncRunStatuses }).notNull().default("running"),
    total: integer(),
    processed: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    index("sync_runs_store_idx").on(t.storeId, t.startedAt.desc().nullsFirst()),
    check("sync_runs_status_valid", sql`${t.status} in ('running', 'completed', 'failed')`),
  ],
);

export type SyncRun = typeof syncRuns.$inferSelect;
