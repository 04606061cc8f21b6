import { and, asc, eq, like, ne } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * The integrations' own event types (`custom.*`) that a store's log holds, alphabetically, for
 * the feed's type filter. Served by the type index (`store_id, event_type, …`): a skip over
 * distinct types, not a scan of the store's rows.
 */
export async function listCustomEventTypes(db: Db, storeId: string, limit = 100): Promise<string[]> {
  const rows = await db
    .selectDistinct({ type: activityLog.eventType })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        like(activityLog.eventType, "custom.%"),
        ne(activityLog.visibility, "debug"),
      ),
    )
    .orderBy(asc(activityLog.eventType))
    .limit(limit);
  return rows.map((row) => row.type);
}
