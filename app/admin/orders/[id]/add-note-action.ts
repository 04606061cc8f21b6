"use server";

import { resolveAccess } from "@/lib/auth/access";
import { AppError } from "@/lib/errors";
import { AddOrderNoteInput, addOrderNote } from "@/lib/orders/add-order-note";

export type AddNoteActionResult = { ok: true; eventId: string } | { ok: false; error: string };

/** Adds a note to an order's timeline, as the signed-in person (owners, managers and staff). */
export async function addNoteAction(input: { orderId: string; note: string }): Promise<AddNoteActionResult> {
  try {
    const access = await resolveAccess("orders:write");
    const parsed = AddOrderNoteInput.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: parsed.error.issues[0]?.message ?? "The note is not valid." };
    const result = await addOrderNote(access.db, access.activity, parsed.data);
    return { ok: true, eventId: result.eventId };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    // logEventStrict: the note was not saved, and the person must know.
    console.error("[orders] could not add a note:", error);
    return { ok: false, error: "The note could not be saved. Please try again." };
  }
}
