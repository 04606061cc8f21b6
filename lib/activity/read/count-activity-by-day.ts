import { and, count, eq, gte, inArray, isNull, ne, sql } from "drizzle-orm";
import { type ActivityLevel, activityLevels, activityLog } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

/** One calendar day of a store's activity: events by level, and how many still need attention. */
export type ActivityDay = {
  /** The calendar day in the store's time zone, YYYY-MM-DD. */
  day: string;
  counts: Record<ActivityLevel, number>;
  /** That day's warnings and errors nobody has resolved yet. */
  needsAttention: number;
};

export type ActivityByDay = { timeZone: string; days: ActivityDay[] };

const MAX_DAYS = 366;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
function dayInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * Events per calendar day of the store's time zone, for the `days` days ending today (oldest
 * first, every day present, zeros included), by level, with that day's still-open warnings and
 * errors. Debug events are left out, as in the feed. One range scan of `activity_log_feed_idx`
 * (store, occurred_at); the lower bound is a day earlier than needed in UTC terms, so a day
 * that starts before UTC midnight is still whole, and rows outside the window are dropped by day.
 */
export async function countActivityByDay(
  db: Db,
  storeId: string,
  options: { days?: number; timeZone: string; now?: Date },
): Promise<ActivityByDay> {
  const days = Math.trunc(options.days ?? 30);
  if (!(days >= 1 && days <= MAX_DAYS))
    throw badRequest(`days must be between 1 and ${MAX_DAYS}`, "invalid_days");
  const timeZone = validTimeZone(options.timeZone);
  const now = options.now ?? new Date();
  const today = dayInZone(now, timeZone);
  const firstDay = addDays(today, -(days - 1));
  // A day in any zone starts within 14 hours of UTC midnight; start a day early to be safe.
  const since = new Date(Date.parse(`${addDays(firstDay, -1)}T00:00:00Z`));

  // Grouped on the local date (a cheap cast per row), written out once per day and level.
  const perDay = db
    .select({
      day: sql<string>`(${activityLog.occurredAt} at time zone ${timeZone})::date`.as("day"),
      level: activityLog.level,
      events: count().as("events"),
      open: sql<number>`count(*) filter (where ${and(
        inArray(activityLog.level, ["warning", "error"]),
        isNull(activityLog.resolvedAt),
      )})`.as("open"),
    })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.storeId, storeId),
        gte(activityLog.occurredAt, since),
        ne(activityLog.visibility, "debug"),
      ),
    )
    // By position: the day expression binds the time zone as a parameter, so it cannot be repeated.
    .groupBy(sql`1`, sql`2`)
    .as("per_day");
  const rows = await db
    .select({
      day: sql<string>`to_char(${perDay.day}, 'YYYY-MM-DD')`,
      level: perDay.level,
      events: sql<number>`${perDay.events}`.mapWith(Number),
      open: sql<number>`${perDay.open}`.mapWith(Number),
    })
    .from(perDay);

  const byDay = new Map<string, ActivityDay>();
  for (let i = 0; i < days; i++) {
    const d = addDays(firstDay, i);
    byDay.set(d, { day: d, counts: { info: 0, warning: 0, error: 0 }, needsAttention: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry || !activityLevels.includes(row.level)) continue;
    entry.counts[row.level] += Number(row.events);
    entry.needsAttention += Number(row.open);
  }
  return { timeZone, days: [...byDay.values()] };
}

function validTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
