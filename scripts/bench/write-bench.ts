import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { activityLog } from "@/db/schema";
import { buildActivityRow } from "@/lib/activity/write/build-row";
import { logEvent } from "@/lib/activity/write/log-event";
import { writerState } from "@/lib/activity/write/writer-state";
import { copyColumns, makeEventCalls } from "./events";
import { mergeRuns, type Run, runConcurrent, runFor } from "./measure";
import type { BenchTarget } from "./targets";

export type Throughput = { rows: number; elapsedMs: number; perSecond: number };

export type P1Result = {
  events: number;
  callers: number;
  /** Alternating rounds of `logEvent` and its INSERT … SELECT baseline, `events` rows each. */
  rounds: number;
  /** `logEvent(db, …)` from `callers` concurrent callers (group commit), over every round. */
  logEvent: Run;
  /** Baseline A: one plain single-row INSERT (autocommit) per event, same callers. */
  plainInsert: Run;
  /** Baseline B: the same rows by COPY (server: COPY FROM STDIN; embedded: COPY FROM a blob). */
  copy: Throughput;
  /** Baseline C: the same rows as sequential multi-row INSERTs of 500 (what one group-commit batch is at most). */
  multiRowInsert: Throughput;
  /**
   * Baseline D, the one with logEvent's semantics: the same rows in one
   * `INSERT … SELECT … ON CONFLICT DO NOTHING` statement (deduplicating, which COPY cannot).
   */
  insertSelect: Throughput;
  /** logEvent's rate over the baseline's, round by round (the headline ratio is of the totals). */
  roundRatios: number[];
  statuses: Record<string, number>;
  /** Writer counters during the logEvent run: must show nothing spooled, failed or lost. */
  writer: { written: number; spooled: number; failures: number; lost: number; sanitized: number };
  /** Rows found in the database for the logEvent run's stores. */
  rowsFound: number;
};

const storeSet = () => Array.from({ length: 4 }, () => uuidv7());

async function countRows(target: BenchTarget, stores: string[]): Promise<number> {
  const [row] = await target.handle.query<{ n: string | number }>(
    "select count(*) as n from activity_log where store_id = any($1::uuid[])",
    [stores],
  );
  return Number(row?.n ?? 0);
}

async function timed(work: () => Promise<void>, rows: number): Promise<Throughput> {
  const t0 = performance.now();
  await work();
  const elapsedMs = performance.now() - t0;
  return { rows, elapsedMs, perSecond: (rows / elapsedMs) * 1000 };
}

async function multiRowInsert(target: BenchTarget, rows: ReturnType<typeof buildRows>) {
  for (let i = 0; i < rows.length; i += 500)
    await target.handle.db.insert(activityLog).values(rows.slice(i, i + 500));
}

/** Column types for `jsonb_to_recordset`, matching the table. */
const recordTypes: Record<string, string> = {
  id: "uuid",
  store_id: "uuid",
  order_id: "uuid",
  payload: "jsonb",
  changes: "jsonb",
  occurred_at: "timestamptz",
};

/** Every row in one statement: a JSON array turned into rows, duplicates of a dedupe key skipped. */
async function insertSelect(target: BenchTarget, rows: ReturnType<typeof buildRows>) {
  const columns = copyColumns.map(([c]) => c);
  const json = JSON.stringify(
    rows.map((row) => Object.fromEntries(copyColumns.map(([column, key]) => [column, row[key] ?? null]))),
  );
  await target.handle.query(
    `insert into activity_log (${columns.join(", ")})
     select ${columns.join(", ")}
       from jsonb_to_recordset($1::jsonb) as r(${columns.map((c) => `${c} ${recordTypes[c] ?? "text"}`).join(", ")})
     on conflict do nothing`,
    [json],
  );
}

const buildRows = (n: number) => makeEventCalls(n, storeSet()).map((c) => c.build());

