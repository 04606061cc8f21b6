import { sql } from "drizzle-orm";
import type { SealKind } from "@/db/schema";
import { queryRows } from "@/lib/platform/db/query-rows";
import { safeBound } from "@/lib/platform/db/safe-bound";
import type { Db } from "@/lib/platform/db/types";
import { genesisHash, linkHash } from "./chain";
import { encodeManifest, fromMicros, type ManifestRecord, toMicros } from "./manifest";
import { sealBinaryOfText } from "./seal-forms";
import { readSealedPage, type SealedText } from "./sealed-row";

/** Rows sealed in one pass at most; the next pass goes on where this one stopped. */
export const SEAL_BATCH = 5000;

/** Rows read per query. */
const READ_PAGE = 5000;

/**
 * A margin under the open-transaction bound: where the database hides other sessions'
 * `xact_start` (another role), a transaction still open a moment ago is not sealed past.
 */
const SEAL_LAG_SECONDS = 2;

export type SealResult = { sealed: number; stores: number; through: string };

/**
 * One seal pass: extends each store's chain by one entry listing the rows inserted, resolved and
 * scrubbed since the last pass. It runs apart from the writers (a job every few seconds), so
 * `logEvent` never waits for it, and it writes one row per store a pass, not one per row.
 *
 * A row is visible only once its transaction commits, but its `inserted_at` is the time that
 * transaction began (and so are `resolved_at` and `redacted_at`). So a pass seals only up to the
 * start of the oldest transaction still open in this database (`pg_stat_activity`), less a small
 * margin: nothing still to commit can land before that point. The progress row says exactly
 * where the last pass stopped — a time, and the last row's id when a full batch stopped inside a
 * millisecond's rows — so each pass reads from there, in (inserted_at, id) order, and nothing is
 * sealed twice or skipped. A pass reads and hashes with no transaction open, then writes its
 * entries under the progress row's lock, and only if no other pass (another process) moved the
 * progress meanwhile; if one did, it writes nothing and the next pass goes on from there.
 */
