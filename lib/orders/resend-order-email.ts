import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { type Order, orders } from "@/db/schema";
import { findLatestShipment } from "@/lib/activity/read/find-latest-shipment";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { JobSender } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { badRequest, notFound } from "@/lib/platform/errors";

export type OrderEmailKind = "confirmation" | "shipping";

export const ResendOrderEmailInput = z.object({
  orderId: z.uuid({ error: "The order id is not valid." }),
  email: z.enum(["confirmation", "shipping"], { error: "Choose the confirmation or the shipping email." }),
});

export type ResendOrderEmailResult = { eventId: string; orderId: string; jobId: string | null };

/**
 * Why an order's email cannot be sent again, in words for the person who asked; null when it
 * can. The confirmation goes to any paid order still alive; the shipping email only once the
 * order has shipped.
 */
export function resendBlocker(order: Pick<Order, "status">, email: OrderEmailKind): string | null {
  switch (order.status) {
    case "pending":
    case "payment_failed":
      return `This order has not been paid, so there is no ${email} email to resend.`;
    case "cancelled":
      return `This order is cancelled, so its ${email} email should not go out again.`;
    case "refunded":
      return `This order has been refunded, so its ${email} email should not go out again.`;
    case "shipped":
    case "delivered":
      return null;
    default:
      return email === "shipping"
        ? "This order has not shipped yet, so there is no shipping email to resend."
        : null;
  }
}

/**
 * A person asks for an order's confirmation or shipping email to go out again: logs
 * `order.email.resend_requested` as them and enqueues a new `send-order-email` job in the same
 * transaction. A new job sends again (the email worker skips only a job id that already sent);
 * its "sent" or "failed" event follows on the timeline, under the same correlation id. Strict:
 * if the event cannot be written nothing is queued and the caller gets the error.
 *
 * Refused (AppError 400, nothing written) in the states `resendBlocker` names, and for a
 * shipping email before Printify has sent tracking; 404 for another store's order.
 */
export async function resendOrderEmail(
  db: Db,
  queue: JobSender,
  activity: ActivityContext,
  input: unknown,
): Promise<ResendOrderEmailResult> {
  const parsed = ResendOrderEmailInput.safeParse(input);
  if (!parsed.success)
    throw badRequest(parsed.error.issues[0]?.message ?? "The request is not valid.", "invalid_order_action");
  const { orderId, email } = parsed.data;
  const correlationId = activity.correlationId ?? `admin:${uuidv7()}`;
  const result = await db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, status: orders.status, customerEmail: orders.customerEmail })
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.storeId, activity.storeId)))
      .limit(1);
    if (!order) throw notFound("This order does not exist in this store.");
    const blocker = resendBlocker(order, email);
    if (blocker) throw badRequest(blocker, "email_not_resendable");
    if (email === "shipping" && !(await findLatestShipment(tx, activity.storeId, order.id)))
      throw badRequest(
        "Printify has not sent tracking details for this order yet, so there is no shipping email to resend.",
        "email_not_resendable",
      );

    const { id: eventId } = await logEventStrict(
      tx,
      { ...activity, correlationId },
      "order.email.resend_requested",
      { email, to: order.customerEmail },
      { orderId: order.id },
    );
    const jobId = await queue.send(tx, "send-order-email", {
      storeId: activity.storeId,
      orderId: order.id,
      email,
      correlationId,
    });
    return { eventId, orderId: order.id, jobId };
  });
  queue.wake("send-order-email");
  return result;
}
