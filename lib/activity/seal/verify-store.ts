import { sql } from "drizzle-orm";
import type { SealKind } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { type ChainEntry, genesisHash, linkHash } from "./chain";
import type { Checkpoint } from "./checkpoint";
import { isoMicros, queryRows } from "./query-rows";
import { sealHash } from "./seal-forms";
import { type SealedRow, sealedRowColumns } from "./sealed-row";

export type IntegrityProblemKind =
  | "hash mismatch"
  | "missing row"
  | "unsealed forged row"
  | "order"
  | "seal table edited"
  | "resolution changed"
  | "checkpoint mismatch";

/** What is wrong, and with which row: the first break the verifier met. */
export type IntegrityProblem = {
  kind: IntegrityProblemKind;
  detail: string;
  activityId: string | null;
  eventType: string | null;
  occurredAt: string | null;
  seq: number | null;
};

export type StoreVerification = {
  storeId: string;
  /** Chain entries checked in this run (rows, resolutions, scrubs). */
  verifiedEntries: number;
  /** Rows whose sealed form was checked in this run. */
  verifiedRows: number;
  /** The last entry found intact: its seq and the time of what it seals. */
  verifiedSeq: number;
  verifiedThrough: string | null;
  /** Rows written after the last seal pass: not damage, just not sealed yet. */
  notYetSealed: number;
  problem: IntegrityProblem | null;
};

const PAGE = 10_000;

type EntryRow = SealedRow & {
  seq: string;
  kind: SealKind;
  activity_id: string;
  entry_at: string;
  row_hash: string;
  chain_hash: string;
};

/**
 * Verifies one store's sealed history: walks its chain from `fromSeq` (1 for a full pass),
 * recomputing every link and every sealed form from the rows as they stand, then looks for
 * rows, resolutions and scrubs that should be sealed and are not, and compares the chain's end
 * with its head and with the last signed checkpoint (which catches a tail cut off with its
 * entries). Stops at the first break and names its row.
 */
