import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { activityLog } from "@/db/schema";
import { needsAttention } from "@/lib/activity/read/needs-attention";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

const ResolveInput = z.object({
  ids: z.array(z.uuid()).min(1, "choose at least one event").max(500, "resolve at most 500 events at once"),
  note: z.string().trim().max(1000, "the note is limited to 1000 characters").optional(),
});

export type ResolveResult = {
  /** Events resolved by this call. */
  resolved: string[];
  /** Events that were already resolved, are not warnings/errors, or are not in this store. */
  skipped: string[];
};

/**
 * Marks warnings and errors as handled: who (a user id, or null for the system), when, and an
 * optional note. Resolving an event twice is harmless (the first resolution stands); info
 * events and other stores' events are left alone.
 */
export async function resolveEvents(
  db: Db,
  ctx: { storeId: string; userId: string | null },
  input: { ids: string[]; note?: string | null },
): Promise<ResolveResult> {
  const parsed = ResolveInput.safeParse({ ids: [...new Set(input.ids)], note: input.note ?? undefined });
  if (!parsed.success)
    throw badRequest(parsed.error.issues.map((i) => i.message).join("; "), "invalid_resolve");
  const { ids, note } = parsed.data;
  const updated = await db
    .update(activityLog)
    .set({ resolvedAt: sql`now()`, resolvedBy: ctx.userId, resolutionNote: note || null })
    .where(and(eq(activityLog.storeId, ctx.storeId), inArray(activityLog.id, ids), needsAttention))
    .returning({ id: activityLog.id });
  const resolved = new Set(updated.map((r) => r.id));
  return { resolved: [...resolved], skipped: ids.filter((id) => !resolved.has(id)) };
}
