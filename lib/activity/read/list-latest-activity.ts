import { and, desc, type SQL, sql } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { activityConditions } from "./list-activity";

/** Routine sign-ins and sign-outs: the feed keeps them, a summary of the shop's day does not. */
const signInNoise: SQL = sql`(${activityLog.eventType} like 'auth.%' and ${activityLog.level} = 'info')`;

/**
 * The store's newest events for the dashboard, without sign-in noise (`auth.*` info events; a
 * failed sign-in or a lockout, which are warnings, stay). Newest first, on the feed's index.
 */
export async function listLatestActivity(db: Db, storeId: string, limit = 8): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activityLog)
    .where(and(...activityConditions(storeId, {}), sql`not ${signInNoise}`))
    .orderBy(desc(activityLog.occurredAt), desc(activityLog.id))
    .limit(Math.min(Math.max(Math.trunc(limit), 1), 50));
}
