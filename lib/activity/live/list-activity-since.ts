import { and, asc, eq, gt, ne } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { eventIdFloor } from "./event-id-time";
import type { LiveEvent } from "./live-event";

/**
 * How far before the last id seen a replay looks again. Ids are made when an event is built,
 * not when it commits, so a row can commit after a younger one (a long transaction, a batch
 * still in flight). Replaying this much again, and de-duplicating by id, misses none of them.
 */
export const REPLAY_OVERLAP_MS = 5_000;

/**
 * The store's events made after `sinceMs` − the overlap (optionally for one order), oldest
 * first, at most `limit`, as an open stream announces them. Debug events are never included.
 */
export async function listActivitySince(
  db: Db,
  storeId: string,
  options: { sinceMs: number; orderId?: string | null; limit: number },
): Promise<LiveEvent[]> {
  const rows = await db
    .select({
      id: activityLog.id,
      storeId: activityLog.storeId,
      orderId: activityLog.orderId,
      level: activityLog.level,
      type: activityLog.eventType,
    })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        gt(activityLog.id, eventIdFloor(options.sinceMs - REPLAY_OVERLAP_MS)),
        ne(activityLog.visibility, "debug"),
        options.orderId ? eq(activityLog.orderId, options.orderId) : undefined,
      ),
    )
    .orderBy(asc(activityLog.id))
    .limit(options.limit);
  return rows;
}
