import { and, asc, eq } from "drizzle-orm";
import { orderItems, orders, stores } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { workerContext } from "@/lib/activity/write/activity-context";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import type { JobData } from "@/lib/jobs/definitions";
import { type JobContext, PermanentJobError, ReportedJobError } from "@/lib/jobs/queue";
import { describeFailure } from "@/lib/platform/describe-failure";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { PrintifyError } from "@/lib/providers/printify/printify-error";
import { isForwardMove } from "./order-progress";
import { toPrintifyOrder } from "./to-printify-order";

const PROVIDER = "Printify";

/**
 * Job `submit-order`: sends a paid order to Printify and asks for production.
 *
 * - Exactly one provider order per order: before the first call we stamp
 *   `submission_started_at`; any later attempt (a retry, or a run after the worker was killed
 *   between Printify's answer and our commit) first looks the order up by its external id.
 * - Each retry logs `order.submission_retried`; each failure `order.submission_failed`
 *   (a warning, or an error on the last attempt or when no retry can help, e.g. out of stock).
 * - Success logs `order.submitted` once and resolves the order's earlier submission failures
 *   and "not submitted" watchdog warning, by the system, saying why.
 */
export async function submitOrder(data: JobData<"submit-order">, job: JobContext) {
  const activity = workerContext(data.storeId, "Order submission worker", data.correlationId);
  const [row] = await job.db
    .select({ order: orders, shopId: stores.printifyShopId })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(and(eq(orders.id, data.orderId), eq(orders.storeId, data.storeId)))
    .limit(1);
  if (!row) throw new PermanentJobError(`order ${data.orderId} not found`);
  const { order, shopId } = row;
  if (order.status !== "paid" && order.status !== "submitted") return { skipped: `order is ${order.status}` };
  const on = (suffix: string) => ({
    orderId: order.id,
    dedupeKey: `submit:${job.jobId}:${job.attempt}:${suffix}`,
  });

  if (job.attempt > 1)
    await logEvent(
      job.db,
      activity,
      "order.submission_retried",
      { attempt: job.attempt, maxAttempts: job.maxAttempts },
      on("retry"),
    );

  try {
    if (!shopId) throw new PermanentJobError("the store has no Printify shop connected");
    const items = await job.db
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.id));
    const request = toPrintifyOrder(order, items);
    const client = getPrintifyClient(job.config);

    let providerOrderId = order.providerOrderId;
    // When the provider accepted the order: the moment `order.submitted` is placed at, before
    // the production it asks for (whose webhook can arrive before this job commits).
    let acceptedAt = new Date();
    // The provider's own status, when an earlier attempt may have got further than we recorded.
    let remoteStatus: string | null = null;
    if (providerOrderId) remoteStatus = (await client.getOrder(shopId, providerOrderId)).status;
    else if (order.submissionStartedAt) {
      const found = await client.findOrderByExternalId(shopId, order.id, {
        createdSince: order.submissionStartedAt,
      });
      providerOrderId = found?.id ?? null;
      remoteStatus = found?.status ?? null;
    }
    if (!providerOrderId) {
      await job.db
        .update(orders)
        .set({ submissionStartedAt: new Date() })
        .where(and(eq(orders.id, order.id), eq(orders.storeId, order.storeId)));
      providerOrderId = (await client.submitOrder(shopId, request)).id;
      acceptedAt = new Date();
      remoteStatus = "on-hold";
    }
    await job.db
      .update(orders)
      .set({ providerOrderId, providerStatus: remoteStatus, updatedAt: new Date() })
      .where(and(eq(orders.id, order.id), eq(orders.storeId, order.storeId)));
    // Only an on-hold order can be sent to production; one an earlier attempt already sent is left alone.
    if (remoteStatus === "on-hold") await client.sendToProduction(shopId, providerOrderId);

    await job.db.transaction(async (tx) => {
      const now = new Date();
      await tx
        .update(orders)
        .set({
          providerStatus: remoteStatus === "on-hold" ? "sending-to-production" : remoteStatus,
          ...(isForwardMove(order.status, "submitted")
            ? { status: "submitted" as const, statusChangedAt: acceptedAt }
            : {}),
          updatedAt: now,
        })
        .where(and(eq(orders.id, order.id), eq(orders.storeId, order.storeId)));
      await logEvent(
        tx,
        activity,
        "order.submitted",
        { provider: PROVIDER, providerOrderId },
        {
          orderId: order.id,
          occurredAt: acceptedAt,
          dedupeKey: `submitted:${order.id}`,
        },
      );
      const note =
        job.attempt > 1
          ? `Resolved automatically: submitted to ${PROVIDER} on attempt ${job.attempt}.`
          : `Resolved automatically: submitted to ${PROVIDER}.`;
      await resolveSuperseded(tx, {
        storeId: order.storeId,
        orderId: order.id,
        types: ["order.submission_failed"],
        note,
      });
      await resolveSuperseded(tx, {
        storeId: order.storeId,
        orderId: order.id,
        types: ["order.stuck"],
        payloadContains: { stage: "not_submitted" },
        note,
      });
    });
    return { providerOrderId };
  } catch (error) {
    const retryable =
      error instanceof PrintifyError ? error.retryable : !(error instanceof PermanentJobError);
    if (!(error instanceof PrintifyError) && !(error instanceof PermanentJobError)) throw error;
    const final = !retryable || job.isLastAttempt;
    const reason = describeFailure(error);
    await logEvent(
      job.db,
      activity,
      "order.submission_failed",
      { provider: PROVIDER, reason, attempt: job.attempt, maxAttempts: job.maxAttempts, retryable, final },
      on("failed"),
    );
    if (!retryable) throw new PermanentJobError(reason);
    throw new ReportedJobError(reason);
  }
}