export async function verifyStore(
  db: Db,
  storeId: string,
  options: { fromSeq?: number; checkpoint?: Checkpoint | null } = {},
): Promise<StoreVerification> {
  const fromSeq = Math.max(1, options.fromSeq ?? 1);
  const result: StoreVerification = {
    storeId,
    verifiedEntries: 0,
    verifiedRows: 0,
    verifiedSeq: fromSeq - 1,
    verifiedThrough: null,
    notYetSealed: 0,
    problem: null,
  };
  const fail = (problem: IntegrityProblem) => {
    result.problem = problem;
    return result;
  };

  let previous = genesisHash(storeId);
  if (fromSeq > 1) {
    const [before] = await queryRows<{ chain_hash: string; entry_at: string }>(
      db,
      sql`select chain_hash, ${sql.raw(isoMicros("entry_at"))} as entry_at from activity_seals
          where store_id = ${storeId} and seq = ${fromSeq - 1}`,
    );
    if (before) {
      previous = before.chain_hash;
      result.verifiedThrough = before.entry_at;
    } else return verifyStore(db, storeId, { ...options, fromSeq: 1 });
  }

  const checkpoint = options.checkpoint ?? null;
  let checkpointHash: string | null = null;
  let expected = fromSeq;
  for (;;) {
    const page = await queryRows<EntryRow>(
      db,
      sql`select ${sealedRowColumns("a")}, s.seq::text as seq, s.kind, s.activity_id,
                 ${sql.raw(isoMicros("s.entry_at"))} as entry_at, s.row_hash, s.chain_hash
          from activity_seals s left join activity_log a on a.store_id = s.store_id and a.id = s.activity_id
          where s.store_id = ${storeId} and s.seq >= ${expected}
          order by s.seq limit ${PAGE}`,
    );
    for (const [index, entry] of page.entries()) {
      // A check in the app's own process lets requests run between slices of hashing.
      if (index % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      const seq = Number(entry.seq);
      const named = entry.id
        ? { activityId: entry.id, eventType: entry.event_type, occurredAt: entry.occurred_at, seq }
        : { activityId: entry.activity_id, eventType: null, occurredAt: null, seq };
      if (seq !== expected) return fail(await describeGap(db, storeId, expected, seq));
      const link: ChainEntry = {
        seq,
        kind: entry.kind,
        activityId: entry.activity_id,
        entryAt: entry.entry_at,
        rowHash: entry.row_hash,
      };
      if (linkHash(previous, link) !== entry.chain_hash)
        return fail({
          kind: "seal table edited",
          detail: `seal entry ${seq} (${entry.kind}) does not link to the entry before it`,
          ...named,
        });
      const broken = entry.id ? checkEntry(entry) : await checkMissingEntry(db, entry);
      if (broken) return fail({ ...broken, ...named });
      previous = entry.chain_hash;
      if (checkpoint && seq === checkpoint.seq) checkpointHash = entry.chain_hash;
      result.verifiedEntries++;
      if (entry.kind === "row") result.verifiedRows++;
      result.verifiedSeq = seq;
      result.verifiedThrough = entry.entry_at;
      expected = seq + 1;
    }
    if (page.length < PAGE) break;
  }

  const [head] = await queryRows<{ seq: string; chain_hash: string }>(
    db,
    sql`select seq::text, chain_hash from activity_seal_heads where store_id = ${storeId}`,
  );
  const lastSeq = expected - 1;
  if (head && Number(head.seq) > lastSeq)
    return fail({
      kind: "missing row",
      detail: `the chain ends at entry ${lastSeq} but its head is at ${head.seq}: the newest sealed entries were removed`,
      activityId: null,
      eventType: null,
      occurredAt: null,
      seq: lastSeq + 1,
    });
  if (head && Number(head.seq) === lastSeq && lastSeq >= fromSeq && head.chain_hash !== previous)
    return fail({
      kind: "seal table edited",
      detail: "the chain's head does not match its last entry",
      activityId: null,
      eventType: null,
      occurredAt: null,
      seq: lastSeq,
    });

  if (checkpoint) {
    const named = {
      activityId: checkpoint.activityId,
      eventType: checkpoint.eventType,
      occurredAt: checkpoint.occurredAt,
      seq: checkpoint.seq,
    };
    if (checkpoint.seq > lastSeq)
      return fail({
        kind: "checkpoint mismatch",
        detail: `the checkpoint signed ${checkpoint.signedAt} covers entry ${checkpoint.seq}, but the chain ends at ${lastSeq}: its tail was cut off`,
        ...named,
      });
    if (checkpoint.seq >= fromSeq && checkpointHash !== checkpoint.chainHash)
      return fail({
        kind: "checkpoint mismatch",
        detail: `entry ${checkpoint.seq} does not match the checkpoint signed ${checkpoint.signedAt}`,
        ...named,
      });
  }

  const unsealed = await findUnsealed(db, storeId);
  result.notYetSealed = unsealed.pending;
  if (unsealed.forged) return fail(unsealed.forged);
  return result;
}

/**
 * Entries missing from the middle of the chain: names the row they sealed when it is still
 * there (now unsealed), else says which entries are gone with their rows.
 */
async function describeGap(db: Db, storeId: string, from: number, next: number): Promise<IntegrityProblem> {
  const range = from === next - 1 ? `seal entry ${from} is` : `seal entries ${from}–${next - 1} are`;
  const { forged } = await findUnsealed(db, storeId);
  if (forged)
    return {
      ...forged,
      kind: "seal table edited",
      detail: `${range} missing from the chain: this row is no longer sealed`,
    };
  return {
    kind: "missing row",
    detail: `${range} missing from the chain, with the rows they sealed`,
    activityId: null,
    eventType: null,
    occurredAt: null,
    seq: from,
  };
}

/**
 * An entry whose row is not in its store: gone, or moved to another store (rows are joined by
 * store and id, the key each partition's index serves; this one look by id alone runs only here,
 * on the way to reporting the problem).
 */
async function checkMissingEntry(
  db: Db,
  entry: EntryRow,
): Promise<Pick<IntegrityProblem, "kind" | "detail">> {
  const elsewhere = await queryRows<{ store_id: string }>(
    db,
    sql`select store_id from activity_log where id = ${entry.activity_id}::uuid limit 1`,
  );
  if (elsewhere.length)
    return {
      kind: "hash mismatch",
      detail: "the row differs from its sealed form: it was moved to another store",
    };
  return checkEntry(entry)!;
}

/** Whether an entry's sealed form still matches its row; what is wrong if not. */
function checkEntry(entry: EntryRow): Pick<IntegrityProblem, "kind" | "detail"> | null {
  if (!entry.id)
    return {
      kind: "missing row",
      detail: `the ${entry.kind === "row" ? "row" : `row of ${entry.kind} entry ${entry.seq}`} sealed at ${entry.entry_at} is gone`,
    };
  if (entry.kind === "row") {
    return sealHash("row", entry) === entry.row_hash
      ? null
      : { kind: "hash mismatch", detail: "the row differs from its sealed form" };
  }
  if (entry.kind === "resolution") {
    if (entry.resolved_at === null)
      return { kind: "resolution changed", detail: "the sealed resolution was removed" };
    return sealHash("resolution", entry) === entry.row_hash
      ? null
      : { kind: "resolution changed", detail: "the resolution differs from its sealed form" };
  }
  // An earlier scrub of a row scrubbed again is covered by the chain alone: its values are gone.
  if (entry.redacted_at !== entry.entry_at) return null;
  return sealHash("redaction", entry) === entry.row_hash
    ? null
    : { kind: "hash mismatch", detail: "the scrubbed row differs from its sealed form" };
}

/**
 * Rows, resolutions and scrubs with no entry. Those from before the seal job's last pass should
 * have one: a row there is forged (or its entry removed); the rest are simply not sealed yet.
 */
async function findUnsealed(
  db: Db,
  storeId: string,
): Promise<{ pending: number; forged: IntegrityProblem | null }> {
  const rows = await queryRows<{
    id: string;
    event_type: string;
    occurred_at: string;
    what: "row" | "resolution" | "redaction";
    late: boolean;
  }>(
    db,
    sql`with progress as (select coalesce((select sealed_through from activity_seal_progress where id = 1), '-infinity') as through)
        select a.id, a.event_type, ${sql.raw(isoMicros("a.occurred_at"))} as occurred_at, u.what,
               u.at < (select through from progress) as late
        from activity_log a
        cross join lateral (values
          ('row', a.inserted_at, not exists (select 1 from activity_seals s where s.activity_id = a.id and s.kind = 'row')),
          ('resolution', a.resolved_at, a.resolved_at is not null and not exists (
             select 1 from activity_seals s where s.activity_id = a.id and s.kind = 'resolution' and s.entry_at = a.resolved_at)),
          ('redaction', a.redacted_at, a.redacted_at is not null and not exists (
             select 1 from activity_seals s where s.activity_id = a.id and s.kind = 'redaction' and s.entry_at = a.redacted_at))
        ) as u(what, at, missing)
        where a.store_id = ${storeId} and u.missing
        order by late desc, u.at, a.id`,
  );
  const forged = rows.find((r) => r.late);
  const pending = rows.filter((r) => !r.late && r.what === "row").length;
  if (!forged) return { pending, forged: null };
  const detail =
    forged.what === "row"
      ? "the row is not in the sealed chain, though written before the last seal pass"
      : forged.what === "resolution"
        ? "the row's resolution is not the one sealed"
        : "the row was scrubbed outside the sealed history";
  return {
    pending,
    forged: {
      kind:
        forged.what === "row"
          ? "unsealed forged row"
          : forged.what === "resolution"
            ? "resolution changed"
            : "hash mismatch",
      detail,
      activityId: forged.id,
      eventType: forged.event_type,
      occurredAt: forged.occurred_at,
      seq: null,
    },
  };
}
