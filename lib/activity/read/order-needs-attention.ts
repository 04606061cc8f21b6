import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { needsAttention } from "./needs-attention";

/**
 * An `exists` probe, for a query over orders: does the order in `orderId` (a column of the
 * outer query) have an event that needs attention? Keyed on `(store_id, order_id)` plus the
 * attention predicate, so each probe is one lookup in the partial attention index.
 */
export function orderNeedsAttention(db: Db, storeId: string | AnyPgColumn, orderId: AnyPgColumn): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(activityLog)
      .where(and(eq(activityLog.storeId, storeId), eq(activityLog.orderId, orderId), needsAttention)),
  );
}
