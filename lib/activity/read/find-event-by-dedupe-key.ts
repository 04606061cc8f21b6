import { and, eq } from "drizzle-orm";
import { type ActivityRow, activityDedupeKeys, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * The event a store recorded under this dedupe key (at most one: the key is unique per store,
 * across every month), or null. Found through `activity_dedupe_keys`, whose row names the
 * event and its month, so only that month's partition is read.
 */
export async function findEventByDedupeKey(
  db: Db,
  storeId: string,
  dedupeKey: string,
): Promise<ActivityRow | null> {
  const [row] = await db
    .select({ event: activityLog })
    .from(activityDedupeKeys)
    .innerJoin(
      activityLog,
      and(
        eq(activityLog.storeId, activityDedupeKeys.storeId),
        eq(activityLog.id, activityDedupeKeys.activityId),
        eq(activityLog.occurredAt, activityDedupeKeys.occurredAt),
      ),
    )
    .where(and(eq(activityDedupeKeys.storeId, storeId), eq(activityDedupeKeys.dedupeKey, dedupeKey)));
  return row?.event ?? null;
}
