import { and, eq, inArray } from "drizzle-orm";
import { orderItems, orders, productVariants } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { workerContext } from "@/lib/activity/write/activity-context";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import type { JobData } from "@/lib/jobs/definitions";
import { type JobContext, PermanentJobError, ReportedJobError } from "@/lib/jobs/queue";
import { describeFailure } from "@/lib/platform/describe-failure";
import { getStripe } from "@/lib/providers/stripe/get-stripe";
import { listCheckoutLineItems } from "@/lib/providers/stripe/list-checkout-line-items";

/**
 * Job `complete-order`: loads a new order's line items from Stripe's API, then — in the same
 * transaction — enqueues its submission and confirmation email. If Stripe cannot be reached,
 * the order stays as created from the payment's totals with one `order.details_missing`
 * warning, and the job retries; success resolves that warning. Safe to run twice: an order
 * that already has its items is left alone.
 */
export async function completeOrder(data: JobData<"complete-order">, job: JobContext) {
  const activity = workerContext(data.storeId, "Order intake worker", data.correlationId);
  const [order] = await job.db
    .select({ id: orders.id, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.id, data.orderId), eq(orders.storeId, data.storeId)))
    .limit(1);
  if (!order) throw new PermanentJobError(`order ${data.orderId} not found`);
  const [existing] = await job.db
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id))
    .limit(1);
  if (existing) return { skipped: "items already loaded" };

  let lines: Awaited<ReturnType<typeof listCheckoutLineItems>>;
  try {
    lines = await listCheckoutLineItems(getStripe(job.config), data.checkoutSessionId);
    if (lines.length === 0) throw new Error("Stripe listed no line items for the checkout");
  } catch (error) {
    const reason = describeFailure(error);
    await logEvent(
      job.db,
      activity,
      "order.details_missing",
      { missing: "line items from Stripe", reason },
      { orderId: order.id, dedupeKey: `details-missing:${order.id}` },
    );
    // On the last attempt the failure is not "reported" any more: the queue logs it as a
    // `job.failed` error, so a person sees that this order will not complete by itself.
    if (job.isLastAttempt) throw new Error(`the line items could not be loaded from Stripe: ${reason}`);
    throw new ReportedJobError(reason);
  }

  const skus = lines.map((l) => l.sku).filter((s): s is string => !!s);
  const variants = skus.length
    ? await job.db
        .select({
          id: productVariants.id,
          productId: productVariants.productId,
          sku: productVariants.sku,
          title: productVariants.title,
        })
        .from(productVariants)
        .where(and(eq(productVariants.storeId, data.storeId), inArray(productVariants.sku, skus)))
    : [];
  const bySku = new Map(variants.map((v) => [v.sku, v]));

  await job.db.transaction(async (tx) => {
    await tx.insert(orderItems).values(
      lines.map((line) => {
        const variant = line.sku ? bySku.get(line.sku) : undefined;
        return {
          storeId: data.storeId,
          orderId: order.id,
          productId: variant?.productId ?? null,
          variantId: variant?.id ?? null,
          title: line.description,
          variantTitle: variant?.title ?? null,
          sku: line.sku,
          quantity: line.quantity,
          unitAmount: line.unitAmount,
          totalAmount: line.totalAmount,
        };
      }),
    );
    const resolved = await resolveSuperseded(tx, {
      storeId: data.storeId,
      orderId: order.id,
      types: ["order.details_missing"],
      note: `Resolved automatically: the line items were loaded from Stripe on attempt ${job.attempt}.`,
    });
    if (resolved.length)
      await logEvent(
        tx,
        activity,
        "order.details_completed",
        { items: lines.length, source: "Stripe" },
        {
          orderId: order.id,
          dedupeKey: `details-completed:${order.id}`,
        },
      );
    const next = { storeId: data.storeId, orderId: order.id, correlationId: data.correlationId ?? null };
    await job.queue.send(tx, "submit-order", next);
    await job.queue.send(tx, "send-order-email", { ...next, email: "confirmation" });
  });
  job.queue.wake("submit-order");
  job.queue.wake("send-order-email");
  return { items: lines.length };
}
