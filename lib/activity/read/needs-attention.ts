import { and, inArray, isNull, ne, type SQL } from "drizzle-orm";
import { activityLog } from "@/db/schema";

/**
 * "Needs attention": a warning or error nobody has resolved yet, never a debug event. It is
 * the predicate of the partial index `activity_log_attention_idx` (db/schema/activity-log.ts),
 * term for term, so every query built on it (the badge, the tab, the orders list's marker, the
 * watchdog, resolving) can be answered from that small index. A test pins the two together.
 */
export const needsAttention: SQL = and(
  inArray(activityLog.level, ["warning", "error"]),
  isNull(activityLog.resolvedAt),
  ne(activityLog.visibility, "debug"),
)!;
