import type { Order, OrderItem } from "@/db/schema";
import { formatMoney } from "@/lib/platform/format/format-money";
import {
  escapeHtml,
  greeting,
  htmlButton,
  type RenderedEmail,
  renderEmailLayout,
} from "./render-email-layout";

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
export function renderOrderConfirmation(input: OrderConfirmationInput): RenderedEmail {
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

  const cell = 'style="padding:6px 0;border-bottom:1px solid #f4f4f5"';
  const right = 'style="padding:6px 0;border-bottom:1px solid #f4f4f5;text-align:right;white-space:nowrap"';
  const rows = items
    .map(
      (i) =>
        `<tr><td ${cell}>${i.quantity} × ${escapeHtml(itemName(i))}</td><td ${right}>${escapeHtml(money(i.totalAmount))}</td></tr>`,
    )
    .join("");
  const totalRows = totals
    .map(
      ([label, amount]) =>
        `<tr><td style="padding:4px 0;color:#71717a">${label}</td><td style="padding:4px 0;text-align:right">${escapeHtml(money(amount))}</td></tr>`,
    )
    .join("");
  const bodyHtml = [
    `<p>${escapeHtml(greeting(order.customerName))}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<table role="presentation" style="width:100%;border-collapse:collapse;margin:16px 0">${rows}${totalRows}`,
    `<tr><td style="padding:6px 0;font-weight:600">Total</td><td style="padding:6px 0;text-align:right;font-weight:600">${escapeHtml(money(order.totalAmount))}</td></tr></table>`,
    htmlButton(statusUrl, "Follow your order"),
  ].join("\n");

  return {
    subject: `Your ${storeName} order #${order.number} is confirmed`,
    text,
    html: renderEmailLayout({ storeName, title, bodyHtml }),
  };
}
