import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * How many events each store logged per quarter hour (UTC) and level, debug events left out:
 * what the activity chart adds up instead of reading every row of its 30 days. Quarter hours,
 * because every time zone in use is a whole number of them away from UTC, so a day in any zone
 * is a whole number of buckets. Derived data, kept by the `count-activity` job
 * (lib/activity/counts/count-activity.ts) from the rows written since its bookmark; the log,
 * not this table, is the record. Migration 0016 adds `activity_counts_chart_idx` on
 * (store_id, bucket) INCLUDE (level, events), for index-only reads of a store's window.
 */
export const activityCounts = pgTable(
  "activity_counts",
  {
    storeId: uuid().notNull(),
    /** The start of the quarter hour (UTC) the events occurred in. */
    bucket: timestamp({ withTimezone: true }).notNull(),
    level: text().notNull(),
    events: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.bucket, t.level] }),
    check("activity_counts_events_positive", sql`${t.events} > 0`),
  ],
);

/**
 * How far `activity_counts` has counted (one row), as the seal's bookmark does: every row before
 * (`counted_through`, `counted_id`) in (inserted_at, id) order is counted — every row inserted
 * before `counted_through` when `counted_id` is null — and nothing after it.
 */
export const activityCountsProgress = pgTable("activity_counts_progress", {
  id: integer().primaryKey().default(1),
  countedThrough: timestamp({ withTimezone: true }).notNull(),
  countedId: uuid(),
});

/**
 * The integrations' own event types (`custom.*`) each store's log holds, for the feed's type
 * filter: written by the same job as the counts, from the same rows, so the filter's list is
 * one index read instead of a walk over every month's type index.
 */
export const activityCustomTypes = pgTable(
  "activity_custom_types",
  {
    storeId: uuid().notNull(),
    eventType: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.eventType] })],
);
