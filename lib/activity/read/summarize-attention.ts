import { and, asc, count, desc, eq, gte, isNull, lt, ne } from "drizzle-orm";
import { type ActivityLevel, activityLog, orders } from "@/db/schema";
import { catalog, isEventType } from "@/lib/activity/catalog/catalog";
import type { Db } from "@/lib/platform/db/types";
import { needsAttention } from "./needs-attention";

export type AttentionKind = { type: string; label: string; group: string; count: number };

export type AttentionItem = {
  id: string;
  type: string;
  level: ActivityLevel;
  message: string;
  occurredAt: Date;
  orderId: string | null;
  orderNumber: number | null;
};

export type AttentionSummary = {
  /** Everything that needs attention now. */
  open: number;
  /** The open problems by event type, most first. */
  kinds: AttentionKind[];
  /** The oldest open problems, oldest first. */
  oldest: AttentionItem[];
  /** Problems the system resolved itself (`resolved_by` null) in the window, newest first. */
  resolvedBySystem: Array<AttentionItem & { resolvedAt: Date; note: string | null }>;
  resolvedBySystemCount: number;
};

const kindOf = (type: string) =>
  isEventType(type)
    ? { label: catalog[type].label, group: catalog[type].feedGroup.label }
    : { label: type, group: "Custom events" };

/**
 * What the morning email tells an owner: the store's open problems counted by kind, the
 * oldest of them, and what resolved itself since `since` (warnings and errors the system
 * closed, never a person's resolution). Reads the needs-attention index for the open part.
 */
export async function summarizeAttention(
  db: Db,
  storeId: string,
  window: { since: Date; until: Date; oldestLimit?: number; resolvedLimit?: number },
): Promise<AttentionSummary> {
  const open = and(eq(activityLog.storeId, storeId), needsAttention);
  const item = {
    id: activityLog.id,
    type: activityLog.eventType,
    level: activityLog.level,
    message: activityLog.message,
    occurredAt: activityLog.occurredAt,
    orderId: activityLog.orderId,
    orderNumber: orders.number,
  };
  const joinOrder = and(eq(orders.id, activityLog.orderId), eq(orders.storeId, activityLog.storeId));
  const selfResolved = and(
    eq(activityLog.storeId, storeId),
    ne(activityLog.level, "info"),
    ne(activityLog.visibility, "debug"),
    isNull(activityLog.resolvedBy),
    gte(activityLog.resolvedAt, window.since),
    lt(activityLog.resolvedAt, window.until),
  );

  const [byType, oldest, resolved, [resolvedCount]] = await Promise.all([
    db
      .select({ type: activityLog.eventType, count: count() })
      .from(activityLog)
      .where(open)
      .groupBy(activityLog.eventType),
    db
      .select(item)
      .from(activityLog)
      .leftJoin(orders, joinOrder)
      .where(open)
      .orderBy(asc(activityLog.occurredAt), asc(activityLog.id))
      .limit(window.oldestLimit ?? 5),
    db
      .select({ ...item, resolvedAt: activityLog.resolvedAt, note: activityLog.resolutionNote })
      .from(activityLog)
      .leftJoin(orders, joinOrder)
      .where(selfResolved)
      .orderBy(desc(activityLog.resolvedAt), desc(activityLog.id))
      .limit(window.resolvedLimit ?? 5),
    db.select({ n: count() }).from(activityLog).where(selfResolved),
  ]);

  const kinds = byType
    .map((row) => ({ type: row.type, ...kindOf(row.type), count: Number(row.count) }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return {
    open: kinds.reduce((sum, k) => sum + k.count, 0),
    kinds,
    oldest,
    resolvedBySystem: resolved.map((r) => ({ ...r, resolvedAt: r.resolvedAt! })),
    resolvedBySystemCount: Number(resolvedCount?.n ?? 0),
  };
}
