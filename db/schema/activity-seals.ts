import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const sealKinds = ["row", "resolution", "redaction"] as const;
export type SealKind = (typeof sealKinds)[number];

/**
 * The sealed history: per store, a hash chain over the activity log, one entry per row, per
 * resolution and per scrub, in the order the seal job saw them (`seq` 1, 2, 3… per store).
 * `chain_hash` = sha256 of the previous entry's chain hash and this entry (see
 * lib/activity/seal/chain.ts), so an entry edited, removed or moved breaks every later hash;
 * the signed checkpoints outside the database catch a tail cut off with its entries.
 */
export const activitySeals = pgTable(
  "activity_seals",
  {
    storeId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    activityId: uuid().notNull(),
    kind: text({ enum: sealKinds }).notNull(),
    /** The time of what is sealed: the row's inserted_at, its resolved_at or its redacted_at. */
    entryAt: timestamp({ withTimezone: true }).notNull(),
    rowHash: text().notNull(),
    chainHash: text().notNull(),
    sealedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.seq] }),
    index("activity_seals_activity_idx").on(t.activityId, t.kind),
    check("activity_seals_kind_valid", sql`${t.kind} in ('row', 'resolution', 'redaction')`),
  ],
);

/**
 * Each store's chain head (what the next entry links to) and the last verification's outcome.
 * A convenience, not a trust anchor: the checkpoints signed outside the database are.
 */
export const activitySealHeads = pgTable("activity_seal_heads", {
  storeId: uuid().primaryKey(),
  seq: bigint({ mode: "number" }).notNull().default(0),
  chainHash: text().notNull(),
  sealedAt: timestamp({ withTimezone: true }),
  /** The last seq written to a signed checkpoint. */
  checkpointSeq: bigint({ mode: "number" }).notNull().default(0),
  verifiedAt: timestamp({ withTimezone: true }),
  /** The last entry the verifier found intact: its seq and the time of what it seals. */
  verifiedSeq: bigint({ mode: "number" }).notNull().default(0),
  verifiedThrough: timestamp({ withTimezone: true }),
  verifiedRows: integer().notNull().default(0),
  lastFullVerifyAt: timestamp({ withTimezone: true }),
  /** What the last verification found wrong; null when it passed. */
  failure: text(),
  failedAt: timestamp({ withTimezone: true }),
  /** When `activity.integrity_verified` was last logged (once a day at most). */
  reportedAt: timestamp({ withTimezone: true }),
});

/**
 * How far the seal job has looked (one row): everything inserted, resolved or scrubbed before
 * `sealed_through` is sealed. It only moves to a time no transaction still open began before.
 */
export const activitySealProgress = pgTable("activity_seal_progress", {
  id: integer().primaryKey().default(1),
  sealedThrough: timestamp({ withTimezone: true }).notNull(),
});

export type ActivitySeal = typeof activitySeals.$inferSelect;
export type ActivitySealHead = typeof activitySealHeads.$inferSelect;
