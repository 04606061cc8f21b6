"use server";

import { adminActions } from "@/lib/actions/admin-actions";
import { resolveAccess } from "@/lib/auth/access";

export type AddNoteActionResult = { ok: true; eventId: string } | { ok: false; error: string };

/** Adds a note to an order's timeline, as the signed-in person (owners, managers and staff). */
export async function addNoteAction(input: { orderId: string; note: string }): Promise<AddNoteActionResult> {
  return adminActions.addNote.handle(() => resolveAccess(null), input);
}
