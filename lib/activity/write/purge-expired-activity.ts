import { and, eq, lt, sql } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * Retention: deletes a store's events that occurred before `before`. The database refuses
 * DELETE on activity_log unless the transaction first sets `storyline.activity_retention`;
 * this is the only code that does, and only for its own transaction (`set_config(…, true)`).
 */
export async function purgeExpiredActivity(db: Db, storeId: string, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('storyline.activity_retention', 'on', true)`);
    const deleted = await tx
      .delete(activityLog)
      .where(and(eq(activityLog.storeId, storeId), lt(activityLog.occurredAt, before)))
      .returning({ id: activityLog.id });
    return deleted.length;
  });
}
