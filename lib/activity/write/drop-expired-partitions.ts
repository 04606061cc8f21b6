import { sql } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";

export type DroppedPartition = { partition: string; rows: number };

/**
 * Retention by the month: detaches and drops each monthly partition of activity_log whose every
 * row is past every store's retention (`stores.activity_retention_days`, never less than 30
 * days; a store that keeps its activity for ever, or no longer exists, keeps the month), with
 * the rows' dedupe keys. Decided and done by `activity_drop_expired_partitions()`, owned by the
 * table's owner. Returns what went; nothing is recorded in the log here (the caller does).
 */
export async function dropExpiredPartitions(db: Db): Promise<DroppedPartition[]> {
  const result: unknown = await db.execute(
    sql`select partition_name, dropped_rows from activity_drop_expired_partitions()`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    partition_name: string;
    dropped_rows: number | string;
  }[];
  return rows.map((r) => ({ partition: r.partition_name, rows: Number(r.dropped_rows) }));
}
