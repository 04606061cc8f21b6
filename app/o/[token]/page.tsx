import { Check, Circle, PackageCheck, Printer, Truck, XCircle } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import type { OrderStatus } from "@/db/schema";
import { getOrderStatus } from "@/lib/customer/get-order-status";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { formatMoney } from "@/lib/platform/format/format-money";
import { getRuntime } from "@/lib/runtime/runtime";

export const metadata: Metadata = {
  title: "Your order",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

type Props = { params: Promise<{ token: string }> };

const steps = [
  { key: "paid", label: "Order placed", icon: Check },
  { key: "in_production", label: "Being printed", icon: Printer },
  { key: "shipped", label: "On its way", icon: Truck },
  { key: "delivered", label: "Delivered", icon: PackageCheck },
] as const;

/** How far along the steps an order is: submitted counts as placed (the customer sees no difference). */
const reached: Partial<Record<OrderStatus, number>> = {
  paid: 0,
  submitted: 0,
  in_production: 1,
  shipped: 2,
  delivered: 3,
};

const ended: Partial<Record<OrderStatus, string>> = {
  cancelled: "This order was cancelled.",
  refunded: "This order was refunded.",
  payment_failed: "The payment for this order did not go through.",
  pending: "We are waiting for the payment to be confirmed.",
};

/**
 * The customer's order-status page, reached by the unguessable link in their confirmation
 * email. No sign-in; only what the customer should see, worded for them.
 */
export default async function OrderStatusPage({ params }: Props) {
  await connection();
  const { token } = await params;
  const { database } = await getRuntime();
  const order = await getOrderStatus(database.db, token);
  if (!order) notFound();
  const now = new Date();
  const step = reached[order.status] ?? -1;
  const endedText = ended[order.status];
  return (
    <main id="content" className="mx-auto max-w-xl p-4 sm:p-8">
      <p className="text-sm font-semibold text-zinc-500">{order.shopName}</p>
      <h1 className="mt-1 text-2xl font-semibold">Order #{order.number}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Placed {formatEventTime(order.placedAt, order.timeZone, now).full} ·{" "}
        {formatMoney(order.totalAmount, order.currency)}
      </p>

      {endedText ? (
        <p
          role="status"
          className="mt-6 flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <XCircle aria-hidden className="size-4 shrink-0 text-zinc-500" />
          {endedText}
        </p>
      ) : (
        <ol aria-label="Progress" className="mt-6 grid grid-cols-4 gap-2 text-center text-xs">
          {steps.map((s, i) => {
            const done = i <= step;
            const Icon = done ? s.icon : Circle;
            return (
              <li key={s.key} aria-current={i === step ? "step" : undefined}>
                <span
                  className={`mx-auto flex size-9 items-center justify-center rounded-full border ${
                    done
                      ? "border-brand-600 bg-brand-600 text-white dark:border-brand-700 dark:bg-brand-700"
                      : "border-zinc-300 text-zinc-400 dark:border-zinc-700"
                  }`}
                >
                  <Icon aria-hidden className="size-4" />
                </span>
                <span className={`mt-1 block ${done ? "font-medium" : "text-zinc-500"}`}>
                  {s.label}
                  <span className="sr-only">{done ? " (done)" : " (not yet)"}</span>
                </span>
              </li>
            );
          })}
        </ol>
      )}

      {order.tracking ? (
        <p className="mt-6 text-sm">
          Tracking: {order.tracking.carrier}{" "}
          {order.tracking.url?.startsWith("https://") ? (
            <a
              href={order.tracking.url}
              rel="noreferrer noopener"
              className="font-mono text-brand-600 underline"
            >
              {order.tracking.number}
            </a>
          ) : (
            <span className="font-mono">{order.tracking.number}</span>
          )}
        </p>
      ) : null}

      <section aria-labelledby="updates" className="mt-8">
        <h2 id="updates" className="text-base font-semibold">
          Updates
        </h2>
        {order.events.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">No updates yet.</p>
        ) : (
          <ol className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="customer-events">
            {order.events.map((event) => {
              const time = formatEventTime(event.occurredAt, order.timeZone, now);
              return (
                <li key={event.id} className="flex gap-3 py-2.5 text-sm" data-event-type={event.type}>
                  <time dateTime={event.occurredAt.toISOString()} className="w-28 shrink-0 text-zinc-500">
                    {time.short}
                  </time>
                  <span>{event.text}</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="items" className="mt-8">
        <h2 id="items" className="text-base font-semibold">
          Items
        </h2>
        <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {order.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: line items have no id on this page
            <li key={i} className="flex justify-between gap-3 py-2">
              <span>
                {item.quantity} × {item.title}
                {item.variantTitle ? <span className="text-zinc-500"> — {item.variantTitle}</span> : null}
              </span>
              <span className="tabular-nums">{formatMoney(item.totalAmount, order.currency)}</span>
            </li>
          ))}
        </ul>
        {order.refundedAmount > 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Refunded: {formatMoney(order.refundedAmount, order.currency)}
          </p>
        ) : null}
      </section>
    </main>
  );
}
