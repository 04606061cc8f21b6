import { and, count, desc, eq } from "drizzle-orm";
import { type Order, orders } from "@/db/schema";
import type { Db } from "@/lib/db/types";

/** A store's most recent orders, newest first. */
export async function listOrders(db: Db, storeId: string, limit = 50): Promise<Order[]> {
  return db
    .select()
    .from(orders)
    .where(eq(orders.storeId, storeId))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit);
}

/** How many orders a store has in each status. */
export async function countOrdersByStatus(db: Db, storeId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: orders.status, value: count() })
    .from(orders)
    .where(and(eq(orders.storeId, storeId)))
    .groupBy(orders.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.value)]));
}
