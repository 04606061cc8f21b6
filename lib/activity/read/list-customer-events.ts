import { and, asc, eq } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type CustomerEventRow = Pick<ActivityRow, "id" | "payload" | "occurredAt"> & { type: string };

/**
 * An order's `customer`-visible events, oldest first by `occurred_at` (ties by id, which is
 * time-ordered), for the customer's order-status page. Only what wording them needs: never the
 * staff message, the actor or the request behind them. Store-scoped.
 */
export async function listCustomerEvents(
  db: Db,
  storeId: string,
  orderId: string,
): Promise<CustomerEventRow[]> {
  return db
    .select({
      id: activityLog.id,
      type: activityLog.eventType,
      payload: activityLog.payload,
      occurredAt: activityLog.occurredAt,
    })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        eq(activityLog.orderId, orderId),
        eq(activityLog.visibility, "customer"),
      ),
    )
    .orderBy(asc(activityLog.occurredAt), asc(activityLog.id));
}
