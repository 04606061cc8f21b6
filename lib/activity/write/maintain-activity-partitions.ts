import { sql } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";
import { logEvent } from "./log-event";

export type PartitionMaintenance = {
  /** The monthly partitions made by this call. */
  created: string[];
  /** Rows moved out of the DEFAULT partition into their month's partition. */
  moved: number;
};

type Made = { partition_name: string; created: boolean; moved: number; stores: unknown };

const rowsOf = <T>(result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/**
 * Keeps activity_log's monthly partitions ahead of time: this month and the next `monthsAhead`
 * (at least 3), made by `activity_maintain_partitions()` as the owner (the app may not CREATE).
 * The DEFAULT partition takes any row no partition covers, so an insert never fails; this
 * empties it into proper partitions and records, per store, an `activity.partition_default_used`
 * warning saying how many of its rows had landed there and where they went.
 */
export async function maintainActivityPartitions(
  db: Db,
  options: { monthsAhead?: number } = {},
): Promise<PartitionMaintenance> {
  const made = rowsOf<Made>(
    await db.execute(
      sql`select partition_name, created, moved, stores from activity_maintain_partitions(${Math.max(3, options.monthsAhead ?? 3)}::integer)`,
    ),
  );
  const byStore = new Map<string, { rows: number; partitions: string[] }>();
  for (const partition of made) {
    const stores = (
      typeof partition.stores === "string" ? JSON.parse(partition.stores) : partition.stores
    ) as Record<string, number> | null;
    for (const [storeId, rows] of Object.entries(stores ?? {})) {
      const entry = byStore.get(storeId) ?? { rows: 0, partitions: [] };
      entry.rows += Number(rows);
      entry.partitions.push(partition.partition_name);
      byStore.set(storeId, entry);
    }
  }
  for (const [storeId, moved] of byStore)
    await logEvent(
      db,
      { storeId, actor: { type: "system", label: "Partition maintenance" }, source: "system" },
      "activity.partition_default_used",
      moved,
      { entity: { type: "store", id: storeId } },
    );
  return {
    created: made.map((m) => m.partition_name),
    moved: made.reduce((sum, m) => sum + Number(m.moved), 0),
  };
}
