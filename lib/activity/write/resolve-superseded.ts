import { and, eq, inArray, sql } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { EventType } from "@/lib/activity/catalog/catalog";
import { needsAttention } from "@/lib/activity/read/needs-attention";
import type { Db } from "@/lib/platform/db/types";

/**
 * Self-healing: when a later success supersedes earlier warnings or errors (a retry that went
 * through, an email that went out on the second try), those events are resolved by the system
 * (`resolved_by` null) with a note saying why. Returns the ids it resolved.
 */
export async function resolveSuperseded(
  db: Db,
  input: {
    storeId: string;
    /** The order the failures belong to (or `entityId` for non-order events). */
    orderId?: string | null;
    entityId?: string | null;
    types: EventType[];
    /** Only events whose payload contains this object (jsonb `@>`), e.g. `{ email: "shipping" }`. */
    payloadContains?: Record<string, unknown>;
    note: string;
  },
): Promise<string[]> {
  if (!input.orderId && !input.entityId) throw new Error("resolveSuperseded needs an orderId or an entityId");
  const rows = await db
    .update(activityLog)
    .set({ resolvedAt: sql`now()`, resolvedBy: null, resolutionNote: input.note.slice(0, 1000) })
    .where(
      and(
        eq(activityLog.storeId, input.storeId),
        input.orderId ? eq(activityLog.orderId, input.orderId) : eq(activityLog.entityId, input.entityId!),
        inArray(activityLog.eventType, input.types),
        needsAttention,
        input.payloadContains
          ? sql`${activityLog.payload} @> ${JSON.stringify(input.payloadContains)}::jsonb`
          : undefined,
      ),
    )
    .returning({ id: activityLog.id });
  return rows.map((r) => r.id);
}
