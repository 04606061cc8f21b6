import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/platform/db/query-rows";
import { readAhead } from "@/lib/platform/db/read-ahead";
import type { Db } from "@/lib/platform/db/types";
import { genesisHash, linkHash } from "./chain";
import { CHECKPOINT_VERSION, type Checkpoint } from "./checkpoint";
import { fromMicros, toMicros } from "./manifest";
import { sealBinary, sealBinaryOfText } from "./seal-forms";
import { SealedRecords } from "./sealed-records";
import { readSealedPage, type SealedPage, type SealedRow, type SealedText } from "./sealed-row";

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
  /** Sealed records checked in this run (rows, resolutions, scrubs). */
  verifiedEntries: number;
  /** Rows whose sealed form was checked in this run. */
  verifiedRows: number;
  /** Rows sealed and since removed by a recorded purge (accepted, not checked). */
  purgedRows: number;
  /** The last entry found intact: its seq and the time of what it seals. */
  verifiedSeq: number;
  verifiedThrough: string | null;
  /** Rows written after the last seal pass: not damage, just not sealed yet. */
  notYetSealed: number;
  problem: IntegrityProblem | null;
};

/** Rows read per query; the next page is fetched while this one is hashed. */
const ROW_PAGE = 20000;
/** Pages of rows read ahead of the hashing (about 8 MB each). */
const READ_AHEAD = 6;
const ENTRY_PAGE = 50;

/** A problem found at a place in the chain (records) or outside it (unsealed rows: at Infinity). */
type Found = { problem: IntegrityProblem; seq: number; position: number };

/**
 * Verifies one store's sealed history: walks its chain from `fromSeq` (1 for a full pass),
 * recomputing every link, then reads the store's rows once (a full pass: every row, in pages;
 * from `fromSeq`: the rows inserted, resolved or scrubbed since the entry before it) and checks
 * each against the record that seals it; a sealed row that is gone must be covered by a recorded
 * purge (`activity_purges`). Rows, resolutions and scrubs from before the last seal pass with no
 * record are forged. The chain's end is compared with its head and with the last signed
 * checkpoint (which catches a tail cut off with its entries). Names the first break, in chain
 * order.
 */
