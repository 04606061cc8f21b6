import { sql } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import { needsAttention } from "@/lib/activity/read/needs-attention";
import type { Db } from "@/lib/platform/db/types";

export type Resolution = {
  id: string;
  /** When it was resolved: never before the event itself (the later of the two is kept). */
  at: Date;
  /** The person, or null for Storyline itself. */
  userId: string | null;
  note: string | null;
};

/**
 * Resolutions recorded after the fact, each with its own time and resolver (a history being
 * loaded, such as the demo's): one statement for the lot. Like `resolveEvents`, only the store's
 * open warnings and errors are touched. Returns how many it resolved.
 */
export async function recordResolutions(db: Db, storeId: string, resolutions: Resolution[]): Promise<number> {
  if (resolutions.length === 0) return 0;
  const given = JSON.stringify(
    resolutions.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      by: r.userId,
      note: r.note?.slice(0, 1000) ?? null,
    })),
  );
  const result: unknown = await db.execute(sql`
    update ${activityLog}
    set resolved_at = greatest(g.at, ${activityLog.occurredAt}), resolved_by = g.by, resolution_note = g.note
    from jsonb_to_recordset(${given}::jsonb) as g(id uuid, at timestamptz, by uuid, note text)
    where ${activityLog.id} = g.id and ${activityLog.storeId} = ${storeId} and ${needsAttention}
    returning ${activityLog.id}`);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  return rows.length;
}
