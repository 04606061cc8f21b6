import { and, desc, eq } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import { catalog, type Payload } from "@/lib/activity/catalog/catalog";
import type { Db } from "@/lib/platform/db/types";

/**
 * The payload of an order's newest `order.shipped` event (by `occurred_at`, then id), or null
 * when there is none or it no longer matches the catalog's schema. The activity log is the
 * one place that records tracking.
 */
export async function findLatestShipment(
  db: Db,
  storeId: string,
  orderId: string,
): Promise<Payload<"order.shipped"> | null> {
  const [row] = await db
    .select({ payload: activityLog.payload })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        eq(activityLog.orderId, orderId),
        eq(activityLog.eventType, "order.shipped"),
      ),
    )
    .orderBy(desc(activityLog.occurredAt), desc(activityLog.id))
    .limit(1);
  const parsed = catalog["order.shipped"].payload.safeParse(row?.payload);
  return parsed.success ? parsed.data : null;
}
