import { sql } from "drizzle-orm";
import { type ActivityLevel, activityLevels } from "@/db/schema";
import { bookmarkText, notCountedYet } from "@/lib/activity/counts/count-activity";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";
import { dayInZone, validTimeZone } from "@/lib/platform/format/date-format";

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

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * Events per calendar day of the store's time zone, for the `days` days ending today (oldest
 * first, every day present, zeros included), by level, with that day's still-open warnings and
 * errors. Debug events are left out, as in the feed.
 *
 * One statement, so one snapshot: the quarter hours `activity_counts` has counted, plus the rows
 * written since its bookmark (a range of `activity_log_inserted_idx`, usually seconds of rows),
 * plus — only where the window reaches back past the store's retention, whose rows a purge may
 * be removing — what is left of those days, from the log. The open problems come from the
 * attention index. The lower bound is a day earlier than needed in UTC terms, so a day that
 * starts before UTC midnight is still whole, and rows outside the window are dropped by day.
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
  const since = `${addDays(firstDay, -1)}T00:00:00Z`;

  // The bookmark as it stands (it only moves forward): a constant lower bound on inserted_at, so
  // the planner reads the uncounted rows from the inserted_at index. The statement below
  // re-reads the bookmark in its own snapshot for the exact split.
  const [start] = await queryRows<{ through: string | null; retention_days: number | null }>(
    db,
    sql`select (select ${bookmarkText} from activity_counts_progress where id = 1) as through,
               (select activity_retention_days from stores where id = ${storeId}) as retention_days`,
  );
  const hint = start?.through ?? null;
  // Rows older than the retention may be purged at any moment, and their quarter hours would
  // still count them: below this bound the chart counts what the log still holds.
  const floor =
    start?.retention_days == null
      ? null
      : ceilToQuarterHour(now.getTime() - Math.max(start.retention_days, 30) * 86_400_000);
  const countedFrom = floor !== null && Date.parse(floor) > Date.parse(since) ? floor : since;

  const rows = await queryRows<{
    day: string;
    level: ActivityLevel;
    events: number | string;
    open: number | string;
  }>(
    db,
    sql`with happened as (
          select c.bucket as at, c.level, c.events, 0 as open from activity_counts c
           where c.store_id = ${storeId} and c.bucket >= ${countedFrom}::timestamptz
          union all
          select a.occurred_at, a.level, 1, 0 from activity_log a
           where a.store_id = ${storeId} and a.occurred_at >= ${countedFrom}::timestamptz
             and a.visibility <> 'debug' and ${notCountedYet(hint)}
          union all
          select a.occurred_at, a.level, 1, 0 from activity_log a
           where a.store_id = ${storeId} and a.occurred_at >= ${since}::timestamptz
             and a.occurred_at < ${countedFrom}::timestamptz and a.visibility <> 'debug'
          union all
          select a.occurred_at, a.level, 0, 1 from activity_log a
           where a.store_id = ${storeId} and a.occurred_at >= ${since}::timestamptz
             and a.level in ('warning', 'error') and a.resolved_at is null and a.visibility <> 'debug'
        ), per_day as (
          select (at at time zone ${timeZone})::date as day, level, sum(events) as events, sum(open) as open
            from happened group by 1, 2
        )
        select to_char(day, 'YYYY-MM-DD') as day, level, events::integer as events, open::integer as open
          from per_day`,
  );

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

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** The first quarter-hour boundary (UTC) at or after `ms`, as ISO text. */
function ceilToQuarterHour(ms: number): string {
  return new Date(Math.ceil(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS).toISOString();
}
