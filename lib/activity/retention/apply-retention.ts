import { sql } from "drizzle-orm";
import { pruneActivityCounts } from "@/lib/activity/counts/count-activity";
import { dropExpiredPartitions } from "@/lib/activity/write/drop-expired-partitions";
import { logEvent } from "@/lib/activity/write/log-event";
import { purgeExpiredActivity } from "@/lib/activity/write/purge-expired-activity";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";
import { scrubExpiredPersonalData } from "./scrub-personal-data";

/** The most rows one purge call removes (the database's own cap is 10,000). */
const PURGE_BATCH = 5000;

export type StoreRetention = {
  storeId: string;
  slug: string;
  removed: number;
  scrubbed: number;
  cutoff: string | null;
};

type RetentionOptions = {
  purgeBatch?: number;
  scrubBatch?: number;
  /** Where progress lines go (the worker's log). */
  progress?: (line: string) => void;
};

const iso = (value: Date | string | null | undefined) =>
  value == null ? null : new Date(value).toISOString();

/**
 * The daily retention pass, store by store: expired events removed in bounded batches through
 * `activity_purge_expired` until none are left, then the personal data of events past the
 * store's personal-data window scrubbed (the seal still verifies). A store where anything
 * changed gets one `activity.retention_applied` event with the counts; progress is written as
 * it goes, and the job's output keeps the totals.
 */
export async function applyRetention(db: Db, options: RetentionOptions = {}): Promise<StoreRetention[]> {
  const progress = options.progress ?? ((line: string) => console.info(line));
  const stores = await queryRows<{
    id: string;
    slug: string;
    activity_retention_days: number | null;
    personal_data_days: number;
  }>(db, sql`select id, slug, activity_retention_days, personal_data_days from stores order by slug`);
  // Whole months first: a month past every store's retention goes by dropping its partition
  // (each store's share is recorded in activity_purges); what is left goes row by row.
  const [started] = await queryRows<{ now: string }>(db, sql`select clock_timestamp()::text as now`);
  for (const { partition, rows } of await dropExpiredPartitions(db))
    progress(`[retention] dropped ${partition} (${rows} events past every store's retention)`);
  const results: StoreRetention[] = [];
  for (const store of stores)
    results.push(await applyStoreRetention(db, store, started!.now, options, progress));
  const pruned = await pruneActivityCounts(db);
  if (pruned > 0) progress(`[retention] dropped ${pruned} quarter-hour counts past their store's retention`);
  return results;
}

async function applyStoreRetention(
  db: Db,
  store: { id: string; slug: string; activity_retention_days: number | null; personal_data_days: number },
  since: string,
  options: RetentionOptions,
  progress: (line: string) => void,
): Promise<StoreRetention> {
  const [started] = await queryRows<{ now: string }>(db, sql`select clock_timestamp()::text as now`);
  const maxRows = options.purgeBatch ?? PURGE_BATCH;
  // This store's rows in the months dropped above.
  const [inMonths] = await queryRows<{ deleted: string | number; before: string | null }>(
    db,
    sql`select coalesce(sum(deleted), 0) as deleted, max(occurred_before)::text as before from activity_purges
         where store_id = ${store.id} and reason like 'partition %' and purged_at >= ${since}::timestamptz`,
  );
  let removed = Number(inMonths?.deleted ?? 0);
  let cutoff: Date | null = inMonths?.before ? new Date(inMonths.before) : null;
  for (;;) {
    const batch = await purgeExpiredActivity(db, store.id, { maxRows });
    cutoff = batch.cutoff ?? cutoff;
    removed += batch.deleted;
    if (batch.deleted > 0) progress(`[retention] ${store.slug}: ${removed} expired events removed so far`);
    if (batch.deleted < maxRows) break;
  }
  // Each purge call recorded its batch (activity.purged): the oldest and newest removed come from them.
  const [span] = await queryRows<{ oldest: string | null; newest: string | null }>(
    db,
    sql`select min(a.payload->>'oldest') as oldest, max(a.payload->>'newest') as newest from activity_log a
         where a.store_id = ${store.id} and a.event_type = 'activity.purged'
           and a.inserted_at >= ${started!.now}::timestamptz`,
  );
  const scrubbed = await scrubExpiredPersonalData(db, store.id, {
    batchSize: options.scrubBatch,
    onBatch: (count) => {
      if (count > 0)
        progress(`[retention] ${store.slug}: personal data scrubbed from ${count} events so far`);
    },
  });
  if (removed > 0 || scrubbed > 0) {
    await logEvent(
      db,
      { storeId: store.id, actor: { type: "system", label: "Retention" }, source: "system" },
      "activity.retention_applied",
      {
        removed,
        retentionDays:
          store.activity_retention_days === null ? null : Math.max(store.activity_retention_days, 30),
        cutoff: removed > 0 ? iso(cutoff) : null,
        oldest: removed > 0 ? iso(span?.oldest) : null,
        newest: removed > 0 ? iso(span?.newest) : null,
        scrubbed,
        personalDataDays: store.personal_data_days,
      },
      { entity: { type: "store", id: store.id } },
    );
    progress(`[retention] ${store.slug}: done — ${removed} removed, ${scrubbed} scrubbed`);
  }
  return { storeId: store.id, slug: store.slug, removed, scrubbed, cutoff: removed > 0 ? iso(cutoff) : null };
}
