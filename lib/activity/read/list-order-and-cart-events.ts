import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * The non-debug events of some orders and of some abandoned carts (entity `cart`) of one store,
 * oldest first `(occurred_at, id)`: the story of a set of checkouts. Nothing asked, nothing read.
 */
export async function listOrderAndCartEvents(
  db: Db,
  storeId: string,
  ids: { orderIds: string[]; cartIds: string[] },
) {
  const scope = [
    ids.orderIds.length ? inArray(activityLog.orderId, ids.orderIds) : undefined,
    ids.cartIds.length
      ? and(eq(activityLog.entityType, "cart"), inArray(activityLog.entityId, ids.cartIds))
      : undefined,
  ].filter(Boolean);
  if (!scope.length) return [];
  return db
    .select({
      eventType: activityLog.eventType,
      level: activityLog.level,
      message: activityLog.message,
      occurredAt: activityLog.occurredAt,
      resolvedAt: activityLog.resolvedAt,
      resolutionNote: activityLog.resolutionNote,
      actorLabel: activityLog.actorLabel,
    })
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), ne(activityLog.visibility, "debug"), or(...scope)))
    .orderBy(asc(activityLog.occurredAt), asc(activityLog.id));
}