/** P1: logEvent throughput and latency under 64 concurrent callers, beside plain INSERT and COPY. */
export async function benchLogEventThroughput(
  target: BenchTarget,
  events: number,
  callers: number,
  log: (line: string) => void,
  rounds = 1,
): Promise<P1Result> {
  const { db } = target.handle;
  const warmN = Math.min(1000, Math.ceil(events / 5));
  log(`P1 warm-up (${warmN} events per method)`);
  const warm = makeEventCalls(warmN, storeSet());
  await runConcurrent(callers, warmN, (i) => warm[i]!.log(db));
  const warmRows = buildRows(warmN);
  await runConcurrent(callers, warmN, (i) => db.insert(activityLog).values(warmRows[i]!));
  await target.copyRows(buildRows(warmN));
  await multiRowInsert(target, buildRows(warmN));
  await insertSelect(target, buildRows(warmN));

  // logEvent against the baseline with its semantics, in alternating rounds: one run of a few
  // seconds each is at the mercy of a checkpoint or an autovacuum, and a round pairs the two
  // under the same conditions.
  log(
    `P1 logEvent (${events} events, ${callers} concurrent callers) against one INSERT … SELECT … ON CONFLICT DO NOTHING of as many rows, ${rounds} alternating round(s)`,
  );
  const stores: string[] = [];
  const statuses: Record<string, number> = {};
  const before = { ...writerState.stats };
  const logRuns: Run[] = [];
  const logSamples: number[] = [];
  const selectRuns: Throughput[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const roundStores = storeSet();
    stores.push(...roundStores);
    const calls = makeEventCalls(events, roundStores);
    const selectRows = buildRows(events);
    const runLog = () =>
      runConcurrent(
        callers,
        events,
        async (i) => {
          const { status } = await calls[i]!.log(db);
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
        logSamples,
      );
    const runSelect = () => timed(() => insertSelect(target, selectRows), events);
    let logRun: Run;
    let selectRun: Throughput;
    if (round % 2 === 0) {
      logRun = await runLog();
      selectRun = await runSelect();
    } else {
      selectRun = await runSelect();
      logRun = await runLog();
    }
    logRuns.push(logRun);
    selectRuns.push(selectRun);
    roundRatios.push(logRun.perSecond / selectRun.perSecond);
  }
  const logRun = mergeRuns(logRuns, logSamples);
  const selectedMs = selectRuns.reduce((sum, r) => sum + r.elapsedMs, 0);
  const selected: Throughput = {
    rows: events * rounds,
    elapsedMs: selectedMs,
    perSecond: ((events * rounds) / selectedMs) * 1000,
  };
  const after = writerState.stats;
  const writer = {
    written: after.written - before.written,
    spooled: after.spooled - before.spooled,
    failures: after.failures - before.failures,
    lost: after.lost - before.lost,
    sanitized: after.sanitized - before.sanitized,
  };
  const rowsFound = await countRows(target, stores);

  log(`P1 baseline A: ${events} single-row INSERTs, ${callers} concurrent callers`);
  const plainRows = buildRows(events);
  const plainRun = await runConcurrent(callers, events, (i) => db.insert(activityLog).values(plainRows[i]!));

  log(`P1 baseline B: COPY of ${events} rows`);
  const copyRows = buildRows(events);
  const copy = await timed(() => target.copyRows(copyRows), events);

  log(`P1 baseline C: ${events} rows as multi-row INSERTs of 500`);
  const multiRows = buildRows(events);
  const multi = await timed(() => multiRowInsert(target, multiRows), events);

  return {
    events,
    callers,
    rounds,
    logEvent: logRun,
    plainInsert: plainRun,
    copy,
    multiRowInsert: multi,
    insertSelect: selected,
    roundRatios,
    statuses,
    writer,
    rowsFound,
  };
}

export type P2Variant = {
  clients: number;
  without: Run;
  with: Run;
  /** The floor: the same row added by one hand-written INSERT (no savepoint, no query builder). */
  handWritten: Run;
};
export type P2Result = {
  accounts: number;
  oneClient: P2Variant;
  manyClients: P2Variant | null;
  /** logEvent results inside the transactions that were not `written`. */
  notWritten: number;
  /** Events written (by logEvent and hand-written) vs. rows found: every committed transaction has its event. */
  eventsLogged: number;
  rowsFound: number;
};

const ACCOUNTS = 10_000;

/** P2: what logEvent adds to a caller's one-row-update transaction. */
export async function benchTransactionCost(
  target: BenchTarget,
  durationMs: number,
  clients: number | null,
  log: (line: string) => void,
): Promise<P2Result> {
  const { db } = target.handle;
  await target.handle.query(
    `create table bench_accounts (id integer primary key, balance integer not null default 0);
     insert into bench_accounts (id) select generate_series(1, ${ACCOUNTS});
     analyze bench_accounts;`,
  );
  const storeId = uuidv7();
  const ctx = {
    storeId,
    actor: { type: "user" as const, id: "0192f3a4-1111-7000-8000-000000000001", label: "Ana" },
    source: "admin" as const,
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
  };
  const orderIds = Array.from({ length: 1000 }, () => uuidv7());
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const accountId = () => 1 + Math.floor(Math.random() * ACCOUNTS);
  let eventsLogged = 0;
  let notWritten = 0;

  const logOptions = () => ({
    orderId: pick(orderIds),
    changes: { shippingAddress: { old: "1 Old Road, Leeds", new: "2 New Street, York", label: "Address" } },
  });
  const update = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) =>
    tx.execute(sql`update bench_accounts set balance = balance + 1 where id = ${accountId()}`);

  const without = () => db.transaction(async (tx) => void (await update(tx)));
  const withLog = () =>
    db.transaction(async (tx) => {
      await update(tx);
      const { status } = await logEvent(
        tx,
        ctx,
        "order.updated",
        { summary: "the shipping address" },
        logOptions(),
      );
      eventsLogged++;
      if (status !== "written") notWritten++;
    });

  // The floor: the same row by one hand-written INSERT in the transaction (no savepoint, no builder).
  const columnList = sql.raw(copyColumns.map(([c]) => c).join(", "));
  const castOf = (column: string) =>
    column === "payload" || column === "changes"
      ? "::jsonb"
      : column === "occurred_at"
        ? "::timestamptz"
        : "";
  const handWritten = () =>
    db.transaction(async (tx) => {
      await update(tx);
      const { row } = buildActivityRow(
        ctx,
        "order.updated",
        { summary: "the shipping address" },
        logOptions(),
      );
      const values = copyColumns.map(([column, key]) => {
        const v = row[key];
        const param =
          v == null
            ? null
            : v instanceof Date
              ? v.toISOString()
              : typeof v === "object"
                ? JSON.stringify(v)
                : v;
        return sql`${param}${sql.raw(castOf(column))}`;
      });
      await tx.execute(
        sql`insert into activity_log (${columnList}) values (${sql.join(values, sql`, `)}) on conflict do nothing`,
      );
      eventsLogged++;
    });

  /** Alternating rounds of each variant, so drift (autovacuum, caches) hits all alike. */
  async function compare(n: number): Promise<P2Variant> {
    const warm = Math.min(500, durationMs / 4);
    const variants = [without, withLog, handWritten];
    for (const variant of variants) await runFor(n, warm, variant);
    const rounds = 2;
    const runs: Run[][] = variants.map(() => []);
    const samples: number[][] = variants.map(() => []);
    for (let r = 0; r < rounds; r++)
      for (const [v, variant] of variants.entries())
        runs[v]!.push(await runFor(n, durationMs / rounds, variant, samples[v]));
    const [a, b, c] = variants.map((_, v) => mergeRuns(runs[v]!, samples[v]!));
    return { clients: n, without: a!, with: b!, handWritten: c! };
  }

  log(`P2 one client: ${durationMs} ms each without logEvent, with it, and with a hand-written INSERT`);
  const oneClient = await compare(1);
  let manyClients: P2Variant | null = null;
  if (clients) {
    log(
      `P2 ${clients} clients: ${durationMs} ms each without logEvent, with it, and with a hand-written INSERT`,
    );
    manyClients = await compare(clients);
  }
  const [row] = await target.handle.query<{ n: string | number }>(
    "select count(*) as n from activity_log where store_id = $1",
    [storeId],
  );
  return {
    accounts: ACCOUNTS,
    oneClient,
    manyClients,
    notWritten,
    eventsLogged,
    rowsFound: Number(row?.n ?? 0),
  };
}
