import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import type { Db } from "@/lib/platform/db/types";
import { findOrderByNumber } from "./find-order-by-number";

export type ResolvedFeedFilters =
  | { filters: ActivityFilters; missingOrder: null }
  /** The store has no order with the number asked for: the sentence to show, nothing to list. */
  | { filters: null; missingOrder: string };

/**
 * The feed's filters with the order number asked for (`order=1042`) turned into that order's
 * id in the store, as the activity page, its export and the API all need it. The number wins
 * over an `orderId` already in the filters.
 */
export async function resolveFeedFilters(
  db: Db,
  storeId: string,
  parsed: { filters: ActivityFilters; orderNumber: number | null },
): Promise<ResolvedFeedFilters> {
  if (parsed.orderNumber === null) return { filters: parsed.filters, missingOrder: null };
  const order = await findOrderByNumber(db, storeId, parsed.orderNumber);
  if (!order)
    return { filters: null, missingOrder: `There is no order #${parsed.orderNumber} in this store.` };
  return { filters: { ...parsed.filters, orderId: order.id }, missingOrder: null };
}
