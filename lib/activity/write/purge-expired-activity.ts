import { sql } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";

export type PurgeResult = {
  /** Rows removed by this call (at most `maxRows`); 0 when the store keeps its activity for ever. */
  deleted: number;
  /** What counted as expired: rows that occurred and were recorded before this. */
  cutoff: Date | null;
};

/**
 * Retention: removes one bounded batch of a store's expired events. Only the database decides
 * what is expired — the store's `activity_retention_days`, never less than 30 days — through
 * `activity_purge_expired()`, the one way a row of activity_log is ever deleted; it also
 * writes the `activity.purged` event that records the purge. Call it again while `deleted`
 * equals `maxRows`.
 */
export async function purgeExpiredActivity(
  db: Db,
  storeId: string,
  options: { maxRows?: number } = {},
): Promise<PurgeResult> {
  const result: unknown = await db.execute(
    sql`select deleted, cutoff from activity_purge_expired(${storeId}::uuid, ${options.maxRows ?? 1000}::integer)`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    deleted: number;
    cutoff: Date | string | null;
  }[];
  const row = rows[0];
  return {
    deleted: Number(row?.deleted ?? 0),
    cutoff: row?.cutoff == null ? null : new Date(row.cutoff),
  };
}
