import { AlertTriangle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { OrdersSearch } from "@/components/orders-search";
import { Card, PageHeader } from "@/components/page-header";
import { SimulateOrderForm } from "@/components/simulate-order-form";
import { Tooltip } from "@/components/ui/tooltip";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { listOrders, type OrderListPage } from "@/lib/orders/list-orders";
import { AppError } from "@/lib/platform/errors";
import { formatMoney } from "@/lib/platform/format/format-money";

export const metadata: Metadata = { title: "Orders" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The first value of a param, trimmed; absent or blank is "". */
const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

function ordersHref(q: string, inProgress: boolean, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (q) search.set("q", q);
  if (inProgress) search.set("status", "in_progress");
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/admin/orders?${query}` : "/admin/orders";
}

const quote = (value: string) => `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;

/**
 * The store's orders, newest first, searched and paged by the URL (`?q=`, `?cursor=`), with a
 * marker on orders that need attention (owners and managers only, like the activity log).
 * A bad search or cursor is shown as a message, never a 500.
 */
export default async function OrdersPage({ searchParams }: Props) {
  const { db, store, role, demo } = await requirePageAccess("store:read", "/admin/orders");
  const params = await searchParams;
  const q = first(params.q);
  const cursor = first(params.cursor) || null;
  const inProgress = first(params.status) === "in_progress";
  const showAttention = can(role, "activity:read");

  let page: OrderListPage | null = null;
  let problem: AppError | null = null;
  try {
    page = await listOrders(db, store.storeId, { q, inProgress, cursor, limit: 50 });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error;
  }

  const thisYear = new Intl.DateTimeFormat("en-GB", { timeZone: store.timeZone, year: "numeric" });
  const dayMonth = new Intl.DateTimeFormat("en-GB", {
    timeZone: store.timeZone,
    day: "numeric",
    month: "short",
  });
  const dayMonthYear = new Intl.DateTimeFormat("en-GB", {
    timeZone: store.timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
  });
  const currentYear = thisYear.format(new Date());
  const formatPlaced = (placedAt: Date) =>
    thisYear.format(placedAt) === currentYear ? dayMonth.format(placedAt) : dayMonthYear.format(placedAt);

  return (
    <>
      <PageHeader
        title="Orders"
        description={`${inProgress ? "Orders in progress" : "Orders"} of ${store.name}${q ? ` matching ${quote(q)}` : ", newest first"}.`}
      >
        {demo ? <SimulateOrderForm scenarios={demo.scenarios} /> : null}
      </PageHeader>
      <OrdersSearch q={q} />
      {inProgress ? (
        <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid="orders-in-progress">
          Showing orders paid, submitted or in production.{" "}
          <Link
            href={ordersHref(q, false)}
            className="font-medium text-brand-600 underline dark:text-brand-500"
          >
            Show all orders
          </Link>
        </p>
      ) : null}
      <Card>
        {problem ? (
          <p role="alert" data-testid="orders-problem" className="text-sm text-red-700 dark:text-red-300">
            {problem.message}{" "}
            <Link
              href={problem.code === "invalid_cursor" ? ordersHref(q, inProgress) : "/admin/orders"}
              className="font-medium underline"
            >
              {problem.code === "invalid_cursor" ? "Back to the newest orders" : "Clear search"}
            </Link>
          </p>
        ) : page && page.items.length === 0 ? (
          <p className="py-6 text-center text-sm text-zinc-500" data-testid="no-orders">
            {q ? (
              <>
                No orders match {quote(q)}.{" "}
                <Link
                  href="/admin/orders"
                  className="font-medium text-brand-600 underline underline-offset-2"
                >
                  Clear search
                </Link>
              </>
            ) : cursor ? (
              <>
                No older orders.{" "}
                <Link
                  href="/admin/orders"
                  className="font-medium text-brand-600 underline underline-offset-2"
                >
                  Back to the newest orders
                </Link>
              </>
            ) : (
              "No orders yet."
            )}
          </p>
        ) : page ? (
          <div className="md:overflow-x-auto">
            {/* On a phone each row is a card: number and total, then the customer, then date and status. */}
            <table className="block w-full text-left text-sm md:table" data-testid="orders-table">
              <thead className="sr-only text-xs text-zinc-600 md:not-sr-only md:table-header-group dark:text-zinc-400">
                <tr>
                  <th className="py-2 pr-3 font-medium">Order</th>
                  <th className="py-2 pr-3 font-medium">Placed</th>
                  <th className="py-2 pr-3 font-medium">Customer</th>
                  <th className="py-2 pr-3 font-medium">Status</th>
                  <th className="py-2 text-right font-medium">Total</th>
                </tr>
              </thead>
              <tbody className="block divide-y divide-zinc-100 md:table-row-group dark:divide-zinc-800">
                {page.items.map((order) => (
                  <tr
                    key={order.id}
                    data-order-number={order.number}
                    className="grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 py-3 md:table-row md:py-0"
                  >
                    <td className="order-1 md:py-2 md:pr-3">
                      <div className="flex flex-wrap items-center gap-2">
                        <Link
                          href={`/admin/orders/${order.id}`}
                          className="font-medium text-brand-600 underline underline-offset-2 dark:text-brand-500"
                        >
                          #{order.number}
                        </Link>
                        {showAttention && order.needsAttention ? (
                          <Tooltip content={`Order #${order.number} has unresolved warnings or errors`}>
                            <Link
                              href={`/admin/activity?tab=attention&order=${order.number}`}
                              data-testid="needs-attention"
                              aria-label={`Needs attention: order #${order.number} has unresolved warnings or errors`}
                              className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 hover:underline dark:bg-amber-950 dark:text-amber-200"
                            >
                              <AlertTriangle aria-hidden className="size-3.5 shrink-0 text-amber-500" />
                              Needs attention
                            </Link>
                          </Tooltip>
                        ) : null}
                      </div>
                    </td>
                    <td className="order-4 whitespace-nowrap text-zinc-600 md:py-2 md:pr-3 dark:text-zinc-400">
                      <time dateTime={order.placedAt.toISOString()}>{formatPlaced(order.placedAt)}</time>
                    </td>
                    <td className="order-3 col-span-2 break-all md:py-2 md:pr-3 md:break-normal">
                      {order.customerEmail}
                    </td>
                    <td className="order-5 justify-self-end md:py-2 md:pr-3">
                      <OrderStatusBadge status={order.status} />
                    </td>
                    <td className="order-2 text-right font-medium tabular-nums md:py-2 md:font-normal">
                      {formatMoney(order.totalAmount, order.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {page && (cursor || page.nextCursor) ? (
          <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center gap-4 text-sm font-medium">
            {cursor ? (
              <Link href={ordersHref(q, inProgress)} className="text-brand-600 underline dark:text-brand-500">
                <span aria-hidden>← </span>Newest
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                href={ordersHref(q, inProgress, page.nextCursor)}
                className="text-brand-600 underline dark:text-brand-500"
              >
                Older orders →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
