"use server";

import { resolveEvents } from "@/lib/activity/resolve-events";
import { resolveAccess } from "@/lib/auth/access";
import { AppError } from "@/lib/errors";

export type ResolveActionResult =
  | { ok: true; resolved: number; skipped: number }
  | { ok: false; error: string };

/** Resolves warnings/errors in the current store, as the signed-in owner or manager. */
export async function resolveActivity(input: { ids: string[]; note?: string }): Promise<ResolveActionResult> {
  try {
    const access = await resolveAccess("activity:resolve");
    const ids = Array.isArray(input?.ids) ? input.ids.map(String) : [];
    const result = await resolveEvents(
      access.db,
      { storeId: access.store.storeId, userId: access.user.id },
      { ids, note: typeof input?.note === "string" ? input.note : undefined },
    );
    return { ok: true, resolved: result.resolved.length, skipped: result.skipped.length };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
