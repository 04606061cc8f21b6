import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

/**
 * Everything that happened to one order, oldest first by `occurred_at` (ties by id, which is
 * time-ordered). Store-scoped: another store's order id returns nothing. Debug events are left
 * out unless asked for.
 */
export async function listOrderTimeline(
  db: Db,
  storeId: string,
  orderId: string,
  options: { includeDebug?: boolean; customerOnly?: boolean } = {},
): Promise<ActivityRow[]> {
  if (!z.uuid().safeParse(orderId).success)
    throw badRequest("The order id is not valid.", "invalid_order_id");
  return db
    .select()
    .from(activityLog)
    .where(
      and(
        eq(activityLog.orderId, orderId),
        eq(activityLog.storeId, storeId),
        options.customerOnly
          ? eq(activityLog.visibility, "customer")
          : options.includeDebug
            ? undefined
            : ne(activityLog.visibility, "debug"),
      ),
    )
    .orderBy(asc(activityLog.occurredAt), asc(activityLog.id))
    .prepare("list_order_timeline")
    .execute();
}
