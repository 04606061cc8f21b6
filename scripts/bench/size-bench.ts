import { sql } from "drizzle-orm";
import { countActivityByDay } from "@/lib/activity/read/count-activity-by-day";
import { sqlExecutor } from "@/lib/platform/db/sql-executor";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { ensureBenchBuild } from "./app-process";
import { countLoadedLog } from "./count-loaded-log";
import { formatDuration, type Latency, summarize } from "./measure";
import { benchReads, type ReadResult } from "./read-bench";
import { type RenderBenchResult, renderPages } from "./render-bench";
import { isPartitioned, loadAtSize, type SizeLoad } from "./size-load";
import { openServerTarget } from "./targets";

/** Dropping the oldest month of the log: how long it takes and what it frees. */
export type RetentionResult = {
  /** "partition": the month's partition detached and dropped; "delete": DELETE of its rows, then VACUUM. */
  method: "partition" | "delete";
  month: string;
  /** The partition dropped (partitioned table only). */
  partition: string | null;
  rowsRemoved: number;
  /** DETACH + DROP, or the DELETE alone. */
  dropMs: number;
  /** The VACUUM after a DELETE (null for a partition). */
  vacuumMs: number | null;
  /** activity_log with its indexes and TOAST (every partition), before and after. */
  bytesBefore: number;
  bytesAfter: number;
};

export type SizeResult = {
  requestedRows: number;
  load: Omit<SizeLoad, "sampleOrders">;
  reads: ReadResult[];
  cursorDepth: number;
  p8: RenderBenchResult | null;
  p8Error: string | null;
  retention: RetentionResult | null;
  retentionError: string | null;
  /** The count-activity job's first run over the loaded log. */
  counting: { rows: number; ms: number };
  /** The activity chart of the largest store: from the counts, and from the log (the baseline). */
  chart: { lib: Latency; raw: Latency; rowsInWindow: number; mismatch: string | null };
};

/** Goals at 20M rows (issue 15): p99 of the timeline, the feed and the count; p95 of a page. */
export const SIZE_GOALS = { timelineP99: 2, feedP99: 5, countP99: 2, pageP95: 100 };

/** The feed and count reads rotate over the largest stores (the worst case), this many. */
const FEED_STORES = 5;

/**
 * The bench at size: for each of `sizes`, a fresh database loaded with that many rows over 50
 * stores (COPY), then P3–P5 on it, P8 (the bench build) on it, and last, as it changes the data,
 * the retention of one month.
 */
export async function benchAtSize(
  serverUrl: string,
  sizes: number[],
  options: { iterations: number; quick: boolean; p8: boolean },
  log: (line: string) => void,
): Promise<SizeResult[]> {
  const results: SizeResult[] = [];
  // Built (or found up to date) before any load, so no loaded database waits on `next build`.
  if (options.p8) ensureBenchBuild(log);
  for (const rows of sizes) {
    const label = `${rows / 1_000_000}M`;
    const say = (line: string) => log(`[${label}] ${line}`);
    const target = await openServerTarget(serverUrl, 4);
    try {
      say(
        `fresh database: ${target.location}; loading ~${rows.toLocaleString("en-GB")} rows over 50 stores with COPY`,
      );
      const load = await loadAtSize(target, rows, say);
      say(
        `loaded ${load.rows.toLocaleString("en-GB")} rows and ${load.orders.toLocaleString("en-GB")} orders in ${formatDuration(load.copyMs + load.indexMs + load.analyzeMs)} ` +
          `(COPY ${formatDuration(load.copyMs)}, indexes ${formatDuration(load.indexMs)}, vacuum analyze ${formatDuration(load.analyzeMs)}): ${Math.round(load.rowsPerSecond).toLocaleString("en-GB")} rows/s; ` +
          `levels ${Object.entries(load.levels)
            .map(([l, share]) => `${l} ${(share * 100).toFixed(1)}%`)
            .join(", ")}; largest store ${load.stores[0]!.rows.toLocaleString("en-GB")} rows`,
      );
      const counting = await countLoadedLog(target.handle);
      say(
        `counted ${counting.rows.toLocaleString("en-GB")} rows for the chart in ${formatDuration(counting.ms)}`,
      );
      const chart = await benchChart(target.handle, load.stores[0]!.id, options.iterations, say);
      const big = load.stores.slice(0, FEED_STORES).map((s) => s.id);
      const sample = load.sampleOrders;
      const { results: reads, cursorDepth } = await benchReads(
        target,
        {
          stores: big,
          order: () => sample[Math.floor(Math.random() * sample.length)]!,
          baseMs: load.baseMs,
          cursorDays: load.spanDays - 5,
        },
        options.iterations,
        say,
      );
      let p8: RenderBenchResult | null = null;
      let p8Error: string | null = null;
      if (options.p8) {
        const biggest = load.stores[0]!;
        const ofBiggest = sample.filter((o) => o.storeId === biggest.id);
        try {
          p8 = await renderPages(
            {
              target,
              rows: load.rows,
              orders: load.orders,
              orderItems: load.orders * 2,
              loadMs: load.copyMs + load.indexMs + load.analyzeMs,
              storeId: biggest.id,
              slug: biggest.slug,
              storeIds: [biggest.id],
              randomOrder: () => {
                const o = ofBiggest[Math.floor(Math.random() * ofBiggest.length)]!;
                return { id: o.orderId, number: o.number };
              },
              baseMs: load.baseMs,
              cursorDays: load.spanDays - 5,
            },
            options.quick,
            say,
          );
        } catch (error) {
          p8Error = error instanceof Error ? error.message : String(error);
          say(`P8 failed: ${p8Error}`);
        }
      }
      let retention: RetentionResult | null = null;
      let retentionError: string | null = null;
      try {
        retention = await measureRetention(target.handle, say);
      } catch (error) {
        retentionError = error instanceof Error ? error.message : String(error);
        say(`retention failed: ${retentionError}`);
      }
      const { sampleOrders: _, ...loadSummary } = load;
      results.push({
        requestedRows: rows,
        load: loadSummary,
        reads,
        cursorDepth,
        p8,
        p8Error,
        retention,
        retentionError,
        counting,
        chart,
      });
    } finally {
      await target.dispose();
      say("bench database removed");
    }
  }
  return results;
}

