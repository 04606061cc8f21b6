import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
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

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * The sealed history: per store, a hash chain with one entry per seal pass (`seq` 1, 2, 3… per
 * store). An entry's `manifest` lists what the pass sealed, in order — each row, resolution and
 * scrub as one fixed 65-byte record (see lib/activity/seal/manifest.ts: kind, activity id, the
 * row's occurred_at, the entry's time, the sha256 of its sealed form) — so the chain still names
 * the exact row that broke. `chain_hash` = sha256 of the previous entry's chain hash, this
 * entry's seq and its manifest, so a record edited, removed or moved breaks every later hash;
 * the signed checkpoints outside the database catch a tail cut off with its entries.
 */
export const activitySeals = pgTable(
  "activity_seals",
  {
    storeId: uuid().notNull(),
    seq: bigint({ mode: "number" }).notNull(),
    /** Records in `manifest` (its length / 65). */
    records: integer().notNull(),
    manifest: bytea().notNull(),
    /** The time of the newest record (a pointer for `--since`, not part of the hash). */
    lastAt: timestamp({ withTimezone: true }).notNull(),
    chainHash: text().notNull(),
    sealedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.seq] }),
    check("activity_seals_manifest_size", sql`length(${t.manifest}) = ${t.records} * 65`),
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
 * How far the seal job has looked (one row): every row before (`sealed_through`, `sealed_id`)
 * in (inserted_at, id) order is sealed — every row inserted before `sealed_through` when
 * `sealed_id` is null — and every resolution and scrub before `sealed_through`. It only moves
 * to a time no transaction still open began before.
 */
export const activitySealProgress = pgTable("activity_seal_progress", {
  id: integer().primaryKey().default(1),
  sealedThrough: timestamp({ withTimezone: true }).notNull(),
  sealedId: uuid(),
});

/**
 * What was deleted on purpose: a sealed row that is gone is accepted by the verifier only when
 * one of these covers it (it occurred before `occurred_before` and was recorded before
 * `inserted_before`, in its store; a dropped month records one per store it held). Written only
 * by `activity_purge_expired()` and `activity_record_purge()` (migration 0015), never by the app.
 */
export const activityPurges = pgTable(
  "activity_purges",
  {
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    storeId: uuid().notNull(),
    occurredBefore: timestamp({ withTimezone: true }).notNull(),
    insertedBefore: timestamp({ withTimezone: true }).notNull(),
    deleted: bigint({ mode: "number" }).notNull(),
    reason: text().notNull(),
    purgedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] })],
);

export type ActivitySeal = typeof activitySeals.$inferSelect;
export type ActivitySealHead = typeof activitySealHeads.$inferSelect;
