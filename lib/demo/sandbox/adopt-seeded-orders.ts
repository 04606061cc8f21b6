import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { orderItems, orders, stores } from "@/db/schema";
import { findLatestShipment } from "@/lib/activity/read/find-latest-shipment";
import { toPrintifyOrder } from "@/lib/orders/to-printify-order";
import type { Db } from "@/lib/platform/db/types";
import { SubmitOrderInput } from "@/lib/providers/printify/types";
import { printifyTime } from "./sandbox-http";
import { buildSandboxOrder } from "./sandbox-order";
import type { SandboxOrder, SandboxOrderStatus } from "./sandbox-state";

const inFlight = ["submitted", "in_production", "shipped"] as const;

const sandboxStatus: Record<(typeof inFlight)[number], SandboxOrderStatus> = {
  submitted: "on-hold",
  in_production: "in-production",
  shipped: "fulfilled",
};

/**
 * The sandbox's Printify as the seeded history left it: every order the seed says is at
 * Printify and still in flight, under its seeded provider id and at the stage its timeline
 * reached (with its tracking, once shipped). The sandbox keeps orders in memory, so without
 * this the follow-up job would ask it about ids it never heard of, and log a 404 for each,
 * every ten minutes. Nothing moves them on: asking about them finds nothing new.
 */
export async function listSeededSandboxOrders(db: Db, now = new Date()): Promise<SandboxOrder[]> {
  const rows = await db
    .select({ order: orders, shopId: stores.printifyShopId })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(
      and(
        inArray(orders.status, [...inFlight]),
        isNotNull(orders.providerOrderId),
        isNotNull(stores.printifyShopId),
      ),
    );
  if (rows.length === 0) return [];
  const items = await db
    .select()
    .from(orderItems)
    .where(
      inArray(
        orderItems.orderId,
        rows.map((r) => r.order.id),
      ),
    );
  const adopted: SandboxOrder[] = [];
  for (const { order, shopId } of rows) {
    const request = SubmitOrderInput.safeParse(
      safely(() =>
        toPrintifyOrder(
          order,
          items.filter((item) => item.orderId === order.id),
        ),
      ),
    );
    if (!request.success) continue;
    const status = sandboxStatus[order.status as (typeof inFlight)[number]];
    const built = buildSandboxOrder(shopId!, request.data, order.placedAt);
    const at = printifyTime(order.statusChangedAt ?? now);
    const shipment =
      order.status === "shipped" ? await findLatestShipment(db, order.storeId, order.id) : null;
    adopted.push({
      ...built,
      id: order.providerOrderId!,
      status,
      line_items: built.line_items.map((item) => ({ ...item, status })),
      sent_to_production_at: status === "on-hold" ? null : at,
      fulfilled_at: status === "fulfilled" ? at : null,
      shipments: shipment
        ? [
            {
              carrier: shipment.carrier,
              number: shipment.trackingNumber,
              url: shipment.trackingUrl ?? "",
              delivered_at: null,
            },
          ]
        : [],
    });
  }
  return adopted;
}

function safely<T>(build: () => T): T | null {
  try {
    return build();
  } catch {
    return null;
  }
}
