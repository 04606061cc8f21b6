import { logEvent, maintainActivityPartitions } from "@/lib/activity";
import { countActivity } from "@/lib/activity/counts/count-activity";
import { applyRetention } from "@/lib/activity/retention/apply-retention";
import { checkIntegrity } from "@/lib/activity/seal/check-integrity";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { loadSigningKey } from "@/lib/activity/seal/signing-key";
import { writeCheckpoints } from "@/lib/activity/seal/write-checkpoints";
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
import type { Config } from "@/lib/platform/config";
import { describeFailure } from "@/lib/platform/describe-failure";
import { syncProducts } from "@/lib/products/sync-products";
import { onShutdown } from "./shutdown";

const signingKey = (config: Config) =>
  loadSigningKey({ keyText: config.seal.signingKey, dataDir: config.dataDir });

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
  "seal-activity": (_data, ctx) => sealActivity(ctx.db),
  "count-activity": (_data, ctx) => countActivity(ctx.db),
  "maintain-activity-partitions": async (_data, ctx) => {
    const { created, moved } = await maintainActivityPartitions(ctx.db);
    return { created: created.length, moved };
  },
  "checkpoint-activity": async (_data, ctx) => {
    const written = await writeCheckpoints(
      ctx.db,
      ctx.config.seal.checkpointDir,
      await signingKey(ctx.config),
    );
    return { checkpoints: written.length };
  },
  "verify-activity": async (data, ctx) => {
    const results = await checkIntegrity(ctx.db, {
      checkpointDir: ctx.config.seal.checkpointDir,
      key: await signingKey(ctx.config),
      full: data.full,
    });
    return { stores: results.length, failed: results.filter((r) => r.problem).length };
  },
  "apply-retention": async (_data, ctx) => {
    const stores = await applyRetention(ctx.db);
    return {
      stores: stores.length,
      removed: stores.reduce((sum, s) => sum + s.removed, 0),
      scrubbed: stores.reduce((sum, s) => sum + s.scrubbed, 0),
      changed: stores.filter((s) => s.removed > 0 || s.scrubbed > 0),
    };
  },
};

/**
 * Starts the workers on this process's queue and the periodic jobs (fulfilment follow-up,
 * watchdog, morning emails, the history seal, its checkpoints and its check, retention, the log's monthly partitions). A job that fails for a reason its handler did not report is logged as
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
  await queue.boss.schedule(
    "checkpoint-activity",
    `*/${queue.config.seal.checkpointIntervalMinutes} * * * *`,
    {},
  );
  await queue.boss.schedule("verify-activity", "23 * * * *", {});
  // Daily, at a quiet hour (UTC): retention and the personal-data scrub.
  await queue.boss.schedule("apply-retention", "41 3 * * *", {});
  await queue.boss.schedule("maintain-activity-partitions", "11 3 * * *", {});
  startSealTimer(queue);
  // A fresh start signs and checks the history at once, rather than at the next schedule.
  await queue.send(queue.db, "checkpoint-activity", {});
  await queue.send(queue.db, "verify-activity", {});
  await queue.send(queue.db, "maintain-activity-partitions", {});
}

/**
 * The seal and the chart's counts run every few seconds, finer than pg-boss's cron: each process
 * with workers asks for a run of each on a timer, and the queue's policy keeps one waiting and
 * one running at most.
 */
function startSealTimer(queue: JobQueue) {
  const timer = setInterval(() => {
    for (const [job, what] of [
      ["seal-activity", "a seal pass"],
      ["count-activity", "the activity counts"],
    ] as const)
      queue
        .send(queue.db, job, {})
        .then(() => queue.wake(job))
        .catch((error) => console.warn(`[seal] could not schedule ${what}: ${describeFailure(error)}`));
  }, queue.config.seal.intervalSeconds * 1000);
  timer.unref();
  onShutdown("activity seal timer", () => clearInterval(timer));
}
