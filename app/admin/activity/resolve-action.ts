"use server";

import { adminActions } from "@/lib/actions/admin-actions";
import { resolveAccess } from "@/lib/auth/access";

export type ResolveActionResult =
  | { ok: true; resolved: number; skipped: number }
  | { ok: false; error: string };

/** Resolves warnings/errors in the current store, as the signed-in owner or manager. */
export async function resolveActivity(input: { ids: string[]; note?: string }): Promise<ResolveActionResult> {
  return adminActions.resolveActivity.handle(() => resolveAccess("activity:resolve"), input);
}