export async function sealActivity(
  db: Db,
  options: { batch?: number; lagSeconds?: number } = {},
): Promise<SealResult> {
  const batch = options.batch ?? SEAL_BATCH;
  const lag = options.lagSeconds ?? SEAL_LAG_SECONDS;
  // Read, then hash, then write: no transaction is held open while the rows are hashed (on the
  // embedded engine a transaction has the database to itself, and writers would wait for it).
  const [bound] = await queryRows<{ safe: string }>(db, sql`select ${safeBound(lag)} as safe`);
  const readProgress = (tx: Db, lock: boolean) =>
    queryRows<{ through: string; sealed_id: string | null }>(
      tx,
      sql`select sealed_through::text as through, sealed_id::text from activity_seal_progress where id = 1
          ${lock ? sql`for update` : sql``}`,
    ).then((rows) => rows[0] ?? { through: "-infinity", sealed_id: null });
  const progress = await readProgress(db, false);
  const from = progress.through;
  const fromId = progress.sealed_id;
  let until = bound!.safe;
  let untilId: string | null = null;

  // In pages, so that no one read holds the database (the embedded engine runs one query at a time) for long.
  const rows: SealedText[] = [];
  for (let after: SealedText | null = null; rows.length < batch; ) {
    const keyset: { at: string; id: string } | null = after
      ? { at: after.time("inserted_at")!, id: after.id }
      : fromId
        ? { at: from, id: fromId }
        : null;
    const page = await readSealedPage(db, {
      where: sql`a.inserted_at >= ${keyset?.at ?? from}::timestamptz and a.inserted_at < ${until}::timestamptz
        ${keyset ? sql`and (a.inserted_at, a.id) > (${keyset.at}::timestamptz, ${keyset.id}::uuid)` : sql``}`,
      orderBy: sql`a.inserted_at, a.id`,
      limit: Math.min(READ_PAGE, batch - rows.length),
      ordered: true,
    });
    for (const row of page.texts()) rows.push(row);
    if (page.length < Math.min(READ_PAGE, batch - rows.length + page.length)) break;
    after = rows.at(-1)!;
    await new Promise((resolve) => setImmediate(resolve));
  }
  // A full batch: stop at its last row (the next pass goes on after it), so resolutions and
  // scrubs are sealed no further than the rows.
  if (rows.length === batch) {
    until = rows.at(-1)!.time("inserted_at")!;
    untilId = rows.at(-1)!.id;
  }
  const later = async (column: "resolved_at" | "redacted_at") => [
    ...(
      await readSealedPage(db, {
        where: sql`a.${sql.raw(column)} >= ${from}::timestamptz and a.${sql.raw(column)} < ${until}::timestamptz`,
        orderBy: sql`a.${sql.raw(column)}, a.id`,
        ordered: true,
      })
    ).texts(),
  ];
  const resolutions = await later("resolved_at");
  const redactions = await later("redacted_at");

  const byStore = new Map<string, { kind: SealKind; row: SealedText }[]>();
  const add = (kind: SealKind, row: SealedText) => {
    const items = byStore.get(row.storeId);
    if (items) items.push({ kind, row });
    else byStore.set(row.storeId, [{ kind, row }]);
  };
  for (const row of rows) add("row", row);
  for (const row of resolutions) add("resolution", row);
  for (const row of redactions) add("redaction", row);
  const entries: SealedEntry[] = [];
  for (const [storeId, items] of byStore) entries.push(await sealEntry(storeId, items));

  return db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into activity_seal_progress (id, sealed_through) values (1, '-infinity') on conflict do nothing`,
    );
    const now = await readProgress(tx, true);
    // Another pass went first: what was read here is (partly) sealed already; the next pass goes on.
    if (now.through !== from || now.sealed_id !== fromId)
      return { sealed: 0, stores: 0, through: now.through };
    let sealed = 0;
    for (const entry of entries) sealed += await appendEntry(tx, entry);
    await tx.execute(
      sql`update activity_seal_progress set sealed_through = ${until}::timestamptz, sealed_id = ${untilId}::uuid
          where id = 1`,
    );
    return { sealed, stores: entries.length, through: until };
  });
}

const YIELD_EVERY = 500;

type SealedEntry = { storeId: string; records: number; manifest: Buffer; lastAt: number };

/** Hashes one store's items of a pass into its entry's manifest. */
async function sealEntry(
  storeId: string,
  items: { kind: SealKind; row: SealedText }[],
): Promise<SealedEntry> {
  const records: ManifestRecord[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [index, { kind, row }] of items.entries()) {
    // Hashing is CPU work: let the writers sharing this process run between slices.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const insertedAt = toMicros(row.time("inserted_at")!);
    records.push({
      kind,
      activityId: row.id,
      occurredAt: toMicros(row.time("occurred_at")!),
      insertedAt,
      hash: sealBinaryOfText(kind, row),
    });
    const at =
      kind === "row"
        ? insertedAt
        : toMicros(row.time(kind === "resolution" ? "resolved_at" : "redacted_at")!);
    lastAt = Math.max(lastAt, at);
  }
  return { storeId, records: records.length, manifest: encodeManifest(records), lastAt };
}

/** Appends a store's entry to its chain and moves its head; returns the records sealed. */
async function appendEntry(tx: Db, { storeId, records, manifest, lastAt }: SealedEntry) {
  await tx.execute(
    sql`insert into activity_seal_heads (store_id, seq, chain_hash) values (${storeId}, 0, ${genesisHash(storeId)})
        on conflict do nothing`,
  );
  const [head] = await queryRows<{ seq: string; chain_hash: string }>(
    tx,
    sql`select seq::text, chain_hash from activity_seal_heads where store_id = ${storeId} for update`,
  );
  const seq = Number(head!.seq) + 1;
  const chainHash = linkHash(head!.chain_hash, seq, manifest);
  await tx.execute(
    sql`insert into activity_seals (store_id, seq, records, manifest, last_at, chain_hash)
        values (${storeId}, ${seq}, ${records}, decode(${manifest.toString("hex")}, 'hex'),
                ${fromMicros(lastAt)}::timestamptz, ${chainHash})`,
  );
  await tx.execute(
    sql`update activity_seal_heads set seq = ${seq}, chain_hash = ${chainHash}, sealed_at = now()
        where store_id = ${storeId}`,
  );
  return records;
}
