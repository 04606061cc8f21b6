import type { BenchMode } from "./args";
import type { ReadResult } from "./read-bench";
import type { SeedInfo } from "./seed-log";
import type { P1Result, P2Result } from "./write-bench";

/** One line of the printed table (and of the JSON summary). */
export type SummaryRow = {
  item: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** true / false against the goal; null when the line has no goal. */
  ok: boolean | null;
};

export type ModeResult = {
  mode: BenchMode;
  location: string;
  postgresVersion: string;
  elapsedMs: number;
  /** 1-minute load average when the mode started and ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  p1: P1Result;
  p2: P2Result;
  seed: SeedInfo;
  reads: ReadResult[];
  /** Mean number of rows newer than the deep cursors (P4c/P4d), i.e. how deep they are. */
  cursorDepth: number;
  warnings: string[];
  summary: SummaryRow[];
};

const int = (n: number) => Math.round(n).toLocaleString("en-GB");
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;
const times = (n: number) => `${n.toFixed(2)}×`;

export function summarizeMode(m: Omit<ModeResult, "summary">): SummaryRow[] {
  const { p1, p2 } = m;
  const copyRatio = p1.logEvent.perSecond / p1.copy.perSecond;
  const copyName = m.mode === "server" ? "COPY FROM STDIN" : "COPY FROM blob";
  const rows: SummaryRow[] = [
    {
      item: `P1 logEvent throughput, ${p1.callers} callers`,
      figure: `${int(p1.logEvent.perSecond)} rows/s`,
      baseline: `${copyName} ${int(p1.copy.perSecond)} rows/s`,
      ratio: pct(copyRatio),
      goal: "≥ 50% of COPY",
      ok: copyRatio >= 0.5,
    },
    {
      item: "P1   vs plain INSERT per event",
      figure: `${int(p1.logEvent.perSecond)} rows/s`,
      baseline: `INSERT ${int(p1.plainInsert.perSecond)} rows/s`,
      ratio: pct(p1.logEvent.perSecond / p1.plainInsert.perSecond),
      goal: "",
      ok: null,
    },
    {
      item: `P1   vs one INSERT … SELECT … ON CONFLICT (${p1.rounds} rounds: ${pct(Math.min(...p1.roundRatios))}–${pct(Math.max(...p1.roundRatios))})`,
      figure: `${int(p1.logEvent.perSecond)} rows/s`,
      baseline: `INSERT…SELECT ${int(p1.insertSelect.perSecond)} rows/s`,
      ratio: pct(p1.logEvent.perSecond / p1.insertSelect.perSecond),
      goal: "≥ 80%",
      ok: p1.logEvent.perSecond / p1.insertSelect.perSecond >= 0.8,
    },
    {
      item: "P1   vs multi-row INSERT of 500",
      figure: `${int(p1.logEvent.perSecond)} rows/s`,
      baseline: `INSERT×500 ${int(p1.multiRowInsert.perSecond)} rows/s`,
      ratio: pct(p1.logEvent.perSecond / p1.multiRowInsert.perSecond),
      goal: "",
      ok: null,
    },
    {
      item: "P1 logEvent latency p50 / p99",
      figure: `${ms(p1.logEvent.latency.p50)} / ${ms(p1.logEvent.latency.p99)} ms`,
      baseline: `INSERT ${ms(p1.plainInsert.latency.p50)} / ${ms(p1.plainInsert.latency.p99)} ms`,
      ratio: "",
      goal: "p99 ≤ 10 ms",
      ok: p1.logEvent.latency.p99 <= 10,
    },
  ];
  const one = p2.oneClient;
  const extraMean = one.with.latency.mean - one.without.latency.mean;
  rows.push({
    item: "P2 1 client: logEvent in the transaction",
    figure: `+${ms(extraMean)} ms (p50 +${ms(one.with.latency.p50 - one.without.latency.p50)})`,
    baseline: `${ms(one.without.latency.mean)} ms/tx without`,
    ratio: pct(one.with.perSecond / one.without.perSecond),
    goal: "≤ +0.2 ms",
    ok: extraMean <= 0.2,
  });
  rows.push({
    item: "P2   floor: a hand-written INSERT instead",
    figure: `+${ms(one.handWritten.latency.mean - one.without.latency.mean)} ms`,
    baseline: `${ms(one.without.latency.mean)} ms/tx without`,
    ratio: pct(one.handWritten.perSecond / one.without.perSecond),
    goal: "",
    ok: null,
  });
  if (p2.manyClients) {
    const many = p2.manyClients;
    const ratio = many.with.perSecond / many.without.perSecond;
    rows.push(
      {
        item: `P2 ${many.clients} clients: throughput with logEvent`,
        figure: `${int(many.with.perSecond)} tx/s`,
        baseline: `${int(many.without.perSecond)} tx/s without`,
        ratio: pct(ratio),
        goal: "≥ 70%",
        ok: ratio >= 0.7,
      },
      {
        item: "P2   floor: a hand-written INSERT instead",
        figure: `${int(many.handWritten.perSecond)} tx/s`,
        baseline: `${int(many.without.perSecond)} tx/s without`,
        ratio: pct(many.handWritten.perSecond / many.without.perSecond),
        goal: "",
        ok: null,
      },
    );
  } else {
    rows.push({
      item: "P2 16 clients",
      figure: "n/a (one connection)",
      baseline: "",
      ratio: "",
      goal: "",
      ok: null,
    });
  }
  for (const r of m.reads) {
    rows.push({
      item: `${r.id} ${r.label}`,
      figure: r.lib ? `${ms(r.lib.p50)} / ${ms(r.lib.p99)} ms` : "ERROR (see below)",
      baseline: `raw ${ms(r.raw.p50)} / ${ms(r.raw.p99)} ms`,
      ratio: r.lib ? times(r.lib.p99 / r.raw.p99) : "",
      goal: `p99 ≤ ${r.goalP99Ms} ms`,
      ok: r.lib ? r.lib.p99 <= r.goalP99Ms : false,
    });
  }
  return rows;
}

