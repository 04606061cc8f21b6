import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const activityLevels = ["info", "warning", "error"] as const;
export const actorTypes = ["user", "system", "worker", "integration"] as const;
export const activitySources = ["admin", "webhook", "worker", "api", "system"] as const;
export const visibilities = ["internal", "customer", "debug"] as const;

export type ActivityLevel = (typeof activityLevels)[number];
export type ActorType = (typeof actorTypes)[number];
export type ActivitySource = (typeof activitySources)[number];
export type Visibility = (typeof visibilities)[number];
export type FieldChange = { old: unknown; new: unknown; label?: string };
export type Changes = Record<string, FieldChange>;

/**
 * The activity log: one row per meaningful thing that happened, append-only.
 *
 * - Rows are never updated except the three resolution columns, and never deleted except by a
 *   retention job that allows it in its own transaction. Triggers enforce both (see the
 *   `activity_log_guards` migration), so no code path can rewrite history.
 * - Sort by `(occurred_at, id)`: bulk writes share a millisecond, and the UUIDv7 id breaks ties.
 * - No foreign keys: the log outlives the rows it describes, and a key check per insert would
 *   take a share lock on the store row that every concurrent writer contends for.
 * - Range-partitioned by month on `occurred_at` (`activity_log_yYYYYmMM`, plus a DEFAULT
 *   partition that the maintenance job empties). Drizzle cannot say so: the partitioning, the
 *   partitions and their privileges are made by the `partitioned_activity_log` migration and
 *   the SQL functions it defines; the columns and indexes here must stay in step with it.
 * - Every key leads with `store_id` and holds the partition key, so the primary key is
 *   `(store_id, id, occurred_at)`; the id alone stays unique because it is a UUIDv7.
 * - A dedupe key is unique per store across every partition through `activity_dedupe_keys`,
 *   which a trigger fills in the same statement as the row (a duplicate writes nothing).
 */
export const activityLog = pgTable(
  "activity_log",
  {
    id: uuid().notNull(),
    storeId: uuid().notNull(),
    eventType: text().notNull(),
    level: text({ enum: activityLevels }).notNull(),
    message: text().notNull(),
    entityType: text(),
    entityId: text(),
    orderId: uuid(),
    actorType: text({ enum: actorTypes }).notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    source: text({ enum: activitySources }).notNull(),
    visibility: text({ enum: visibilities }).notNull().default("internal"),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    changes: jsonb().$type<Changes>(),
    correlationId: text(),
    dedupeKey: text(),
    ipAddress: text(),
    userAgent: text(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid(),
    resolutionNote: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    insertedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * The row's secret for the seal's commitments to its personal data (message, changes, IP,
     * user agent and the catalog's personal payload fields). Removed when those are scrubbed,
     * so the commitments left in `redactions` cannot be brute-forced.
     */
    sealSalt: uuid().default(sql`gen_random_uuid()`),
    /** Set by a scrub: the sealed commitments of the personal fields it removed. */
    redactions: jsonb().$type<Record<string, string>>(),
    /** When the personal fields were last scrubbed; the seal covers the scrubbed form too. */
    redactedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id, t.occurredAt] }),
    // The order timeline: every event of one order, oldest first.
    index("activity_log_order_timeline_idx")
      .on(t.orderId, t.occurredAt, t.id)
      .where(sql`${t.orderId} is not null`),
    // The feed: newest first within a store, keyset-paginated on (occurred_at, id).
    index("activity_log_feed_idx").on(t.storeId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // "Needs attention": unresolved warnings and errors (never debug ones), small and hot.
    index("activity_log_attention_idx")
      .on(t.storeId, t.occurredAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(
        sql`${t.level} in ('warning', 'error') and ${t.resolvedAt} is null and ${t.visibility} <> 'debug'`,
      ),
    // Feed filtered by event type (exact or prefix, e.g. `order.*`).
    index("activity_log_type_idx").on(
      t.storeId,
      t.eventType,
      t.occurredAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The seal job's pass over what was written (and resolved, and scrubbed) since its last one.
    index("activity_log_inserted_idx").on(t.insertedAt, t.id),
    index("activity_log_resolved_idx").on(t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index("activity_log_redacted_idx").on(t.redactedAt).where(sql`${t.redactedAt} is not null`),
    check("activity_log_level_valid", sql`${t.level} in ('info', 'warning', 'error')`),
    check(
      "activity_log_actor_type_valid",
      sql`${t.actorType} in ('user', 'system', 'worker', 'integration')`,
    ),
    check("activity_log_source_valid", sql`${t.source} in ('admin', 'webhook', 'worker', 'api', 'system')`),
    check("activity_log_visibility_valid", sql`${t.visibility} in ('internal', 'customer', 'debug')`),
    check(
      "activity_log_resolution_consistent",
      sql`${t.resolvedAt} is not null or (${t.resolvedBy} is null and ${t.resolutionNote} is null)`,
    ),
  ],
);

/**
 * Idempotency across partitions: one row per (store, dedupe key) ever written, naming the event
 * that holds it. Filled by activity_log's insert trigger in the same statement as the event (a
 * key already here makes the trigger skip the row); removed with its event by the retention
 * function and by a dropped partition, so the key becomes free again exactly when the row goes.
 */
export const activityDedupeKeys = pgTable(
  "activity_dedupe_keys",
  {
    storeId: uuid().notNull(),
    dedupeKey: text().notNull(),
    activityId: uuid().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.dedupeKey] })],
);

export type ActivityRow = typeof activityLog.$inferSelect;
export type NewActivityRow = typeof activityLog.$inferInsert;
