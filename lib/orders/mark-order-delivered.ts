import { eq } from "drizzle-orm";
import { z } from "zod";
import { orders } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";

export const MarkDeliveredInput = z.object({ orderId: z.uuid({ message: "That order does not exist." }) });

/**
 * The one manual status change: a shipped order the customer says has arrived (the carrier
 * never confirmed it). Logged as `order.updated` with the status change; the provider's own
 * later updates never move it back.
 */
export async function markOrderDelivered(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof MarkDeliveredInput>,
) {
  const { orderId } = MarkDeliveredInput.parse(input);
  const now = new Date();
  return recordChange(db, activity, {
    table: orders,
    match: eq(orders.id, orderId),
    entity: { type: "order", id: orderId },
    patch: { status: "delivered" },
    alsoSet: { statusChangedAt: now },
    labels: { status: "Status" },
    event: "order.updated",
    payload: () => ({ summary: "the status to delivered" }),
    log: (before) => ({ orderId: before.id }),
    check: (before) => {
      if (before.status !== "shipped")
        throw new AppError(
          "invalid_transition",
          `Only a shipped order can be marked delivered; #${before.number} is ${before.status.replace("_", " ")}.`,
          409,
        );
    },
    notFoundMessage: "That order is not in this store.",
  });
}
