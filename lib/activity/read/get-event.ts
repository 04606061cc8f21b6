import { and, eq, ne } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** One event of a store by its id, or null; debug events are never shown, so never found. */
export async function getEvent(db: Db, storeId: string, id: string): Promise<ActivityRow | null> {
  const [row] = await db
    .select()
    .from(activityLog)
    .where(
      and(eq(activityLog.id, id), eq(activityLog.storeId, storeId), ne(activityLog.visibility, "debug")),
    );
  return row ?? null;
}
