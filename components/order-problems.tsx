import { AlertTriangle } from "lucide-react";
import type { ActivityRow } from "@/db/schema";
import type { ProblemFix } from "@/lib/orders/problem-fix";
import { LevelIcon } from "./level-icon";
import { OrderActions } from "./order-actions";
import { ResolveButton } from "./resolve-controls";

type Props = {
  /** The order's unresolved warnings and errors, oldest first. */
  problems: ActivityRow[];
  /** The fixes the order's state allows for them (resubmit, resend), in order. */
  fixes: ProblemFix[];
  order: { id: string; customerEmail: string; atPrintify: boolean };
  /** Owners and managers may resolve. */
  canResolve: boolean;
};

/**
 * What is wrong with an order right now, at the top of its page, with what fixes it: resubmit
 * or resend when that is the cure, and Resolve for the rest (the same dialogs and logging as the
 * order's own actions). Nothing when nothing is open.
 */
export function OrderProblems({ problems, fixes, order, canResolve }: Props) {
  if (problems.length === 0) return null;
  const error = problems.some((p) => p.level === "error");
  return (
    <section
      aria-labelledby="order-problems-title"
      data-testid="order-problems"
      className={`mb-4 rounded-xl border p-4 ${
        error
          ? "border-red-300 bg-red-50 text-red-950 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100"
          : "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      }`}
    >
      <h2 id="order-problems-title" className="flex items-center gap-2 text-sm font-semibold">
        <AlertTriangle aria-hidden className="size-4 shrink-0" />
        {problems.length === 1 ? "This order needs attention" : `${problems.length} problems need attention`}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {problems.map((problem) => (
          <li key={problem.id} className="flex items-start gap-2">
            <span className="mt-0.5 flex w-4 shrink-0 justify-center">
              <LevelIcon level={problem.level} />
            </span>
            <span className="min-w-0 break-words">{problem.message}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {fixes.length ? (
          <OrderActions
            orderId={order.id}
            customerEmail={order.customerEmail}
            atPrintify={order.atPrintify}
            available={{
              resendConfirmation: true,
              resendShipping: true,
              resubmit: true,
              cancel: false,
              markDelivered: false,
            }}
            only={fixes}
          />
        ) : null}
        {canResolve ? (
          <ResolveButton
            ids={problems.map((p) => p.id)}
            label={problems.length === 1 ? "Resolve" : "Resolve all"}
          />
        ) : null}
      </div>
    </section>
  );
}
