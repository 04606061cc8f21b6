import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveOrderUpdates } from "@/components/live-order-updates";
import { OrderActions } from "@/components/order-actions";
import { OrderAddressEdit } from "@/components/order-edit";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { OrderTimeline } from "@/components/order-timeline";
import { OrderTimelineNoteForm } from "@/components/order-timeline-note-form";
import { OrderTimelineRefresh } from "@/components/order-timeline-refresh";
import { Card, PageHeader } from "@/components/page-header";
import type { OrderStatus } from "@/db/schema";
import { liveCursor } from "@/lib/activity/live/live-cursor";
import { listOrderTimeline } from "@/lib/activity/read/list-order-timeline";
import { requirePageAccess } from "@/lib/http/access";
import { cancelBlocker } from "@/lib/orders/cancel-order";
import { getOrder } from "@/lib/orders/get-order";
import { resendBlocker } from "@/lib/orders/resend-order-email";
import { resubmitBlocker } from "@/lib/orders/resubmit-order";
import { formatMoney } from "@/lib/platform/format/format-money";

export const metadata: Metadata = { title: "Order" };

/** Orders whose story is still being written: their timeline is worth refreshing. */
const inProgress: readonly OrderStatus[] = ["paid", "submitted", "in_production", "shipped"];

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, store } = await requirePageAccess("store:read", `/admin/orders/${id}`);
  const order = await getOrder(db, store.storeId, id);
  if (!order) notFound();
  const timeline = await listOrderTimeline(db, store.storeId, order.id);
  const address = order.shippingAddress;
  return (
    <>
      <PageHeader title={`Order #${order.number}`} description={order.customerEmail}>
        <OrderStatusBadge status={order.status} />
        <a
          href={`/o/${order.publicToken}`}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 hover:underline"
        >
          <ExternalLink aria-hidden className="size-3.5" />
          Customer page
        </a>
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title="Items">
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {order.items.map((item) => (
                <li key={item.id} className="flex justify-between gap-3 py-2">
                  <span>
                    {item.quantity} × {item.title}
                    {item.variantTitle ? <span className="text-zinc-500"> — {item.variantTitle}</span> : null}
                  </span>
                  <span className="tabular-nums">{formatMoney(item.totalAmount, order.currency)}</span>
                </li>
              ))}
              {order.shippingAmount ? (
                <li className="flex justify-between py-2 text-zinc-600 dark:text-zinc-400">
                  <span>Shipping</span>
                  <span className="tabular-nums">{formatMoney(order.shippingAmount, order.currency)}</span>
                </li>
              ) : null}
              {order.taxAmount ? (
                <li className="flex justify-between py-2 text-zinc-600 dark:text-zinc-400">
                  <span>Tax</span>
                  <span className="tabular-nums">{formatMoney(order.taxAmount, order.currency)}</span>
                </li>
              ) : null}
              <li className="flex justify-between py-2 font-semibold">
                <span>Total</span>
                <span className="tabular-nums">{formatMoney(order.totalAmount, order.currency)}</span>
              </li>
            </ul>
          </Card>
          <Card>
            <div className="mb-1 flex items-center justify-between gap-2">
              <h2 className="text-sm font-semibold">Activity</h2>
              {inProgress.includes(order.status) ? (
                <div className="flex items-center gap-3">
                  <LiveOrderUpdates orderId={order.id} {...liveCursor(timeline)} />
                  <OrderTimelineRefresh />
                </div>
              ) : null}
            </div>
            <OrderActions
              orderId={order.id}
              customerEmail={order.customerEmail}
              atPrintify={order.providerOrderId !== null}
              available={{
                resendConfirmation: resendBlocker(order, "confirmation") === null,
                resendShipping: resendBlocker(order, "shipping") === null,
                resubmit: resubmitBlocker(order) === null,
                cancel: cancelBlocker(order) === null,
                markDelivered: order.status === "shipped",
              }}
            />
            <OrderTimeline rows={timeline} timeZone={store.timeZone} />
            <OrderTimelineNoteForm orderId={order.id} />
          </Card>
        </div>
        <div className="space-y-4">
          <Card title="Customer">
            <p className="text-sm">{order.customerName ?? order.customerEmail}</p>
            {address ? (
              <address className="mt-2 text-sm text-zinc-600 not-italic dark:text-zinc-400">
                {[
                  address.name,
                  address.line1,
                  address.line2,
                  address.city,
                  address.postalCode,
                  address.country,
                ]
                  .filter(Boolean)
                  .join(", ")}
              </address>
            ) : null}
            {["shipped", "delivered", "cancelled", "refunded"].includes(order.status) ? null : (
              <div className="mt-3">
                <OrderAddressEdit orderId={order.id} address={address} />
              </div>
            )}
          </Card>
          <Card title="References">
            <dl className="space-y-1 text-xs">
              <dt className="text-zinc-500">Stripe checkout</dt>
              <dd className="font-mono break-all">{order.stripeCheckoutSessionId ?? "—"}</dd>
              <dt className="text-zinc-500">Printify order</dt>
              <dd className="font-mono break-all">{order.providerOrderId ?? "not submitted yet"}</dd>
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
