import { and, desc, eq, gte, ilike, inArray, like, lt, ne, type SQL, sql } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";
import { ActivityFilters } from "./activity-filters";
import { decodeCursor, encodeCursor } from "./cursor";
import { needsAttention } from "./needs-attention";

/** How far back from a page's start its first read looks, in days: about one partition. */
const PROBE_DAYS = 31;

export type ActivityPage = { items: ActivityRow[]; nextCursor: string | null };

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE conditions of a filtered, store-scoped feed (debug events never included). */
export function activityConditions(storeId: string, filters: ActivityFilters): SQL[] {
  const f = filters;
  const conditions: (SQL | undefined)[] = [
    eq(activityLog.storeId, storeId),
    ne(activityLog.visibility, "debug"),
    f.level?.length ? inArray(activityLog.level, f.level) : undefined,
    f.type
      ? f.type.endsWith(".*")
        ? like(activityLog.eventType, `${escapeLike(f.type.slice(0, -1))}%`)
        : eq(activityLog.eventType, f.type)
      : undefined,
    f.from ? gte(activityLog.occurredAt, f.from) : undefined,
    f.to ? lt(activityLog.occurredAt, f.to) : undefined,
    f.q ? ilike(activityLog.message, `%${escapeLike(f.q)}%`) : undefined,
    f.orderId ? eq(activityLog.orderId, f.orderId) : undefined,
    f.entityType ? eq(activityLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(activityLog.entityId, f.entityId) : undefined,
    f.actorType ? eq(activityLog.actorType, f.actorType) : undefined,
    f.actorId ? eq(activityLog.actorId, f.actorId) : undefined,
    f.needsAttention ? needsAttention : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

/**
 * The store's activity, newest first, one page at a time. The cursor is the `(occurred_at, id)`
 * of the last row, compared as a row value, so rows that share a timestamp are neither skipped
 * nor repeated across pages.
 */
export async function listActivity(
  db: Db,
  storeId: string,
  filters: unknown = {},
  page: { cursor?: string | null; limit?: number } = {},
): Promise<ActivityPage> {
  const parsed = ActivityFilters.safeParse(filters);
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      "invalid_filter",
    );
  }
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), 200);
  const conditions = activityConditions(storeId, parsed.data);
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  if (cursor)
    conditions.push(
      sql`(${activityLog.occurredAt}, ${activityLog.id}) < (${cursor.occurredAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    );
  const read = (bound: SQL | undefined, rows: number) =>
    db
      .select()
      .from(activityLog)
      .where(and(...conditions, bound))
      .orderBy(desc(activityLog.occurredAt), desc(activityLog.id))
      .limit(rows)
      // A server-side prepared statement per distinct query text: parse and plan once, not per page.
      .prepare("list_activity")
      .execute();

  // The page is looked for first in the month before where it starts (the newest partitions),
  // and below it only when that month does not fill it: every row below is older than every row
  // found, so the page is the same, without a probe of every month of the log.
  const newest = Math.min(
    cursor?.occurredAt.getTime() ?? Number.POSITIVE_INFINITY,
    parsed.data.to?.getTime() ?? Number.POSITIVE_INFINITY,
    Date.now(),
  );
  const split = new Date(newest - PROBE_DAYS * 86_400_000);
  const rows =
    parsed.data.from && parsed.data.from >= split
      ? await read(undefined, limit + 1)
      : await read(gte(activityLog.occurredAt, split), limit + 1);
  if (rows.length <= limit && !(parsed.data.from && parsed.data.from >= split))
    rows.push(...(await read(lt(activityLog.occurredAt, split), limit + 1 - rows.length)));
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
  };
}
