import { sql } from "drizzle-orm";
import { isoMicros, queryRows } from "@/lib/platform/db/query-rows";
import { safeBound } from "@/lib/platform/db/safe-bound";
import type { Db } from "@/lib/platform/db/types";

/** Rows counted in one step at most; a run takes steps until it has caught up or used its time. */
export const COUNT_BATCH = 20_000;

/** The quarter hours of `activity_counts`: 15 minutes wide, from 2000-01-01 00:00 UTC. */
export const bucketOf = (column: string) =>
  `date_bin('15 minutes'::interval, ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** The bookmark's time as exact UTC text, null before the first run (`-infinity`). */
export const bookmarkText = sql.raw(
  `case when counted_through = '-infinity' then null else ${isoMicros("counted_through")} end`,
);

export type CountStep = { counted: number; caughtUp: boolean };

/**
 * One counting step: adds the rows written since the bookmark (at most `batch`) to
 * `activity_counts`, by store, quarter hour and level, and their `custom.*` types to
 * `activity_custom_types`, and moves the bookmark, in one
 * transaction under the bookmark's lock (another process's step waits, then counts on from
 * where this one stopped). As the seal does, it counts no further than the start of the oldest
 * transaction still open (less a margin), so no row can commit behind the bookmark.
 */
export async function countActivityStep(
  db: Db,
  options: { batch?: number; lagSeconds?: number } = {},
): Promise<CountStep> {
  const batch = options.batch ?? COUNT_BATCH;
  const lag = options.lagSeconds ?? 2;
  return db.transaction(async (tx) => {
    const [progress] = await queryRows<{ through: string; counted_id: string | null; safe: string }>(
      tx,
      sql`select coalesce(${bookmarkText}, '-infinity') as through,
                 counted_id::text, ${safeBound(lag)} as safe
          from activity_counts_progress where id = 1 for update`,
    );
    // The migration writes the bookmark; without it there is nothing safe to count from.
    if (!progress) return { counted: 0, caughtUp: true };
    const { through } = progress;
    if (through !== "-infinity" && progress.safe <= through) return { counted: 0, caughtUp: true };
    const after = progress.counted_id
      ? sql`(a.inserted_at, a.id) > (${through}::timestamptz, ${progress.counted_id}::uuid)`
      : sql`a.inserted_at >= ${through}::timestamptz`;
    const [last] = await queryRows<{ at: string; id: string }>(
      tx,
      sql`select ${sql.raw(isoMicros("a.inserted_at"))} as at, a.id::text from activity_log a
          where ${after} and a.inserted_at < ${progress.safe}::timestamptz
          order by a.inserted_at, a.id offset ${batch - 1} limit 1`,
    );
    const until = last
      ? sql`(a.inserted_at, a.id) <= (${last.at}::timestamptz, ${last.id}::uuid)`
      : sql`a.inserted_at < ${progress.safe}::timestamptz`;
    const [row] = await queryRows<{ counted: number | string }>(
      tx,
      sql`with batch as materialized (
            select a.store_id, a.occurred_at, a.level, a.event_type from activity_log a
             where ${after} and ${until} and a.visibility <> 'debug'
          ), counted as (
            select store_id, ${sql.raw(bucketOf("occurred_at"))} as bucket, level, count(*)::integer as events
              from batch group by 1, 2, 3
          ), added as (
            insert into activity_counts (store_id, bucket, level, events)
            select store_id, bucket, level, events from counted
            on conflict (store_id, bucket, level) do update set events = activity_counts.events + excluded.events
          ), custom as (
            insert into activity_custom_types (store_id, event_type)
            select distinct store_id, event_type from batch where event_type like 'custom.%'
            on conflict do nothing
          )
          select coalesce(sum(events), 0)::integer as counted from counted`,
    );
    await tx.execute(
      last
        ? sql`update activity_counts_progress set counted_through = ${last.at}::timestamptz, counted_id = ${last.id}::uuid where id = 1`
        : sql`update activity_counts_progress set counted_through = ${progress.safe}::timestamptz, counted_id = null where id = 1`,
    );
    return { counted: Number(row?.counted ?? 0), caughtUp: !last };
  });
}

/**
 * Counts what was written since the last run: steps until caught up, or until `budgetMs` has
 * passed (a first run over a large log goes on at the next run). Returns the rows counted.
 */
export async function countActivity(
  db: Db,
  options: { batch?: number; lagSeconds?: number; budgetMs?: number } = {},
): Promise<{ counted: number; caughtUp: boolean }> {
  const started = Date.now();
  let counted = 0;
  for (;;) {
    const step = await countActivityStep(db, options);
    counted += step.counted;
    if (step.caughtUp) return { counted, caughtUp: true };
    if (Date.now() - started >= (options.budgetMs ?? 2000)) return { counted, caughtUp: false };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Drops the quarter hours older than each store's retention (a day's margin): the chart never
 * reads them (it counts what is left of those days from the log), so they are only space. And
 * the custom types no row of the store holds any more, so the filter lists only what it finds.
 */
export async function pruneActivityCounts(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`with gone as (
          delete from activity_counts c using stores s
           where c.store_id = s.id and s.activity_retention_days is not null
             and c.bucket < now() - make_interval(days => greatest(s.activity_retention_days, 30) + 1)
          returning 1
        ) select count(*)::integer as n from gone`,
  );
  await db.execute(
    sql`delete from activity_custom_types t
         where not exists (select 1 from activity_log a where a.store_id = t.store_id and a.event_type = t.event_type)`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Where the job's bookmark stands, as a constant for a query's plan: every row inserted before
 * it is counted (it only moves forward). Null before the first run.
 */
export async function countedThrough(db: Db): Promise<string | null> {
  const [row] = await queryRows<{ through: string | null }>(
    db,
    sql`select ${bookmarkText} as through from activity_counts_progress where id = 1`,
  );
  return row?.through ?? null;
}

/**
 * A condition on `activity_log a`: the row is after the bookmark — not counted yet — as the
 * statement's own snapshot sees the bookmark. `hint` (from `countedThrough`, read before) lets
 * the planner read those rows from the inserted_at index.
 */
export function notCountedYet(hint: string | null) {
  return sql`${hint === null ? sql`` : sql`a.inserted_at >= ${hint}::timestamptz and`}
    (a.inserted_at, a.id) > (
      coalesce((select counted_through from activity_counts_progress where id = 1), '-infinity'),
      coalesce((select counted_id from activity_counts_progress where id = 1), '00000000-0000-0000-0000-000000000000'))`;
}
