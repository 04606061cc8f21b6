import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { encodeCursor } from "@/lib/activity/read/cursor";
import { listActivity } from "@/lib/activity/read/list-activity";
import { listOrderTimeline } from "@/lib/activity/read/list-order-timeline";
import { type Latency, summarize } from "./measure";
import { type SeedInfo, seededOrderId, seededStore } from "./seed-log";

/** What the read benchmarks need to know of a loaded log. */
export type ReadSample = {
  /** Stores the feed and count reads rotate over. */
  stores: string[];
  /** A random order of the load, for iteration i. */
  order(i: number): { storeId: string; orderId: string };
  /** The newest moment of the load (epoch ms). */
  baseMs: number;
  /** Deep cursors are picked between 10 days and this many days back from `baseMs`. */
  cursorDays: number;
};

/** The sample of the generate_series load (seed-log.ts): orders are groups with g % 5 != 4. */
export function seedSample(seed: SeedInfo): ReadSample {
  const rand = (n: number) => Math.floor(Math.random() * n);
  return {
    stores: [...seed.stores],
    order: () => {
      let g = rand(seed.groups);
      if (g % 5 === 4) g = Math.max(0, g - 1);
      return { storeId: seededStore(g, seed), orderId: seededOrderId(g, seed.seed) };
    },
    baseMs: seed.baseMs,
    cursorDays: 85,
  };
}

import type { BenchTarget } from "./targets";

export type ReadResult = {
  id: string;
  label: string;
  /** Goal for the p99 of the library call, in ms (stated for 10M rows on the server). */
  goalP99Ms: number;
  /** Null when the library call failed (see `libError`). */
  lib: Latency | null;
  libError: string | null;
  raw: Latency;
  /** Mean rows returned by the library call. */
  meanRows: number;
  /** The raw query's plan, node names only, outermost first. */
  plan: string;
  seqScan: boolean;
  /** Set when the library call and the raw SQL returned different rows. */
  mismatch: string | null;
  /** From EXPLAIN ANALYZE of the raw query: the partitions of activity_log it read, of all. */
  partitions: PartitionUse;
};

export type PartitionUse = {
  /** Partitions holding rows whose scan ran (pruned and "never executed" ones are not counted). */
  touched: string[];
  total: number;
  /** Partitions holding rows. */
  filled: number;
  /** A Seq Scan on any partition of activity_log that ran. */
  seqScan: boolean;
};

type Case = {
  id: string;
  label: string;
  goalP99Ms: number;
  sql: string;
  /** Parameters of iteration i, for the library call and the raw SQL alike. */
  params(i: number): unknown[];
  lib(i: number): Promise<{ id: string }[] | number>;
};

const FEED = "select * from activity_log where store_id = $1 and visibility <> 'debug'";
const NEWEST_FIRST = "order by occurred_at desc, id desc limit 51";
const PAGE = 50;

