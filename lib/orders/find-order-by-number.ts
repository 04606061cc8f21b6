import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * The id of the order with this number in this store, or null. Numbers are per store, so the
 * same number in another store is never found here.
 */
export async function findOrderByNumber(db: Db, storeId: string, orderNumber: number) {
  if (!Number.isSafeInteger(orderNumber) || orderNumber < 1 || orderNumber > 2_147_483_647) return null;
  const [order] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.number, orderNumber)))
    .limit(1);
  return order ?? null;
}
