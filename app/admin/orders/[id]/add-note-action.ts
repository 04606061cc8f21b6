"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type AddNoteActionResult = AdminActionResult<"addNote">;

/** Adds a note to an order's timeline, as the signed-in person (owners, managers and staff). */
export async function addNoteAction(input: { orderId: string; note: string }): Promise<AddNoteActionResult> {
  return adminActions.addNote.perform(input);
}
