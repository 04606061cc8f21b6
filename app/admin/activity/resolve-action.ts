"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type ResolveActionResult = AdminActionResult<"resolveActivity">;

/** Resolves warnings/errors in the current store, as the signed-in owner or manager. */
export async function resolveActivity(input: { ids: string[]; note?: string }): Promise<ResolveActionResult> {
  return adminActions.resolveActivity.perform(input);
}