export function formatTable(m: ModeResult, cpus: number): string {
  const embedded = m.mode === "embedded";
  const head: SummaryRow & { okText: string } = {
    item: "item",
    figure: "figure",
    baseline: "baseline",
    ratio: "ratio",
    goal: "goal",
    ok: null,
    okText: "ok?",
  };
  const okText = (ok: boolean | null) =>
    ok === null ? "" : embedded ? (ok ? "(ok)" : "(miss)") : ok ? "ok" : "MISS";
  const lines = [head, ...m.summary.map((r) => ({ ...r, okText: okText(r.ok) }))];
  const keys = ["item", "figure", "baseline", "ratio", "goal", "okText"] as const;
  const width = Object.fromEntries(
    keys.map((k) => [k, Math.max(...lines.map((l) => l[k].length))]),
  ) as Record<(typeof keys)[number], number>;
  const fmt = (l: (typeof lines)[number]) =>
    `│ ${keys.map((k) => (k === "ratio" ? l[k].padStart(width[k]) : l[k].padEnd(width[k]))).join(" │ ")} │`;
  const rule = (l: string, c: string, r: string) =>
    `${l}${keys.map((k) => "─".repeat(width[k] + 2)).join(c)}${r}`;
  const title =
    `${embedded ? "Embedded (PGlite)" : "Server (postgres.js)"} — ${m.postgresVersion.split(" on ")[0]} — ` +
    `${int(m.seed.rows)} rows for P3–P5 — P1 ${int(m.p1.events)} events per method — ${cpus} CPUs — ` +
    `ran ${(m.elapsedMs / 1000).toFixed(0)} s — load avg ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}`;
  const out = [
    title,
    rule("┌", "┬", "┐"),
    fmt(lines[0]!),
    rule("├", "┼", "┤"),
    ...lines.slice(1).map(fmt),
    rule("└", "┴", "┘"),
    `  P3–P5 figure/baseline: p50 / p99 of the library call / of the same query as raw SQL; ratio = p99 library ÷ p99 raw.`,
    `  P3–P5 goals are stated for 10M rows on the server; deep cursors sit ~${int(m.cursorDepth)} rows (page ~${int(
      m.cursorDepth / 50,
    )}) deep.`,
  ];
  if (embedded)
    out.push("  Goals are set for the server; for the embedded engine they are shown for reference, in (…).");
  for (const r of m.reads) out.push(`  plan ${r.id}: ${r.plan}`);
  for (const r of m.reads)
    out.push(
      `  partitions ${r.id}: ${r.partitions.touched.length} of the ${r.partitions.filled} holding rows read` +
        ` (${r.partitions.total} in all): ${r.partitions.seqScan ? "a Seq Scan on a partition with rows" : "no Seq Scan on a partition with rows"}`,
    );
  for (const w of m.warnings) out.push(`  ⚠ ${w}`);
  return out.join("\n");
}
