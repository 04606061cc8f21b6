"use server";

import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type ResolveActionResult =
  | { ok: true; resolved: number; skipped: number }
  | { ok: false; error: string };

/** Resolves warnings/errors in the current store, as the signed-in owner or manager. */
export async function resolveActivity(input: { ids: string[]; note?: string }): Promise<ResolveActionResult> {
  return adminActions.resolveActivity.handle(() => resolveAccess("activity:resolve"), input);
}
