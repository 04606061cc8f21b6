import type { Metadata } from "next";
import Link from "next/link";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { Card, PageHeader } from "@/components/page-header";
import { SimulateOrderForm } from "@/components/simulate-order-form";
import { requirePageAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config";
import { formatMoney } from "@/lib/format/format-money";
import { listOrders } from "@/lib/orders/list-orders";
import { scenarios } from "@/lib/sandbox/scenarios/scenarios";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage() {
  const { db, store } = await requirePageAccess("store:read", "/admin/orders");
  const orders = await listOrders(db, store.storeId, 100);
  const date = new Intl.DateTimeFormat("en-GB", { timeZone: store.timeZone, day: "numeric", month: "short" });
  return (
    <>
      <PageHeader title="Orders" description={`The latest ${orders.length} orders of ${store.name}.`}>
        {getConfig().sandbox ? (
          <SimulateOrderForm scenarios={scenarios.map(({ name, summary }) => ({ name, summary }))} />
        ) : null}
      </PageHeader>
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-2 pr-3 font-medium">Order</th>
                <th className="py-2 pr-3 font-medium">Placed</th>
                <th className="py-2 pr-3 font-medium">Customer</th>
                <th className="py-2 pr-3 font-medium">Status</th>
                <th className="py-2 text-right font-medium">Total</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {orders.map((order) => (
                <tr key={order.id}>
                  <td className="py-2 pr-3">
                    <Link
                      href={`/admin/orders/${order.id}`}
                      className="font-medium text-brand-600 hover:underline"
                    >
                      #{order.number}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
                    {date.format(order.placedAt)}
                  </td>
                  <td className="py-2 pr-3">{order.customerEmail}</td>
                  <td className="py-2 pr-3">
                    <OrderStatusBadge status={order.status} />
                  </td>
                  <td className="py-2 text-right tabular-nums">
                    {formatMoney(order.totalAmount, order.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
