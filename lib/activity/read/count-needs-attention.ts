import { and, count, eq } from "drizzle-orm";
import { activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { needsAttention } from "./needs-attention";

/**
 * Unresolved warnings and errors in a store: the nav badge. Matches the partial index
 * `activity_log_attention_idx` exactly, so it stays cheap however large the log grows.
 */
export async function countNeedsAttention(db: Db, storeId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), needsAttention))
    .prepare("count_needs_attention")
    .execute();
  return Number(row?.value ?? 0);
}
