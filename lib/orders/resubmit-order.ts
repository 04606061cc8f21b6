import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { type Order, orders, stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import { findUnfinishedJob } from "@/lib/jobs/find-unfinished-job";
import type { JobSender } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { badRequest, notFound } from "@/lib/platform/errors";

const PROVIDER = "Printify";

export const ResubmitOrderInput = z.object({ orderId: z.uuid({ error: "The order id is not valid." }) });

export type ResubmitOrderResult = { eventId: string; orderId: string; jobId: string | null };

/**
 * Why an order cannot be sent to Printify again, in words for the person who asked; null when
 * it can: paid and not at Printify yet.
 */
export function resubmitBlocker(order: Pick<Order, "status" | "providerOrderId">): string | null {
  if (order.providerOrderId)
    return `This order is already at Printify (${order.providerOrderId}), so there is nothing to resubmit.`;
  switch (order.status) {
    case "paid":
      return null;
    case "pending":
    case "payment_failed":
      return "This order has not been paid, so it cannot be sent to Printify.";
    case "cancelled":
      return "This order is cancelled, so it cannot be sent to Printify.";
    case "refunded":
      return "This order has been refunded, so it cannot be sent to Printify.";
    default:
      return "This order has already been submitted to Printify.";
  }
}

/**
 * A person sends a paid order that never reached Printify (retries exhausted, a variant back
 * in stock) to the submission worker again: logs `order.resubmitted` as them and enqueues
 * `submit-order` in the same transaction, so neither exists without the other. Strict: if the
 * event cannot be written nothing is queued and the caller gets the error.
 *
 * Refused (AppError 400, nothing written) when the order is not paid, is already at Printify,
 * the store has no Printify shop, or a submission job for it is still queued, retrying or
 * running — two jobs at once could create two Printify orders. 404 for another store's order.
 */
export async function resubmitOrder(
  db: Db,
  queue: JobSender,
  activity: ActivityContext,
  input: unknown,
): Promise<ResubmitOrderResult> {
  const parsed = ResubmitOrderInput.safeParse(input);
  if (!parsed.success)
    throw badRequest(parsed.error.issues[0]?.message ?? "The order id is not valid.", "invalid_order_action");
  const correlationId = activity.correlationId ?? `admin:${uuidv7()}`;
  const result = await db.transaction(async (tx) => {
    // The lock serialises two people clicking at once: the second sees the first one's job.
    const [order] = await tx
      .select({ id: orders.id, status: orders.status, providerOrderId: orders.providerOrderId })
      .from(orders)
      .where(and(eq(orders.id, parsed.data.orderId), eq(orders.storeId, activity.storeId)))
      .for("update")
      .limit(1);
    if (!order) throw notFound("This order does not exist in this store.");
    const blocker = resubmitBlocker(order);
    if (blocker) throw badRequest(blocker, "order_not_resubmittable");
    const [store] = await tx
      .select({ shopId: stores.printifyShopId })
      .from(stores)
      .where(eq(stores.id, activity.storeId));
    if (!store?.shopId)
      throw badRequest(
        "This store has no Printify shop connected: add its shop ID in Settings first.",
        "no_printify_shop",
      );
    if (await findUnfinishedJob(tx, "submit-order", activity.storeId, order.id))
      throw badRequest(
        "This order is already waiting to be submitted (the worker is on it, or will retry shortly). Wait for it to finish.",
        "submission_in_progress",
      );

    const { id: eventId } = await logEventStrict(
      tx,
      { ...activity, correlationId },
      "order.resubmitted",
      { provider: PROVIDER },
      { orderId: order.id },
    );
    const jobId = await queue.send(tx, "submit-order", {
      storeId: activity.storeId,
      orderId: order.id,
      correlationId,
      requestedBy: activity.actor.id ?? activity.actor.label,
    });
    return { eventId, orderId: order.id, jobId };
  });
  queue.wake("submit-order");
  return result;
}
