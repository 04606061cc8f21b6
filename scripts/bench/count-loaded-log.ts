import { countActivity } from "@/lib/activity/counts/count-activity";
import type { DatabaseHandle } from "@/lib/platform/db/types";

/**
 * What the count-activity job does to a bulk-loaded log, all at once: every row counted for the
 * chart and the custom-type list, then the counts' pages marked all-visible as autovacuum soon
 * would. Answers the rows counted and the time it took.
 */
export async function countLoadedLog(handle: DatabaseHandle): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  const { counted } = await countActivity(handle.db, {
    lagSeconds: 0,
    batch: 500_000,
    budgetMs: Number.POSITIVE_INFINITY,
  });
  const ms = performance.now() - t0;
  await handle.query("vacuum analyze activity_counts");
  return { rows: counted, ms };
}
