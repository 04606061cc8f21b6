import { and, eq } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** The event a store recorded under this dedupe key (at most one: the key is unique per store), or null. */
export async function findEventByDedupeKey(
  db: Db,
  storeId: string,
  dedupeKey: string,
): Promise<ActivityRow | null> {
  const [row] = await db
    .select()
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.dedupeKey, dedupeKey)));
  return row ?? null;
}
