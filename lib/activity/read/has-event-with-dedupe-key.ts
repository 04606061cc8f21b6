import { and, eq } from "drizzle-orm";
import { activityDedupeKeys } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Whether the store already recorded an event under this dedupe key (any type, any visibility, any month). */
export async function hasEventWithDedupeKey(db: Db, storeId: string, dedupeKey: string): Promise<boolean> {
  const rows = await db
    .select({ id: activityDedupeKeys.activityId })
    .from(activityDedupeKeys)
    .where(and(eq(activityDedupeKeys.storeId, storeId), eq(activityDedupeKeys.dedupeKey, dedupeKey)))
    .limit(1);
  return rows.length > 0;
}
