import { and, eq, isNull } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Whether the store's event `id` exists and is not resolved yet. */
export async function isEventOpen(db: Db, storeId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: activityLog.id })
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.id, id), isNull(activityLog.resolvedAt)))
    .limit(1);
  return row !== undefined;
}
