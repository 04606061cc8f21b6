import { and, asc, eq } from "drizzle-orm";
import { type Order, type OrderItem, orderItems, orders, stores } from "@/db/schema";
import type { Payload } from "@/lib/activity";
import { findLatestShipment } from "@/lib/activity/read/find-latest-shipment";
import type { Db } from "@/lib/platform/db/types";

export type OrderEmailData = {
  order: Order;
  store: { name: string };
  items: OrderItem[];
  /** The order's latest shipment (its newest `order.shipped` event), for the shipping email. */
  shipment: Payload<"order.shipped"> | null;
};

/**
 * Everything an order email needs, scoped to the store: null when the order does not exist
 * in it. The shipment is read from the activity log, the one place that records tracking.
 */
export async function loadOrderEmail(
  db: Db,
  storeId: string,
  orderId: string,
  email: "confirmation" | "shipping",
): Promise<OrderEmailData | null> {
  const [row] = await db
    .select({ order: orders, storeName: stores.name })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(and(eq(orders.id, orderId), eq(orders.storeId, storeId)))
    .limit(1);
  if (!row) return null;

  const items =
    email === "confirmation"
      ? await db
          .select()
          .from(orderItems)
          .where(and(eq(orderItems.orderId, orderId), eq(orderItems.storeId, storeId)))
          .orderBy(asc(orderItems.id))
      : [];
  const shipment = email === "shipping" ? await findLatestShipment(db, storeId, orderId) : null;
  return { order: row.order, store: { name: row.storeName }, items, shipment };
}
