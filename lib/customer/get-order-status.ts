import { asc, eq } from "drizzle-orm";
import { type OrderStatus, orderItems, orders, stores } from "@/db/schema";
import { wordForCustomer } from "@/lib/activity/catalog/catalog";
import { listCustomerEvents } from "@/lib/activity/read/list-customer-events";
import type { Db } from "@/lib/platform/db/types";
import { carrierName, carrierTrackingUrl } from "@/lib/platform/format/carriers";

/** 24 random bytes in base64url: what `publicToken` looks like (≥ 128 bits; today 192). */
const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

export type CustomerOrderStatus = {
  shopName: string;
  timeZone: string;
  number: number;
  status: OrderStatus;
  placedAt: Date;
  currency: string;
  totalAmount: number;
  refundedAmount: number;
  items: { title: string; variantTitle: string | null; quantity: number; totalAmount: number }[];
  tracking: { carrier: string; number: string; url: string | null } | null;
  /** Customer-visible events only, oldest first, each worded for the customer. */
  events: { id: string; type: string; text: string; occurredAt: Date }[];
};

/**
 * Everything the customer's order-status page may show, found by the order's public token —
 * and nothing else: no internal events, messages, payloads, actors, addresses or emails.
 * A malformed token is not looked up at all.
 */
export async function getOrderStatus(db: Db, token: string): Promise<CustomerOrderStatus | null> {
  if (!TOKEN.test(token)) return null;
  const [order] = await db
    .select({
      id: orders.id,
      storeId: orders.storeId,
      number: orders.number,
      status: orders.status,
      placedAt: orders.placedAt,
      currency: orders.currency,
      totalAmount: orders.totalAmount,
      refundedAmount: orders.refundedAmount,
      shopName: stores.name,
      timeZone: stores.timeZone,
    })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(eq(orders.publicToken, token))
    .limit(1);
  if (!order) return null;
  const [items, rows] = await Promise.all([
    db
      .select({
        title: orderItems.title,
        variantTitle: orderItems.variantTitle,
        quantity: orderItems.quantity,
        totalAmount: orderItems.totalAmount,
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.title)),
    listCustomerEvents(db, order.storeId, order.id),
  ]);
  const events: CustomerOrderStatus["events"] = [];
  let tracking: CustomerOrderStatus["tracking"] = null;
  for (const row of rows) {
    const text = wordForCustomer(row.type, row.payload);
    if (!text) continue;
    events.push({ id: row.id, type: row.type, text, occurredAt: row.occurredAt });
    if (row.type === "order.shipped") {
      const p = row.payload as { carrier: string; trackingNumber: string; trackingUrl?: string };
      tracking = {
        carrier: carrierName(p.carrier),
        number: p.trackingNumber,
        url: p.trackingUrl ?? carrierTrackingUrl(p.carrier, p.trackingNumber),
      };
    }
  }
  const { id: _id, storeId: _store, ...shown } = order;
  return { ...shown, items, tracking, events };
}
