import { createElement } from "react";
import type { Order, OrderItem } from "@/db/schema";
import { formatMoney } from "@/lib/platform/format/format-money";
import { greeting } from "./templates/email-layout";
import { OrderConfirmationEmail } from "./templates/order-confirmation-email";
import { type RenderedEmail, renderEmail } from "./templates/render-email";

export type OrderConfirmationInput = {
  storeName: string;
  order: Pick<
    Order,
    "number" | "currency" | "customerName" | "subtotalAmount" | "shippingAmount" | "taxAmount" | "totalAmount"
  >;
  items: Array<Pick<OrderItem, "title" | "variantTitle" | "quantity" | "totalAmount">>;
  /** The customer's order-status page: `${appUrl()}/o/${order.publicToken}`. */
  statusUrl: string;
};

/**
 * The order confirmation: line items, totals in the order's currency, and the link to the
 * customer's order-status page. An order whose items are not loaded yet shows its totals only.
 */
export function renderOrderConfirmation(input: OrderConfirmationInput): Promise<RenderedEmail> {
  const { storeName, order, items, statusUrl } = input;
  const money = (amount: number) => formatMoney(amount, order.currency);
  const itemName = (i: (typeof items)[number]) =>
    i.variantTitle ? `${i.title} (${i.variantTitle})` : i.title;
  const totals: Array<[string, number]> = [
    ...(items.length || order.subtotalAmount ? [["Subtotal", order.subtotalAmount] as [string, number]] : []),
    ...(order.shippingAmount ? [["Shipping", order.shippingAmount] as [string, number]] : []),
    ...(order.taxAmount ? [["Tax", order.taxAmount] as [string, number]] : []),
  ];
  const title = `Thank you for your order #${order.number}`;
  const intro = `We have received your order #${order.number} at ${storeName} and will start on it right away.`;

  const text = [
    greeting(order.customerName),
    "",
    intro,
    "",
    ...items.map((i) => `  ${i.quantity} × ${itemName(i)} — ${money(i.totalAmount)}`),
    ...(items.length ? [""] : []),
    ...totals.map(([label, amount]) => `${label}: ${money(amount)}`),
    `Total: ${money(order.totalAmount)}`,
    "",
    `Follow your order: ${statusUrl}`,
    "",
    `— ${storeName}`,
  ].join("\n");

  return renderEmail(
    `Your ${storeName} order #${order.number} is confirmed`,
    text,
    createElement(OrderConfirmationEmail, {
      storeName,
      title,
      greeting: greeting(order.customerName),
      intro,
      items: items.map((i, index) => ({
        key: String(index),
        label: `${i.quantity} × ${itemName(i)}`,
        amount: money(i.totalAmount),
      })),
      totals: totals.map(([label, amount]) => ({ key: label, label, amount: money(amount) })),
      total: money(order.totalAmount),
      statusUrl,
    }),
  );
}
