"use server";

import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type AddNoteActionResult = { ok: true; eventId: string } | { ok: false; error: string };

/** Adds a note to an order's timeline, as the signed-in person (owners, managers and staff). */
export async function addNoteAction(input: { orderId: string; note: string }): Promise<AddNoteActionResult> {
  return adminActions.addNote.handle(() => resolveAccess(null), input);
}
