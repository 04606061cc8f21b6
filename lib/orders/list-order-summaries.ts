import { and, eq, inArray } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type OrderSummary = {
  id: string;
  number: number;
  customer: string;
  customerEmail: string;
  status: (typeof orders.$inferSelect)["status"];
  providerOrderId: string | null;
};

/** What a feed row says about its order (number, customer), for a page of rows, by order id. */
export async function listOrderSummaries(
  db: Db,
  storeId: string,
  orderIds: string[],
): Promise<Map<string, OrderSummary>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      customerName: orders.customerName,
      customerEmail: orders.customerEmail,
      status: orders.status,
      providerOrderId: orders.providerOrderId,
    })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), inArray(orders.id, ids)));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        number: r.number,
        customer: r.customerName ?? r.customerEmail,
        customerEmail: r.customerEmail,
        status: r.status,
        providerOrderId: r.providerOrderId,
      },
    ]),
  );
}
