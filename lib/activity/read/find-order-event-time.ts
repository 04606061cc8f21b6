import { and, eq } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { EventType } from "@/lib/activity/catalog/catalog";
import type { Db } from "@/lib/platform/db/types";

/**
 * When an order had an event of this type (any one of them: meant for the once-only ones, such
 * as `order.submitted`), or null when it has none. Store-scoped.
 */
export async function findOrderEventTime(
  db: Db,
  storeId: string,
  orderId: string,
  type: EventType,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: activityLog.occurredAt })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        eq(activityLog.orderId, orderId),
        eq(activityLog.eventType, type),
      ),
    )
    .limit(1);
  return row?.at ?? null;
}
