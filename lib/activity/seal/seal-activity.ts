import { sql } from "drizzle-orm";
import type { SealKind } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { type ChainEntry, genesisHash, linkHash } from "./chain";
import { isoMicros, queryRows } from "./query-rows";
import { entryTime, sealHash } from "./seal-forms";
import { type SealedRow, sealedRowColumns } from "./sealed-row";

/** Rows sealed in one pass at most; the next pass goes on where this one stopped. */
export const SEAL_BATCH = 5000;

/**
 * A margin under the open-transaction bound: where the database hides other sessions'
 * `xact_start` (another role), a transaction still open a moment ago is not sealed past.
 */
const SEAL_LAG_SECONDS = 2;

/** Now less the margin, or the start of the oldest transaction still open in this database if earlier. */
const safeBound = (lagSeconds: number) =>
  sql.raw(
    isoMicros(`least(now() - interval '${Number(lagSeconds)} seconds', (select min(xact_start) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null))`),
  );

export type SealResult = { sealed: number; stores: number; through: string };

/**
 * One seal pass: extends each store's chain over the rows inserted, resolved and scrubbed since
 * the last pass. It runs apart from the writers (a job every few seconds), so `logEvent` never
 * waits for it.
 *
 * A row is visible only once its transaction commits, but its `inserted_at` is the time that
 * transaction began. So a pass seals only up to the start of the oldest transaction still open
 * in this database (`pg_stat_activity`), less a small margin: nothing still to commit can land
 * before that point, and the next pass starts exactly there. Entries already in the chain are
 * skipped, so a row at the boundary is never sealed twice. Passes take the progress row's lock
 * and so run one at a time, across processes.
 */
export async function sealActivity(
  db: Db,
  options: { batch?: number; lagSeconds?: number } = {},
): Promise<SealResult> {
  const batch = options.batch ?? SEAL_BATCH;
  const lag = options.lagSeconds ?? SEAL_LAG_SECONDS;
  return db.transaction(async (tx) => {
    // First statement: the activity snapshot is taken here, before any row is read.
    const [bound] = await queryRows<{ safe: string }>(tx, sql`select ${safeBound(lag)} as safe`);
    await tx.execute(
      sql`insert into activity_seal_progress (id, sealed_through) values (1, '-infinity') on conflict do nothing`,
    );
    const [progress] = await queryRows<{ through: string }>(
      tx,
      sql`select sealed_through::text as through from activity_seal_progress where id = 1 for update`,
    );
    const from = progress!.through;
    let until = bound!.safe;

    const rows = await queryRows<SealedRow>(
      tx,
      sql`select ${sealedRowColumns()} from activity_log a
          where a.inserted_at >= ${from}::timestamptz and a.inserted_at < ${until}::timestamptz
            and not exists (select 1 from activity_seals s where s.activity_id = a.id and s.kind = 'row')
          order by a.inserted_at, a.id
          limit ${batch}`,
    );
    // A full batch: stop at its last row's time (rows sharing it are found again, and skipped
    // once sealed), so resolutions and scrubs are sealed no further than the rows.
    if (rows.length === batch) until = rows.at(-1)!.inserted_at;

    const later = (column: "resolved_at" | "redacted_at", kind: SealKind) =>
      queryRows<SealedRow>(
        tx,
        sql`select ${sealedRowColumns()} from activity_log a
            where a.${sql.raw(column)} >= ${from}::timestamptz and a.${sql.raw(column)} < ${until}::timestamptz
              and not exists (select 1 from activity_seals s where s.activity_id = a.id and s.kind = ${kind}
                              and s.entry_at = a.${sql.raw(column)})
            order by a.${sql.raw(column)}, a.id`,
      );
    const resolutions = await later("resolved_at", "resolution");
    const redactions = await later("redacted_at", "redaction");

    const pending = [
      ...rows.map((row) => ({ kind: "row" as const, row })),
      ...resolutions.map((row) => ({ kind: "resolution" as const, row })),
      ...redactions.map((row) => ({ kind: "redaction" as const, row })),
    ];
    const byStore = new Map<string, typeof pending>();
    for (const item of pending) {
      const items = byStore.get(item.row.store_id);
      if (items) items.push(item);
      else byStore.set(item.row.store_id, [item]);
    }
    const sealed: SealRecord[] = [];
    for (const [storeId, items] of byStore)
      for (const record of await extendChain(tx, storeId, items)) sealed.push(record);
    if (sealed.length) {
      await tx.execute(
        sql`insert into activity_seals (store_id, seq, activity_id, kind, entry_at, row_hash, chain_hash)
            select store_id, seq, activity_id, kind, entry_at, row_hash, chain_hash
            from jsonb_to_recordset(${JSON.stringify(sealed)}::text::jsonb)
              as r(store_id uuid, seq bigint, activity_id uuid, kind text, entry_at timestamptz, row_hash text, chain_hash text)`,
      );
    }
    await tx.execute(
      sql`update activity_seal_progress set sealed_through = ${until}::timestamptz where id = 1`,
    );
    return { sealed: sealed.length, stores: byStore.size, through: until };
  });
}

const YIELD_EVERY = 200;

type SealRecord = {
  store_id: string;
  seq: number;
  activity_id: string;
  kind: SealKind;
  entry_at: string;
  row_hash: string;
  chain_hash: string;
};

/** Appends `items` to a store's chain and moves its head; returns the entries to insert. */
async function extendChain(
  tx: Db,
  storeId: string,
  items: { kind: SealKind; row: SealedRow }[],
): Promise<SealRecord[]> {
  await tx.execute(
    sql`insert into activity_seal_heads (store_id, seq, chain_hash) values (${storeId}, 0, ${genesisHash(storeId)})
        on conflict do nothing`,
  );
  const [head] = await queryRows<{ seq: string; chain_hash: string }>(
    tx,
    sql`select seq::text, chain_hash from activity_seal_heads where store_id = ${storeId} for update`,
  );
  let seq = Number(head!.seq);
  let chainHash = head!.chain_hash;
  const records: SealRecord[] = [];
  for (const [index, { kind, row }] of items.entries()) {
    // Hashing is CPU work: let the writers sharing this process run between slices.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const entry: ChainEntry = {
      seq: ++seq,
      kind,
      activityId: row.id,
      entryAt: entryTime(kind, row)!,
      rowHash: sealHash(kind, row),
    };
    chainHash = linkHash(chainHash, entry);
    records.push({
      store_id: storeId,
      seq,
      activity_id: row.id,
      kind,
      entry_at: entry.entryAt,
      row_hash: entry.rowHash,
      chain_hash: chainHash,
    });
  }
  await tx.execute(
    sql`update activity_seal_heads set seq = ${seq}, chain_hash = ${chainHash}, sealed_at = now()
        where store_id = ${storeId}`,
  );
  return records;
}