/** Node names of a text EXPLAIN, outermost first: "Limit › Index Scan using activity_log_feed_idx". */
function planSummary(lines: string[]): string {
  return lines
    .filter((line, i) => i === 0 || line.trimStart().startsWith("->"))
    .map((line) =>
      line
        .trim()
        .replace(/^->\s*/, "")
        .replace(/\s+\(cost=.*$/, "")
        .replace(/ on activity_log( activity_log)?$/, ""),
    )
    .join(" › ");
}

/** The driver's message behind Drizzle's "Failed query" wrapper. */
function errorText(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  const outer = String(e?.message ?? error)
    .split("\n")[0]!
    .slice(0, 120);
  return e?.cause?.message ? `${e.cause.message} (${outer}…)` : outer;
}

/**
 * Which partitions of activity_log a query reads: EXPLAIN ANALYZE (plan-time and run-time
 * pruning both show: a pruned partition has no scan node, a skipped one says "never executed").
 * A Seq Scan counts only on a partition that holds rows: on an empty one (a month ahead, DEFAULT)
 * it reads no page and is the planner's right choice.
 */
async function partitionUse(
  q: BenchTarget["handle"]["query"],
  sql: string,
  params: unknown[],
  total: number,
): Promise<PartitionUse> {
  const rows = await q<Record<string, string>>(
    `explain (analyze, costs off, timing off, summary off) ${sql}`,
    params,
  );
  const filled = new Set(
    (
      await q<{ name: string }>(
        `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'public.activity_log'::regclass and c.relpages > 0`,
      )
    ).map((r) => r.name),
  );
  const touched = new Set<string>();
  let seqScan = false;
  for (const line of rows.map((r) => Object.values(r)[0] ?? "")) {
    const scan =
      /(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)(?: Backward)?(?: using \S+)? on (activity_log_(?:y\d{4}m\d{2}|default))(?= |$)/.exec(
        line,
      );
    if (!scan || /never executed/.test(line) || /Bitmap Index Scan/.test(line)) continue;
    if (!filled.has(scan[2]!)) continue;
    touched.add(scan[2]!);
    if (scan[1] === "Seq Scan") seqScan = true;
  }
  return { touched: [...touched].sort(), total, filled: filled.size, seqScan };
}

function ids(result: { id: string }[] | number | Record<string, unknown>[]): string {
  if (typeof result === "number") return String(result);
  return result.map((r) => String(r.id)).join(",");
}

/** P3–P5: the read paths on the loaded log, each beside the same query as raw SQL. */
export async function benchReads(
  target: BenchTarget,
  sample: ReadSample,
  iterations: number,
  log: (line: string) => void,
): Promise<{ results: ReadResult[]; cursorDepth: number }> {
  const { db } = target.handle;
  const q = target.handle.query.bind(target.handle);
  const warm = Math.max(10, Math.ceil(iterations / 10));
  const total = warm + iterations;
  const orders = Array.from({ length: total }, (_, i) => sample.order(i));
  const storeOf = (i: number) => sample.stores[i % sample.stores.length]!;

  // Deep cursors: the newest row at a random moment 10–`cursorDays` days back, so thousands of rows deep.
  const day = 86_400_000;
  const cursors: { storeId: string; occurredAt: Date; id: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const storeId = storeOf(i);
    const at = new Date(sample.baseMs - (10 + Math.random() * (sample.cursorDays - 10)) * day);
    const [row] = await q<{ occurred_at: Date | string; id: string }>(
      `select occurred_at, id from activity_log where store_id = $1 and visibility <> 'debug'
         and occurred_at <= $2::timestamptz ${NEWEST_FIRST.replace("51", "1")}`,
      [storeId, at.toISOString()],
    );
    if (row) cursors.push({ storeId, occurredAt: new Date(row.occurred_at), id: row.id });
  }
  if (cursors.length === 0) throw new Error("no deep cursor found: is the bulk load empty?");
  let depth = 0;
  for (const c of cursors.slice(0, 3)) {
    const [row] = await q<{ n: string | number }>(
      `select count(*) as n from activity_log where store_id = $1 and visibility <> 'debug'
         and (occurred_at, id) > ($2::timestamptz, $3::uuid)`,
      [c.storeId, c.occurredAt.toISOString(), c.id],
    );
    depth += Number(row?.n ?? 0);
  }
  const cursorDepth = Math.round(depth / Math.min(3, cursors.length));
  const cursorAt = (i: number) => cursors[i % cursors.length]!;
  const filters = { level: ["warning", "error"], type: "order.*" };
  // A date-bounded feed: ten days, 20 to 10 days back, within one or two months.
  const window = { from: new Date(sample.baseMs - 20 * day), to: new Date(sample.baseMs - 10 * day) };
  const [{ n: partitionCount } = { n: 0 }] = await q<{ n: number }>(
    "select count(*)::int as n from pg_inherits where inhparent = 'public.activity_log'::regclass",
  );

  const cases: Case[] = [
    {
      id: "P3",
      label: "listOrderTimeline (random order)",
      goalP99Ms: 2,
      sql: `select * from activity_log where order_id = $1 and store_id = $2 and visibility <> 'debug'
              order by occurred_at, id`,
      params: (i) => [orders[i]!.orderId, orders[i]!.storeId],
      lib: (i) => listOrderTimeline(db, orders[i]!.storeId, orders[i]!.orderId),
    },
    {
      id: "P4a",
      label: "listActivity first page",
      goalP99Ms: 5,
      sql: `${FEED} ${NEWEST_FIRST}`,
      params: (i) => [storeOf(i)],
      lib: async (i) => (await listActivity(db, storeOf(i), {}, { limit: PAGE })).items,
    },
    {
      id: "P4b",
      label: "listActivity first page, level warning+error, type order.*",
      goalP99Ms: 5,
      sql: `${FEED} and level in ($2, $3) and event_type like $4 ${NEWEST_FIRST}`,
      params: (i) => [storeOf(i), "warning", "error", "order.%"],
      lib: async (i) => (await listActivity(db, storeOf(i), filters, { limit: PAGE })).items,
    },
    {
      id: "P4c",
      label: "listActivity deep cursor",
      goalP99Ms: 5,
      sql: `${FEED} and (occurred_at, id) < ($2::timestamptz, $3::uuid) ${NEWEST_FIRST}`,
      params: (i) => [cursorAt(i).storeId, cursorAt(i).occurredAt.toISOString(), cursorAt(i).id],
      lib: async (i) =>
        (await listActivity(db, cursorAt(i).storeId, {}, { cursor: encodeCursor(cursorAt(i)), limit: PAGE }))
          .items,
    },
    {
      id: "P4d",
      label: "listActivity deep cursor, level warning+error, type order.*",
      goalP99Ms: 5,
      sql: `${FEED} and level in ($4, $5) and event_type like $6
              and (occurred_at, id) < ($2::timestamptz, $3::uuid) ${NEWEST_FIRST}`,
      params: (i) => [
        cursorAt(i).storeId,
        cursorAt(i).occurredAt.toISOString(),
        cursorAt(i).id,
        "warning",
        "error",
        "order.%",
      ],
      lib: async (i) =>
        (
          await listActivity(db, cursorAt(i).storeId, filters, {
            cursor: encodeCursor(cursorAt(i)),
            limit: PAGE,
          })
        ).items,
    },
    {
      id: "P4e",
      label: "listActivity needs-attention tab",
      goalP99Ms: 5,
      sql: `${FEED} and level in ($2, $3) and resolved_at is null ${NEWEST_FIRST}`,
      params: (i) => [storeOf(i), "warning", "error"],
      lib: async (i) => (await listActivity(db, storeOf(i), { needsAttention: true }, { limit: PAGE })).items,
    },
    {
      id: "P4f",
      label: "listActivity first page, date-bounded (10 days)",
      goalP99Ms: 5,
      sql: `${FEED} and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz ${NEWEST_FIRST}`,
      params: (i) => [storeOf(i), window.from.toISOString(), window.to.toISOString()],
      lib: async (i) => (await listActivity(db, storeOf(i), window, { limit: PAGE })).items,
    },
    {
      id: "P5",
      label: "countNeedsAttention",
      goalP99Ms: 2,
      sql: `select count(*) as value from activity_log where store_id = $1 and level in ($2, $3)
              and resolved_at is null and visibility <> $4`,
      params: (i) => [storeOf(i), "warning", "error", "debug"],
      lib: (i) => countNeedsAttention(db, storeOf(i)),
    },
  ];

  const results: ReadResult[] = [];
  for (const c of cases) {
    log(`${c.id} ${c.label}: ${iterations} iterations (+${warm} warm-up), library and raw SQL interleaved`);
    const planRows = await q<Record<string, string>>(`explain ${c.sql}`, c.params(0));
    const planLines = planRows.map((r) => Object.values(r)[0] ?? "");
    const plan = planSummary(planLines);
    const partitions = await partitionUse(q, c.sql, c.params(0), partitionCount);
    const libTimes: number[] = [];
    const rawTimes: number[] = [];
    let rowsSum = 0;
    let mismatch: string | null = null;
    let libError: string | null = null;
    for (let i = 0; i < total; i++) {
      // Alternate which goes first, so neither always runs on the other's warm cache.
      const runLib = async () => {
        if (libError) return null;
        const t0 = performance.now();
        try {
          const out = await c.lib(i);
          return { ms: performance.now() - t0, out };
        } catch (error) {
          libError = errorText(error);
          return null;
        }
      };
      const runRaw = async () => {
        const t0 = performance.now();
        const out = await q<Record<string, unknown>>(c.sql, c.params(i));
        return { ms: performance.now() - t0, out };
      };
      let lib: Awaited<ReturnType<typeof runLib>>;
      let raw: Awaited<ReturnType<typeof runRaw>>;
      if (i % 2) {
        raw = await runRaw();
        lib = await runLib();
      } else {
        lib = await runLib();
        raw = await runRaw();
      }
      if (i < warm) continue;
      rawTimes.push(raw.ms);
      if (!lib) continue;
      libTimes.push(lib.ms);
      const libOut = lib.out;
      rowsSum += typeof libOut === "number" ? 1 : libOut.length;
      if (!mismatch) {
        const expected =
          typeof libOut === "number" ? String(Number(raw.out[0]?.value)) : ids(raw.out.slice(0, PAGE));
        if (ids(libOut) !== expected) mismatch = `iteration ${i}: library ${ids(libOut)} ≠ raw ${expected}`;
      }
    }
    results.push({
      id: c.id,
      label: c.label,
      goalP99Ms: c.goalP99Ms,
      lib: libTimes.length ? summarize(libTimes) : null,
      libError,
      raw: summarize(rawTimes),
      meanRows: libTimes.length ? rowsSum / libTimes.length : 0,
      plan,
      // On the partitioned table: a Seq Scan that ran on a partition holding rows.
      seqScan: partitions.seqScan,
      mismatch,
      partitions,
    });
  }
  // The export streams the same store-scoped, newest-first query without a limit; bounded by
  // date, it must read only the months in range.
  const exported = await partitionUse(
    q,
    `${FEED} and occurred_at >= $2::timestamptz and occurred_at < $3::timestamptz order by occurred_at desc, id desc`,
    [storeOf(0), window.from.toISOString(), window.to.toISOString()],
    partitionCount,
  );
  log(
    `partitions export (10 days): ${exported.touched.length} of the ${exported.filled} holding rows read (${exported.touched.join(", ")}); ${exported.seqScan ? "a Seq Scan on a partition with rows" : "no Seq Scan on a partition with rows"}`,
  );
  return { results, cursorDepth };
}
