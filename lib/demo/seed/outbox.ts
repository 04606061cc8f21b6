import type { outboxEmails } from "@/db/schema";
import type { Payload } from "@/lib/activity/catalog/catalog";
import { renderCartRecovery } from "@/lib/email/render-cart-recovery";
import { renderOrderConfirmation } from "@/lib/email/render-order-confirmation";
import { renderShippingNotification } from "@/lib/email/render-shipping-notification";
import { formatFrom } from "@/lib/email/send-mail";
import { appUrl } from "@/lib/platform/config";
import type { EventPlan } from "./event-plan";
import type { ItemRow, OrderRow } from "./orders";

type OutboxRow = typeof outboxEmails.$inferInsert;

const SENDER = "Storyline Shop <orders@storyline.test>";

/**
 * The outbox as the seeded history left it: every email its timelines say went out (an order's
 * confirmation and shipping emails, a cart's recovery email), rendered as the app renders them
 * and dated when the timeline says it was sent. So the owner can read what the customer got.
 */
export async function planOutbox(
  plan: EventPlan,
  data: { orders: OrderRow[]; items: ItemRow[]; storeNames: Map<string, string> },
): Promise<OutboxRow[]> {
  const orders = new Map(data.orders.map((o) => [o.id, o]));
  const shipments = new Map<string, Payload<"order.shipped">>();
  for (const item of plan.items)
    if (item.type === "order.shipped" && item.orderId)
      shipments.set(item.orderId, item.payload as Payload<"order.shipped">);

  const rows: OutboxRow[] = [];
  for (const event of plan.items) {
    const storeName = data.storeNames.get(event.storeId) ?? "Storyline Shop";
    const order = event.orderId ? orders.get(event.orderId) : undefined;
    const to = (event.payload as { to?: string }).to;
    if (!to) continue;
    const base = {
      storeId: event.storeId,
      orderId: event.orderId,
      from: formatFrom(SENDER, storeName),
      to,
      sentAt: event.occurredAt,
    };
    const statusUrl = order ? `${appUrl()}/o/${order.publicToken}` : "";
    if (event.type === "order.email.confirmation_sent" && order) {
      const items = data.items
        .filter((i) => i.orderId === order.id)
        .map((i) => ({
          title: i.title,
          variantTitle: i.variantTitle ?? null,
          quantity: i.quantity,
          totalAmount: i.totalAmount,
        }));
      rows.push({
        ...base,
        kind: "confirmation",
        ...(await renderOrderConfirmation({
          storeName,
          order: {
            number: order.number!,
            currency: order.currency,
            customerName: order.customerName ?? null,
            subtotalAmount: order.subtotalAmount ?? 0,
            shippingAmount: order.shippingAmount ?? 0,
            taxAmount: order.taxAmount ?? 0,
            totalAmount: order.totalAmount,
          },
          items,
          statusUrl,
        })),
      });
    } else if (event.type === "order.email.shipping_sent" && order) {
      rows.push({
        ...base,
        kind: "shipping",
        ...(await renderShippingNotification({
          storeName,
          order: { number: order.number!, customerName: order.customerName ?? null },
          shipment: shipments.get(order.id) ?? null,
          statusUrl,
        })),
      });
    } else if (event.type === "abandoned_cart.email_sent") {
      const p = event.payload as Payload<"abandoned_cart.email_sent">;
      rows.push({
        ...base,
        kind: "abandoned_cart",
        ...(await renderCartRecovery({
          storeName,
          amount: p.amount ?? order?.totalAmount ?? 0,
          currency: p.currency ?? order?.currency ?? "GBP",
        })),
      });
    }
  }
  return rows;
}