/**
 * The feed's and the dashboard's chart (30 days, by level) for one store: `countActivityByDay`
 * (the counted quarter hours plus what was written since) against the same figures read from
 * every row of the window, as the chart did before the counts, alternating; the first
 * iteration checks that both give the same days.
 */
async function benchChart(
  handle: DatabaseHandle,
  storeId: string,
  iterations: number,
  say: (line: string) => void,
): Promise<SizeResult["chart"]> {
  const now = new Date();
  const raw = async () => {
    const rows = await handle.query<{
      day: string;
      level: string;
      n: number | string;
      open: number | string;
    }>(
      `select to_char((occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, level, count(*) as n,
              count(*) filter (where level in ('warning', 'error') and resolved_at is null) as open
         from activity_log
        where store_id = $1 and occurred_at >= $2 and visibility <> 'debug'
        group by 1, 2`,
      [
        storeId,
        new Date(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - 30 * 86_400_000).toISOString(),
      ],
    );
    return rows;
  };
  const lib = () => countActivityByDay(handle.db, storeId, { days: 30, timeZone: "UTC", now });
  let mismatch: string | null = null;
  const fromLog = await raw();
  const fromCounts = await lib();
  const firstDay = fromCounts.days[0]!.day;
  const expected = new Map<string, number>();
  let rowsInWindow = 0;
  for (const r of fromLog) {
    if (r.day < firstDay) continue;
    expected.set(`${r.day} ${r.level}`, Number(r.n));
    expected.set(`${r.day} open`, (expected.get(`${r.day} open`) ?? 0) + Number(r.open));
    rowsInWindow += Number(r.n);
  }
  for (const d of fromCounts.days) {
    for (const level of ["info", "warning", "error"] as const)
      if ((expected.get(`${d.day} ${level}`) ?? 0) !== d.counts[level])
        mismatch ??= `${d.day} ${level}: ${d.counts[level]} from the counts, ${expected.get(`${d.day} ${level}`) ?? 0} in the log`;
    if ((expected.get(`${d.day} open`) ?? 0) !== d.needsAttention)
      mismatch ??= `${d.day} open: ${d.needsAttention} from the counts, ${expected.get(`${d.day} open`) ?? 0} in the log`;
  }
  const libMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < Math.max(20, Math.round(iterations / 4)); i++) {
    for (const [fn, into] of i % 2 === 0
      ? ([
          [lib, libMs],
          [raw, rawMs],
        ] as const)
      : ([
          [raw, rawMs],
          [lib, libMs],
        ] as const)) {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    }
  }
  const result = { lib: summarize(libMs), raw: summarize(rawMs), rowsInWindow, mismatch };
  say(
    `chart of the largest store (${rowsInWindow.toLocaleString("en-GB")} rows in 30 days): from the counts p50 ${result.lib.p50.toFixed(2)} / p99 ${result.lib.p99.toFixed(2)} ms, ` +
      `from the log p50 ${result.raw.p50.toFixed(1)} / p99 ${result.raw.p99.toFixed(1)} ms${mismatch ? ` — MISMATCH ${mismatch}` : ""}`,
  );
  return result;
}

