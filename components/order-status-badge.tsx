import type { OrderStatus } from "@/db/schema";

const tone: Record<OrderStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  paid: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  submitted: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300",
  in_production: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
  shipped: "bg-teal-100 text-teal-800 dark:bg-teal-950 dark:text-teal-300",
  delivered: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  cancelled: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  refunded: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  payment_failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tone[status]}`}>
      {status.replace("_", " ")}
    </span>
  );
}
