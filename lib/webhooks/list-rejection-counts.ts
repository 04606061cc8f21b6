import { and, eq, inArray } from "drizzle-orm";
import { webhookRejections } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type RejectionCount = { count: number; lastRejectedAt: Date };

/**
 * How many deliveries each of these `webhook.rejected` warnings stands for, and when the last
 * came: by event id, for the ones still counting (an aggregated warning's row cannot change).
 */
export async function listRejectionCounts(
  db: Db,
  storeId: string,
  eventIds: string[],
): Promise<Map<string, RejectionCount>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({
      eventId: webhookRejections.openEventId,
      count: webhookRejections.count,
      lastRejectedAt: webhookRejections.lastRejectedAt,
    })
    .from(webhookRejections)
    .where(and(eq(webhookRejections.storeId, storeId), inArray(webhookRejections.openEventId, eventIds)));
  return new Map(rows.map((r) => [r.eventId!, { count: r.count, lastRejectedAt: r.lastRejectedAt }]));
}