/** activity_log's size with indexes and TOAST: the table's own, or every partition's. */
const totalBytes = async (q: DatabaseHandle["query"]) => {
  const [row] = await q<{ bytes: string | number }>(
    `select greatest(pg_total_relation_size('activity_log'),
       (select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('activity_log'))) as bytes`,
  );
  return Number(row!.bytes);
};

/**
 * Drops the oldest month of activity_log as the table's owner: when the table is partitioned
 * (pg_partitioned_table), by detaching and dropping its oldest partition; otherwise by a DELETE
 * of that month (the purge's own switch, as `activity_purge_expired()` sets it) and a VACUUM.
 */
export async function measureRetention(
  handle: DatabaseHandle,
  log: (line: string) => void,
): Promise<RetentionResult> {
  const q = handle.query.bind(handle);
  const partitioned = await isPartitioned(handle);
  const bytesBefore = await totalBytes(q);
  if (partitioned) {
    const parts = await q<{ name: string; bound: string }>(
      `select c.oid::regclass::text as name, pg_get_expr(c.relpartbound, c.oid) as bound
         from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'activity_log'::regclass`,
    );
    const ranged = parts
      .map((p) => ({ ...p, from: /FROM \('([^']+)'\)/.exec(p.bound)?.[1] ?? null }))
      .filter((p): p is typeof p & { from: string } => p.from !== null)
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    // The oldest partition that holds rows (the table may have empty months made ahead).
    for (const part of ranged) {
      const [{ n } = { n: 0 }] = await q<{ n: number }>(`select count(*)::int as n from ${part.name}`);
      if (!n) continue;
      log(
        `retention: detaching and dropping ${part.name} (${part.bound}, ${n.toLocaleString("en-GB")} rows)`,
      );
      const t0 = performance.now();
      await q(`alter table activity_log detach partition ${part.name}`);
      await q(`drop table ${part.name}`);
      const dropMs = performance.now() - t0;
      return {
        method: "partition",
        month: part.from.slice(0, 7),
        partition: part.name,
        rowsRemoved: n,
        dropMs,
        vacuumMs: null,
        bytesBefore,
        bytesAfter: await totalBytes(q),
      };
    }
    throw new Error("activity_log is partitioned but no range partition holds rows");
  }
  const [{ month } = { month: null }] = await q<{ month: string | null }>(
    "select to_char(date_trunc('month', min(occurred_at) at time zone 'UTC'), 'YYYY-MM') as month from activity_log",
  );
  if (!month) throw new Error("activity_log is empty");
  const from = `${month}-01T00:00:00Z`;
  log(`retention: activity_log is not partitioned; DELETE of ${month}, then VACUUM`);
  const t0 = performance.now();
  let rowsRemoved = 0;
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local storyline.activity_purge = 'on'`);
    const [row] = await sqlExecutor(tx)
      .executeSql(
        `with gone as (delete from activity_log
         where occurred_at >= $1::timestamptz and occurred_at < $1::timestamptz + interval '1 month'
         returning 1)
       select count(*)::int as n from gone`,
        [from],
      )
      .then((r) => r.rows as { n: number }[]);
    rowsRemoved = row?.n ?? 0;
  });
  const dropMs = performance.now() - t0;
  const v0 = performance.now();
  await q("vacuum activity_log");
  const vacuumMs = performance.now() - v0;
  return {
    method: "delete",
    month,
    partition: null,
    rowsRemoved,
    dropMs,
    vacuumMs,
    bytesBefore,
    bytesAfter: await totalBytes(q),
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const num = (v: number | undefined | null) =>
  v === undefined || v === null || Number.isNaN(v) ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(0);

/** How each figure grows with the size of the log, beside its goal at 20M. */
export function formatSizeTable(results: SizeResult[]): string {
  const cols = results.map((r) => `${(r.load.rows / 1_000_000).toFixed(1)}M`);
  const lib = (r: SizeResult, id: string) => r.reads.find((x) => x.id === id)?.lib?.p99;
  const page = (r: SizeResult, id: string) => r.p8?.pages.find((x) => x.id === id)?.latency.p95;
  const lines: [string, (r: SizeResult) => string, string][] = [
    [
      "load: rows/s (COPY, indexes, analyze)",
      (r) => Math.round(r.load.rowsPerSecond).toLocaleString("en-GB"),
      "",
    ],
    [
      "load: time",
      (r) => formatDuration(r.load.copyMs + r.load.indexMs + r.load.analyzeMs),
      "minutes at 20M",
    ],
    [
      "load: COPY / indexes / analyze",
      (r) => [r.load.copyMs, r.load.indexMs, r.load.analyzeMs].map((ms) => formatDuration(ms)).join(" / "),
      "",
    ],
    ["largest store, rows", (r) => r.load.stores[0]!.rows.toLocaleString("en-GB"), ""],
    ["P3 timeline p99 (ms)", (r) => num(lib(r, "P3")), `≤ ${SIZE_GOALS.timelineP99}`],
    ["P4a feed first page p99 (ms)", (r) => num(lib(r, "P4a")), `≤ ${SIZE_GOALS.feedP99}`],
    ["P4b feed filtered p99 (ms)", (r) => num(lib(r, "P4b")), `≤ ${SIZE_GOALS.feedP99}`],
    ["P4c feed deep cursor p99 (ms)", (r) => num(lib(r, "P4c")), `≤ ${SIZE_GOALS.feedP99}`],
    ["P4d feed deep, filtered p99 (ms)", (r) => num(lib(r, "P4d")), `≤ ${SIZE_GOALS.feedP99}`],
    ["P4e needs-attention tab p99 (ms)", (r) => num(lib(r, "P4e")), `≤ ${SIZE_GOALS.feedP99}`],
    ["P5 count p99 (ms)", (r) => num(lib(r, "P5")), `≤ ${SIZE_GOALS.countP99}`],
    ["chart (30 days), from the counts p99 (ms)", (r) => num(r.chart.lib.p99), ""],
    ["chart (30 days), from every row p99 (ms)", (r) => num(r.chart.raw.p99), ""],
    ["counting the loaded log for the chart", (r) => formatDuration(r.counting.ms), ""],
    ["P8 order page p95 (ms)", (r) => num(page(r, "order")), `≤ ${SIZE_GOALS.pageP95}`],
    ["P8 feed page p95 (ms)", (r) => num(page(r, "feed")), `≤ ${SIZE_GOALS.pageP95}`],
    ["P8 deep filtered feed p95 (ms)", (r) => num(page(r, "feed-deep")), `≤ ${SIZE_GOALS.pageP95}`],
    ["table + indexes before", (r) => (r.retention ? mb(r.retention.bytesBefore) : "—"), ""],
    [
      "retention: drop oldest month",
      (r) =>
        r.retention
          ? `${formatDuration(r.retention.dropMs)} (${r.retention.method}${r.retention.vacuumMs !== null ? ` + vacuum ${formatDuration(r.retention.vacuumMs)}` : ""})`
          : "—",
      "",
    ],
    [
      "retention: rows removed",
      (r) => (r.retention ? r.retention.rowsRemoved.toLocaleString("en-GB") : "—"),
      "",
    ],
    ["table + indexes after", (r) => (r.retention ? mb(r.retention.bytesAfter) : "—"), ""],
  ];
  const width = 44;
  const colWidth = Math.max(
    12,
    ...results.map((r) => (r.retention ? formatDuration(r.retention.dropMs).length + 24 : 12)),
  );
  const out = [
    "At size — 50 stores, two years of activity, loaded with COPY; P4/P5 over the 5 largest stores, P8 in the largest; goals at 20M",
    `  ${"".padEnd(width)} ${cols.map((c) => c.padStart(colWidth)).join(" ")}   goal`,
    ...lines.map(
      ([name, value, goal]) =>
        `  ${name.padEnd(width)} ${results.map((r) => value(r).padStart(colWidth)).join(" ")}   ${goal}`,
    ),
  ];
  for (const r of results) {
    const problems = [
      ...r.reads.filter((x) => x.seqScan).map((x) => `${x.id}: Seq Scan in the plan (${x.plan})`),
      ...r.reads.filter((x) => x.mismatch).map((x) => `${x.id}: ${x.mismatch}`),
      ...r.reads.filter((x) => x.libError).map((x) => `${x.id}: ${x.libError}`),
      ...(r.p8Error ? [`P8: ${r.p8Error}`] : []),
      ...(r.retentionError ? [`retention: ${r.retentionError}`] : []),
      ...(r.chart.mismatch ? [`chart: ${r.chart.mismatch}`] : []),
    ];
    for (const p of problems) out.push(`  ⚠ ${(r.load.rows / 1_000_000).toFixed(1)}M ${p}`);
  }
  return out.join("\n");
}
