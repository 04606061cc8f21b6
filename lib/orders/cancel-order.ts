import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { type Order, orders, stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEvent } from "@/lib/activity/write/log-event";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import { findUnfinishedJob } from "@/lib/jobs/find-unfinished-job";
import { type Config, getConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { AppError, badRequest, notFound } from "@/lib/platform/errors";
import type { PrintifyClient } from "@/lib/providers/printify/client";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { PrintifyError } from "@/lib/providers/printify/printify-error";

export const CANCEL_REASON_MAX_LENGTH = 200;

export const CancelOrderInput = z.object({
  orderId: z.uuid({ error: "The order id is not valid." }),
  reason: z
    .string({ error: "Say why the order is cancelled." })
    .trim()
    .min(1, { error: "Say why the order is cancelled." })
    .max(CANCEL_REASON_MAX_LENGTH, {
      error: `Keep the reason under ${CANCEL_REASON_MAX_LENGTH} characters.`,
    }),
});

export type CancelOrderResult = { eventId: string; orderId: string; cancelledAtProvider: boolean };

/** Why an order cannot be cancelled, in words for the person who asked; null until it ships. */
export function cancelBlocker(order: Pick<Order, "status">): string | null {
  switch (order.status) {
    case "paid":
    case "submitted":
    case "in_production":
      return null;
    case "shipped":
    case "delivered":
      return "This order has already shipped, so it can no longer be cancelled.";
    case "cancelled":
      return "This order is already cancelled.";
    case "refunded":
      return "This order has been refunded, so there is nothing left to cancel.";
    default:
      return "This order was never paid, so there is nothing to cancel.";
  }
}

/** Printify's words for an order it has started on. */
const IN_PRODUCTION = new Set(["sending-to-production", "in-production", "partially-fulfilled", "fulfilled"]);

/**
 * A person cancels an order that has not shipped. If Printify has it (or may have it: an
 * attempt that was interrupted before we stored its id), Printify cancels it first — it only
 * cancels orders still on hold, and when it refuses nothing changes here. Then, in one
 * transaction, the status moves to `cancelled` and `order.cancelled` {by: "staff"} is logged as
 * the person, under the same dedupe key as a provider's cancellation, so Printify's own
 * webhook about it writes nothing new; open submission failures and "stuck" warnings of the
 * order are resolved. The event uses `logEvent` rather than the strict variant: once Printify
 * has cancelled, the local status must follow even if the row has to be written later.
 *
 * The payment is not refunded. AppError 400 for a bad state or a refusal by Printify, 502 when
 * Printify cannot be reached, 404 for another store's order; in each case nothing is written.
 * `options.config` is for tests.
 */
export async function cancelOrder(
  db: Db,
  activity: ActivityContext,
  input: unknown,
  options: { config?: Config } = {},
): Promise<CancelOrderResult> {
  const parsed = CancelOrderInput.safeParse(input);
  if (!parsed.success)
    throw badRequest(parsed.error.issues[0]?.message ?? "The request is not valid.", "invalid_order_action");
  const { orderId, reason } = parsed.data;

  const [row] = await db
    .select({ order: orders, shopId: stores.printifyShopId })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(and(eq(orders.id, orderId), eq(orders.storeId, activity.storeId)))
    .limit(1);
  if (!row) throw notFound("This order does not exist in this store.");
  const { order, shopId } = row;
  const blocker = cancelBlocker(order);
  if (blocker) throw badRequest(blocker, "order_not_cancellable");

  // Printify is called outside the transaction: no row lock (and no embedded database) is held
  // while it answers.
  let providerOrderId = order.providerOrderId;
  if (!providerOrderId) {
    if ((await findUnfinishedJob(db, "submit-order", activity.storeId, order.id)) === "active")
      throw badRequest(
        "This order is being sent to Printify right now. Try again in a minute.",
        "submission_in_progress",
      );
    if (order.submissionStartedAt && shopId) {
      const client = printifyClient(options.config);
      providerOrderId =
        (
          await callPrintify(() =>
            client.findOrderByExternalId(shopId, order.id, { createdSince: order.submissionStartedAt }),
          )
        )?.id ?? null;
    }
  }
  if (providerOrderId) {
    if (!shopId)
      throw badRequest(
        "This store has no Printify shop connected, so the order cannot be cancelled at Printify.",
        "no_printify_shop",
      );
    await cancelAtPrintify(printifyClient(options.config), shopId, providerOrderId);
  }

  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, order.id), eq(orders.storeId, activity.storeId)))
      .for("update")
      .limit(1);
    if (!current) throw notFound("This order does not exist in this store.");
    // While Printify answered, a webhook may have moved the order on.
    const late = cancelBlocker(current);
    if (late) throw badRequest(late, "order_not_cancellable");
    const now = new Date();
    await tx
      .update(orders)
      .set({
        status: "cancelled",
        statusChangedAt: now,
        updatedAt: now,
        ...(providerOrderId ? { providerOrderId, providerStatus: "canceled" } : {}),
      })
      .where(and(eq(orders.id, order.id), eq(orders.storeId, activity.storeId)));
    const { id: eventId } = await logEvent(
      tx,
      activity,
      "order.cancelled",
      { reason, by: "staff" },
      { orderId: order.id, occurredAt: now, dedupeKey: `fulfilment:${order.id}:cancelled` },
    );
    await resolveSuperseded(tx, {
      storeId: activity.storeId,
      orderId: order.id,
      types: ["order.submission_failed", "order.stuck"],
      note: `Resolved automatically: ${activity.actor.label} cancelled the order.`,
    });
    return { eventId, orderId: order.id, cancelledAtProvider: providerOrderId !== null };
  });
}

function printifyClient(config: Config = getConfig()): PrintifyClient {
  try {
    return getPrintifyClient(config);
  } catch (error) {
    throw new AppError(
      "provider_not_configured",
      `Printify is not connected (${error instanceof Error ? error.message : String(error)}), so the order cannot be cancelled there.`,
      500,
    );
  }
}

/** Cancels at Printify, or throws the AppError that says why not. An order Printify had already cancelled is fine. */
async function cancelAtPrintify(client: PrintifyClient, shopId: string, providerOrderId: string) {
  try {
    await client.cancelOrder(shopId, providerOrderId);
  } catch (error) {
    if (!(error instanceof PrintifyError) || error.code !== "invalid_request") throw toAppError(error);
    // Printify refuses anything not on hold: ask it where the order is, to say why.
    const status = (await callPrintify(() => client.getOrder(shopId, providerOrderId))).status;
    if (status === "canceled" || status === "cancelled") return;
    const where = IN_PRODUCTION.has(status)
      ? "it is already in production"
      : `its status there is “${status}”`;
    throw badRequest(
      `Printify could not cancel this order (${where}) — contact Printify support. Nothing was changed here.`,
      "provider_refused",
    );
  }
}

async function callPrintify<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}

function toAppError(error: unknown): unknown {
  if (!(error instanceof PrintifyError)) return error;
  if (error.retryable)
    return new AppError(
      "provider_unavailable",
      `Could not reach Printify to cancel the order (${error.message}). Nothing was changed; try again in a minute.`,
      502,
      true,
    );
  return new AppError(
    "provider_error",
    `Printify could not cancel this order: ${error.message}. Nothing was changed here.`,
    502,
  );
}
