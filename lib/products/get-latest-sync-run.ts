import { desc, eq } from "drizzle-orm";
import { type SyncRun, syncRuns } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** The store's most recent product sync (running or finished), or null. */
export async function getLatestSyncRun(db: Db, storeId: string): Promise<SyncRun | null> {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.storeId, storeId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(1);
  return run ?? null;
}
