import { and, eq } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Whether the store already recorded an event under this dedupe key (any type, any visibility). */
export async function hasEventWithDedupeKey(db: Db, storeId: string, dedupeKey: string): Promise<boolean> {
  const rows = await db
    .select({ id: activityLog.id })
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.dedupeKey, dedupeKey)))
    .limit(1);
  return rows.length > 0;
}
