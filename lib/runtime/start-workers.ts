import { logEvent } from "@/lib/activity";
import { enqueueMorningEmails } from "@/lib/email/enqueue-morning-emails";
import { recoverCart } from "@/lib/email/recover-cart";
import { sendMorningEmail } from "@/lib/email/send-morning-email";
import { sendOrderEmail } from "@/lib/email/send-order-email";
import type { JobHandlers, JobQueue } from "@/lib/jobs/queue";
import { completeOrder } from "@/lib/orders/complete-order";
import { followUpOrders } from "@/lib/orders/follow-up-orders";
import { reconcileProviderOrders } from "@/lib/orders/reconcile-provider-orders";
import { submitOrder } from "@/lib/orders/submit-order";
import { watchOrders } from "@/lib/orders/watch-orders";
import { describeFailure } from "@/lib/platform/describe-failure";
import { syncProducts } from "@/lib/products/sync-products";

/** Every job's handler. */
export const jobHandlers: JobHandlers = {
  "complete-order": completeOrder,
  "submit-order": submitOrder,
  "send-order-email": sendOrderEmail,
  "recover-cart": recoverCart,
  "morning-emails": enqueueMorningEmails,
  "send-morning-email": sendMorningEmail,
  "sync-products": syncProducts,
  "follow-up-orders": followUpOrders,
  watchdog: watchOrders,
  "reconcile-provider-orders": reconcileProviderOrders,
};

/**
 * Starts the workers on this process's queue and the periodic jobs (fulfilment follow-up,
 * watchdog, morning emails). A job that fails for a reason its handler did not report is logged as
 * `job.failed` in its store on its last attempt, so no failure is silent.
 */
export async function startWorkers(
  queue: JobQueue,
  options: { concurrency?: number; pollingIntervalSeconds?: number } = {},
) {
  queue.onUnreportedFailure(async (name, data, error, attempts) => {
    const storeId = (data as { storeId?: string } | null)?.storeId;
    if (!storeId) return;
    const orderId = (data as { orderId?: string }).orderId ?? null;
    await logEvent(
      queue.db,
      {
        storeId,
        actor: { type: "system", label: "Job queue" },
        source: "system",
        correlationId: (data as { correlationId?: string }).correlationId ?? null,
      },
      "job.failed",
      { queue: name, reason: describeFailure(error), attempts },
      { orderId, entity: { type: "job", id: null } },
    );
  });
  await queue.work(jobHandlers, options);
  await queue.boss.schedule("follow-up-orders", `*/${queue.config.followUpIntervalMinutes} * * * *`, {});
  await queue.boss.schedule("watchdog", "*/5 * * * *", {});
  await queue.boss.schedule("morning-emails", "*/15 * * * *", {});
  await queue.boss.schedule("reconcile-provider-orders", "17 * * * *", {});
}