export async function verifyStore(
  db: Db,
  storeId: string,
  options: {
    fromSeq?: number;
    checkpoint?: Checkpoint | null;
    /** Rows read per query (default 20,000). */
    rowPage?: number;
  } = {},
): Promise<StoreVerification> {
  const fromSeq = Math.max(1, options.fromSeq ?? 1);
  const rowPageSize = Math.max(1, options.rowPage ?? ROW_PAGE);
  let previous = genesisHash(storeId);
  /**
   * An incremental run's start: the newest time the entry before `fromSeq` sealed. Later entries
   * seal nothing earlier (rows sharing that instant may be in either), so rows, resolutions and
   * scrubs up to it with no record here were sealed before and are out of this run's scope.
   */
  let since: number | null = null;
  let sinceIso: string | null = null;
  if (fromSeq > 1) {
    const [before] = await queryRows<{ chain_hash: string; last_at: string }>(
      db,
      sql`select chain_hash, (extract(epoch from last_at) * 1000000)::bigint::text as last_at from activity_seals
          where store_id = ${storeId} and seq = ${fromSeq - 1}`,
    );
    if (!before) return verifyStore(db, storeId, { ...options, fromSeq: 1 });
    previous = before.chain_hash;
    since = Number(before.last_at);
    sinceIso = fromMicros(since);
  }

  // Where the seal stood when this run began, in one snapshot: the store's head and the global
  // progress. The chain is walked to its last entry then, so an entry a seal pass appends meanwhile
  // (with rows this run may not have read) is the next run's; rows written meanwhile are not
  // yet sealed.
  const [start] = await queryRows<{
    head_seq: string | null;
    head_hash: string | null;
    last_seq: string | null;
    through: string | null;
    sealed_id: string | null;
  }>(
    db,
    sql`select h.seq::text as head_seq, h.chain_hash as head_hash,
               (select max(seq) from activity_seals where store_id = ${storeId})::text as last_seq,
               case when p.sealed_through is null or p.sealed_through = '-infinity' then null
                    else (extract(epoch from p.sealed_through) * 1000000)::bigint::text end as through,
               p.sealed_id::text as sealed_id
        from (select 1) one
        left join activity_seal_heads h on h.store_id = ${storeId}
        left join activity_seal_progress p on p.id = 1`,
  );
  const head = start?.head_seq == null ? null : { seq: Number(start.head_seq), chainHash: start.head_hash };
  const walkTo = start?.last_seq == null ? 0 : Number(start.last_seq);
  const sealedThrough = start?.through ? Number(start.through) : Number.NEGATIVE_INFINITY;
  const sealedId = start?.sealed_id ?? null;

  // A full pass reads the store's rows in pages in the feed index's order, starting while the
  // chain is read. Every page is read after that snapshot, so each row sealed by then is
  // among the rows (or is gone), and its entry among the entries walked.
  const rowPage = (after: SealedRow | null) =>
    readSealedPage(db, {
      where: sql`a.store_id = ${storeId}
        ${after ? sql`and (a.occurred_at, a.id) < (${after.occurred_at}::timestamptz, ${after.id}::uuid)` : sql``}`,
      orderBy: sql`a.occurred_at desc, a.id desc`,
      limit: rowPageSize,
      ordered: true,
    });
  // Pages are read ahead while the chain is walked and while earlier pages are hashed. (Should
  // the walk throw, the reads stop at the depth, and go with the rest.)
  const pages =
    fromSeq === 1
      ? readAhead(
          (previous: SealedPage | null) => rowPage(previous ? previous.last() : null),
          (page) => page.length === rowPageSize,
          READ_AHEAD,
        )
      : null;

  // The chain: every entry from fromSeq, links checked; records indexed by row.
  const records = new SealedRecords();
  const lastAt = new Map<number, string>();
  let brokenAt: { seq: number; gap: boolean; detail: string } | null = null;
  let expected = fromSeq;
  let checkpointHash: string | null = null;
  const checkpoint = options.checkpoint ?? null;
  type EntryRow = { seq: string; manifest: Uint8Array; chain_hash: string; last_at: string };
  const entryPage = (after: number): Promise<EntryRow[]> =>
    queryRows<EntryRow>(
      db,
      sql`select seq::text, manifest, chain_hash, (extract(epoch from last_at) * 1000000)::bigint::text as last_at
          from activity_seals where store_id = ${storeId} and seq > ${after} and seq <= ${walkTo}
          order by activity_seals.seq limit ${ENTRY_PAGE}`,
    );
  for (let next: Promise<EntryRow[]> | null = entryPage(fromSeq - 1); next; ) {
    const page: EntryRow[] = await next;
    // The next page of entries is read while this one is decoded.
    next = page.length === ENTRY_PAGE ? entryPage(Number(page.at(-1)!.seq)) : null;
    next?.catch(() => {}); // awaited at the top of the loop; until then not unhandled
    for (const entry of page) {
      const seq = Number(entry.seq);
      lastAt.set(seq, fromMicros(Number(entry.last_at)));
      try {
        records.add(seq, asBytes(entry.manifest));
      } catch {
        brokenAt ??= { seq, gap: false, detail: `seal entry ${seq} is not a manifest` };
      }
      if (!brokenAt && seq !== expected)
        brokenAt = {
          seq: expected,
          gap: true,
          detail: `${expected === seq - 1 ? `seal entry ${expected} is` : `seal entries ${expected}–${seq - 1} are`} missing from the chain`,
        };
      if (!brokenAt) {
        if (linkHash(previous, seq, asBytes(entry.manifest)) !== entry.chain_hash)
          brokenAt = { seq, gap: false, detail: `seal entry ${seq} does not link to the entry before it` };
        else {
          previous = entry.chain_hash;
          if (checkpoint && seq === checkpoint.seq) checkpointHash = entry.chain_hash;
        }
      }
      expected = seq + 1;
    }
  }
  const lastSeq = expected - 1;
  // Each row's sealed record, found by its id: a million lookups in a pass, so in flat arrays.
  records.seal();

  const isLate = (at: number, id?: string) =>
    at < sealedThrough || (id !== undefined && at === sealedThrough && sealedId !== null && id <= sealedId);

  // The rows: each checked against its records.
  let first: Found | null = null;
  const found = (problem: Omit<IntegrityProblem, "seq">, at: number) => {
    const seq = records.seq(at);
    const candidate: Found = { problem: { ...problem, seq }, seq, position: records.position(at) };
    if (
      !first ||
      candidate.seq < first.seq ||
      (candidate.seq === first.seq && candidate.position < first.position)
    )
      first = candidate;
  };
  let forged: { problem: Omit<IntegrityProblem, "seq">; at: number; id: string } | null = null;
  const forge = (row: SealedRow, at: number, kind: IntegrityProblemKind, detail: string) => {
    if (!forged || at < forged.at || (at === forged.at && row.id < forged.id))
      forged = { problem: { kind, detail, ...named(row) }, at, id: row.id };
  };
  let notYetSealed = 0;
  const rowsBroken = new Set<string>();

  const check = (text: SealedText) => {
    const id = text.id;
    const record = records.rowRecord(id);
    if (record >= 0) {
      records.see(record);
      if (!records.hashIs(record, sealBinaryOfText("row", text))) {
        rowsBroken.add(id);
        found(
          { kind: "hash mismatch", detail: "the row differs from its sealed form", ...named(text.row()) },
          record,
        );
      }
    } else {
      const insertedAt = toMicros(text.time("inserted_at")!);
      if (since === null || insertedAt > since) {
        if (isLate(insertedAt, id))
          forge(
            text.row(),
            insertedAt,
            "unsealed forged row",
            "the row is not in the sealed chain, though written before the last seal pass",
          );
        else notYetSealed++;
      }
    }
    const later = records.laterRecords(id);
    if (!later && text.time("resolved_at") === null && text.time("redacted_at") === null) return;
    const row = text.row();
    const resolutions = later?.filter((r) => records.kind(r) === "resolution") ?? [];
    for (const record of resolutions) {
      records.see(record);
      if (row.resolved_at === null)
        found(
          { kind: "resolution changed", detail: "the sealed resolution was removed", ...named(row) },
          record,
        );
      else if (!records.hashIs(record, sealBinary("resolution", row)))
        found(
          {
            kind: "resolution changed",
            detail: "the resolution differs from its sealed form",
            ...named(row),
          },
          record,
        );
    }
    if (row.resolved_at !== null && resolutions.length === 0) {
      const resolvedAt = toMicros(row.resolved_at);
      if ((since === null || resolvedAt > since) && isLate(resolvedAt))
        forge(row, resolvedAt, "resolution changed", "the row's resolution is not the one sealed");
    }
    const scrubs = later?.filter((r) => records.kind(r) === "redaction") ?? [];
    for (const record of scrubs) records.see(record);
    if (row.redacted_at !== null) {
      const redactedAt = toMicros(row.redacted_at);
      // An earlier scrub of a row scrubbed again is covered by the chain alone: its values are gone.
      const newest = scrubs.at(-1);
      if (newest !== undefined && !records.hashIs(newest, sealBinary("redaction", row))) {
        if (isLate(redactedAt))
          found(
            { kind: "hash mismatch", detail: "the scrubbed row differs from its sealed form", ...named(row) },
            newest,
          );
      } else if (newest === undefined && (since === null || redactedAt > since) && isLate(redactedAt))
        forge(row, redactedAt, "hash mismatch", "the row was scrubbed outside the sealed history");
    }
  };

  if (sinceIso !== null) {
    const bound = sql`${sinceIso}::timestamptz`;
    const page = await readSealedPage(db, {
      where: sql`a.store_id = ${storeId}
        and (a.inserted_at >= ${bound} or a.resolved_at >= ${bound} or a.redacted_at >= ${bound})`,
    });
    for (const text of page.texts()) check(text);
  } else {
    for await (const rows of pages!) {
      let index = 0;
      for (const text of rows.texts()) {
        // A check in the app's own process lets requests run between slices of hashing.
        if (++index % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
        check(text);
      }
    }
  }

  // A sealed row not among the store's rows may have moved to another store: check it where it is.
  const elsewhere: string[] = [];
  for (let record = 0; record < records.length; record++)
    if (records.isRow(record) && !records.seen(record)) elsewhere.push(records.activityId(record));
  for (let at = 0; at < elsewhere.length; at += rowPageSize) {
    const page = await readSealedPage(db, {
      where: sql`a.id in (${sql.join(
        elsewhere.slice(at, at + rowPageSize).map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) and a.store_id <> ${storeId}`,
    });
    for (const text of page.texts()) check(text);
  }

  // Sealed rows that are gone: accepted only where a recorded purge covers them.
  const purges = await queryRows<{ occurred_before: string; inserted_before: string }>(
    db,
    sql`select (extract(epoch from occurred_before) * 1000000)::bigint::text as occurred_before,
               (extract(epoch from inserted_before) * 1000000)::bigint::text as inserted_before
        from activity_purges where store_id = ${storeId}`,
  );
  const covered = (r: number) =>
    purges.some(
      (p) =>
        records.occurredAt(r) < Number(p.occurred_before) &&
        records.insertedAt(r) < Number(p.inserted_before),
    );
  let purgedRows = 0;
  for (let record = 0; record < records.length; record++) {
    if (records.seen(record)) continue;
    const isRow = records.isRow(record);
    if (!isRow) {
      const id = records.activityId(record);
      const rowRecord = records.rowRecord(id);
      if ((rowRecord >= 0 && records.seen(rowRecord)) || rowsBroken.has(id)) continue;
    }
    if (covered(record)) {
      if (isRow) purgedRows++;
      continue;
    }
    const kind = records.kind(record);
    found(
      {
        kind: "missing row",
        detail: `the ${isRow ? "row" : `row of the ${kind} in seal entry ${records.seq(record)}`} sealed at ${fromMicros(records.insertedAt(record))} is gone`,
        activityId: records.activityId(record),
        eventType: null,
        occurredAt: fromMicros(records.occurredAt(record)),
      },
      record,
    );
  }

  const result: StoreVerification = {
    storeId,
    verifiedEntries: 0,
    verifiedRows: 0,
    purgedRows,
    verifiedSeq: fromSeq - 1,
    verifiedThrough: sinceIso,
    notYetSealed,
    problem: null,
  };
  // The first problem in chain order: a record's, or the break in the chain itself.
  const stop = firstOf(first, brokenAt, records, forged, lastAt);
  for (let record = 0; record < records.length; record++) {
    if (stop) {
      const seq = records.seq(record);
      if (seq > stop.seq || (seq === stop.seq && records.position(record) >= stop.position)) break;
    }
    result.verifiedEntries++;
    if (records.isRow(record)) result.verifiedRows++;
  }
  const intactThrough = stop ? Math.min(stop.seq - 1, lastSeq) : lastSeq;
  if (intactThrough >= fromSeq) {
    result.verifiedSeq = intactThrough;
    result.verifiedThrough = lastAt.get(intactThrough) ?? result.verifiedThrough;
  }
  if (stop) {
    result.problem = stop.problem;
    return result;
  }

  const fail = (problem: IntegrityProblem) => {
    result.problem = problem;
    return result;
  };
  const nobody = { activityId: null, eventType: null, occurredAt: null };
  if (head && head.seq > lastSeq)
    return fail({
      kind: "missing row",
      detail: `the chain ends at entry ${lastSeq} but its head is at ${head.seq}: the newest sealed entries were removed`,
      ...nobody,
      seq: lastSeq + 1,
    });
  if (!head && lastSeq > 0)
    return fail({
      kind: "seal table edited",
      detail: `the chain has ${lastSeq} entries but no head`,
      ...nobody,
      seq: lastSeq,
    });
  if (head && head.seq < lastSeq)
    return fail({
      kind: "seal table edited",
      detail: `the chain's head is at entry ${head.seq}, behind its last entry ${lastSeq}`,
      ...nobody,
      seq: head.seq + 1,
    });
  if (head && head.seq === lastSeq && lastSeq >= fromSeq && head.chainHash !== previous)
    return fail({
      kind: "seal table edited",
      detail: "the chain's head does not match its last entry",
      ...nobody,
      seq: lastSeq,
    });

  if (checkpoint && checkpoint.v === CHECKPOINT_VERSION) {
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
  if (forged) {
    const { problem } = forged as { problem: Omit<IntegrityProblem, "seq"> };
    return fail({ ...problem, seq: null });
  }
  return result;
}

/**
 * The problem to report: the first record's problem before the chain breaks, else the break —
 * named by the first record of the broken entry whose row does not match it (or, for a gap, by
 * the first row no longer sealed).
 */
function firstOf(
  first: Found | null,
  brokenAt: { seq: number; gap: boolean; detail: string } | null,
  records: SealedRecords,
  forged: { problem: Omit<IntegrityProblem, "seq">; at: number } | null,
  lastAt: Map<number, string>,
): Found | null {
  if (!brokenAt) return first;
  if (first && first.seq < brokenAt.seq) return first;
  if (brokenAt.gap) {
    const problem: IntegrityProblem = forged
      ? {
          ...forged.problem,
          kind: "seal table edited",
          detail: `${brokenAt.detail}: this row is no longer sealed`,
          seq: brokenAt.seq,
        }
      : {
          kind: "missing row",
          detail: `${brokenAt.detail}, with the rows they sealed`,
          activityId: null,
          eventType: null,
          occurredAt: null,
          seq: brokenAt.seq,
        };
    return { problem, seq: brokenAt.seq, position: -1 };
  }
  // A record taken out of the entry leaves its row unsealed, within the entry's time range.
  const entryEnd = lastAt.get(brokenAt.seq);
  const entryStart = lastAt.get(brokenAt.seq - 1);
  const unsealedInEntry =
    forged &&
    entryEnd !== undefined &&
    forged.at <= toMicros(entryEnd) &&
    (entryStart === undefined || forged.at > toMicros(entryStart));
  const culprit =
    first && first.seq === brokenAt.seq
      ? {
          activityId: first.problem.activityId,
          eventType: first.problem.eventType,
          occurredAt: first.problem.occurredAt,
        }
      : unsealedInEntry
        ? {
            activityId: forged.problem.activityId,
            eventType: forged.problem.eventType,
            occurredAt: forged.problem.occurredAt,
          }
        : (() => {
            for (let record = 0; record < records.length; record++)
              if (records.seq(record) === brokenAt.seq)
                return {
                  activityId: records.activityId(record),
                  eventType: null,
                  occurredAt: fromMicros(records.occurredAt(record)),
                };
            return { activityId: null, eventType: null, occurredAt: null };
          })();
  return {
    problem: { kind: "seal table edited", detail: brokenAt.detail, ...culprit, seq: brokenAt.seq },
    seq: brokenAt.seq,
    position: -1,
  };
}

const named = (row: SealedRow) => ({
  activityId: row.id,
  eventType: row.event_type,
  occurredAt: row.occurred_at,
});

/** A bytea as either driver returns it (postgres.js: Buffer; PGlite: Uint8Array). */
function asBytes(value: Uint8Array | string): Uint8Array {
  if (typeof value === "string") return Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex");
  return value;
}
