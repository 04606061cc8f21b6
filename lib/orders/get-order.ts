import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { orderItems, orders } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** One order with its line items, or null when it is not in this store (or the id is malformed). */
export async function getOrder(db: Db, storeId: string, orderId: string) {
  if (!z.uuid().safeParse(orderId).success) return null;
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.storeId, storeId)))
    .limit(1);
  if (!order) return null;
  const items = await db
    .select()
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id))
    .orderBy(asc(orderItems.title));
  return { ...order, items };
}
