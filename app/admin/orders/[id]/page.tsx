import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveOrderUpdates } from "@/components/live-order-updates";
import { OrderActions } from "@/components/order-actions";
import { OrderAddressEdit } from "@/components/order-edit";
import { OrderProblems } from "@/components/order-problems";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { OrderTimeline } from "@/components/order-timeline";
import { OrderTimelineNoteForm } from "@/components/order-timeline-note-form";
import { OrderTimelineRefresh } from "@/components/order-timeline-refresh";
import { Card, PageHeader } from "@/components/page-header";
import type { OrderStatus } from "@/db/schema";
import { liveCursor } from "@/lib/activity/live/live-cursor";
import { listOrderTimeline } from "@/lib/activity/read/list-order-timeline";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { cancelBlocker } from "@/lib/orders/cancel-order";
import { getOrder } from "@/lib/orders/get-order";
import { paymentStatus, paymentStatusLabels } from "@/lib/orders/payment-status";
import { type ProblemFix, problemFix } from "@/lib/orders/problem-fix";
import { resendBlocker } from "@/lib/orders/resend-order-email";
import { resubmitBlocker } from "@/lib/orders/resubmit-order";
import { addressEditBlocker } from "@/lib/orders/update-shipping-address";
import { formatMoney } from "@/lib/platform/format/format-money";
import { listUserNames } from "@/lib/users/list-user-names";

export const metadata: Metadata = { title: "Order" };

/** Orders whose story is still being written: their timeline is worth refreshing. */
const inProgress: readonly OrderStatus[] = ["paid", "submitted", "in_production", "shipped"];

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, store, role } = await requirePageAccess("store:read", `/admin/orders/${id}`);
  const order = await getOrder(db, store.storeId, id);
  if (!order) notFound();
  const timeline = await listOrderTimeline(db, store.storeId, order.id);
  const resolvers = await listUserNames(
    db,
    timeline.flatMap((row) => (row.resolvedBy ? [row.resolvedBy] : [])),
  );
  const problems = timeline.filter((row) => row.level !== "info" && row.resolvedAt === null);
  const fixes = [
    ...new Set(problems.map((row) => problemFix(row, order)).filter((f): f is ProblemFix => f !== null)),
  ];
  const money = paymentStatus(order);
  const addressBlocker = addressEditBlocker(order);
  const address = order.shippingAddress;
  return (
    <>
      <PageHeader title={`Order #${order.number}`} description={order.customerEmail}>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span className="inline-flex items-center gap-1.5">
            Fulfilment
            <OrderStatusBadge status={order.status} />
          </span>
          <span className="inline-flex items-center gap-1.5">
            Payment
            <span
              data-testid="payment-status"
              className="inline-block rounded-full border border-zinc-300 px-2 py-0.5 text-xs font-medium text-zinc-700 dark:border-zinc-700 dark:text-zinc-300"
            >
              {paymentStatusLabels[money.status]}
            </span>
          </span>
        </div>
        <a
          href={`/o/${order.publicToken}`}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 hover:underline dark:text-blue-300"
        >
          <ExternalLink aria-hidden className="size-3.5" />
          Customer page
        </a>
      </PageHeader>
      <OrderProblems
        problems={problems}
        fixes={fixes}
        order={{
          id: order.id,
          customerEmail: order.customerEmail,
          atPrintify: order.providerOrderId !== null,
        }}
        canResolve={can(role, "activity:resolve")}
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title="Items">
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {order.items.map((item) => (
                <li key={item.id} className="flex justify-between gap-3 py-2">
                  <span>
                    {item.quantity} × {item.title}
                    {item.variantTitle && !item.title.endsWith(item.variantTitle) ? (
                      <span className="text-zinc-600 dark:text-zinc-400"> — {item.variantTitle}</span>
                    ) : null}
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
              {money.refunded ? (
                <>
                  <li
                    className="flex justify-between py-2 text-zinc-700 dark:text-zinc-300"
                    data-testid="refunded"
                  >
                    <span>Refunded{money.status === "partially_refunded" ? " (partial)" : ""}</span>
                    <span className="tabular-nums">−{formatMoney(money.refunded, order.currency)}</span>
                  </li>
                  <li className="flex justify-between py-2 font-semibold" data-testid="net">
                    <span>Net</span>
                    <span className="tabular-nums">{formatMoney(money.net, order.currency)}</span>
                  </li>
                </>
              ) : null}
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
            <OrderTimeline rows={timeline} timeZone={store.timeZone} resolvers={resolvers} />
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
            {addressBlocker === null ? (
              <div className="mt-3">
                <OrderAddressEdit orderId={order.id} address={address} />
              </div>
            ) : order.providerOrderId !== null &&
              !["delivered", "cancelled", "refunded"].includes(order.status) ? (
              <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400" data-testid="address-locked">
                {addressBlocker}
              </p>
            ) : null}
          </Card>
          <Card title="References">
            <dl className="space-y-1 text-xs">
              <dt className="text-zinc-600 dark:text-zinc-400">Stripe checkout</dt>
              <dd className="font-mono break-all">{order.stripeCheckoutSessionId ?? "—"}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Printify order</dt>
              <dd className="font-mono break-all">
                {order.providerOrderId ??
                  (["cancelled", "refunded", "payment_failed", "pending"].includes(order.status)
                    ? "never submitted"
                    : "not submitted yet")}
              </dd>
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
