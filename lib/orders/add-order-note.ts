import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { orders } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { badRequest, notFound } from "@/lib/platform/errors";

export const NOTE_MAX_LENGTH = 2000;

/** A staff note on an order's timeline: trimmed, 1–2000 characters. */
export const OrderNote = z
  .string({ error: "Write a note first." })
  .trim()
  .min(1, { error: "Write a note first." })
  .max(NOTE_MAX_LENGTH, { error: `Keep the note under ${NOTE_MAX_LENGTH} characters.` });

export const AddOrderNoteInput = z.object({
  orderId: z.uuid({ error: "The order id is not valid." }),
  note: OrderNote,
});

export type AddOrderNoteResult = { eventId: string; orderId: string };

/**
 * Writes an `order.note_added` event on an order of `activity.storeId`, as `activity.actor`. The note is
 * the event: there is no notes table. Strict: if the row cannot be written the caller gets the
 * error, so a person never believes a note was saved that was not. Throws AppError 400 for a bad
 * note, 404 when the order is not in this store.
 */
export async function addOrderNote(
  db: Db,
  activity: ActivityContext,
  input: unknown,
): Promise<AddOrderNoteResult> {
  const parsed = AddOrderNoteInput.safeParse(input);
  if (!parsed.success)
    throw badRequest(parsed.error.issues[0]?.message ?? "The note is not valid.", "invalid_note");
  const { orderId, note } = parsed.data;
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.storeId, activity.storeId)))
      .limit(1);
    if (!order) throw notFound("This order does not exist in this store.");
    const { id } = await logEventStrict(tx, activity, "order.note_added", { note }, { orderId: order.id });
    return { eventId: id, orderId: order.id };
  });
}
