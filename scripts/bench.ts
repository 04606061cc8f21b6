/**
 * The activity core's benchmark: `npm run bench -- [--rows N] [--quick] [--mode …] [--json path]`.
 * Prints a table per mode (each figure beside its baseline and goal) and writes the JSON.
 * See docs/benchmarks.md for what each figure means.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ActivitySpool } from "@/lib/activity/write/spool";
import { writerState } from "@/lib/activity/write/writer-state";
import { type BenchArgs, type BenchMode, parseArgs } from "./bench/args";
import { benchExport, type ExportBenchResult, formatP7 } from "./bench/export-bench";
import { benchLive, formatP9, type LiveBenchResult } from "./bench/live-bench";
import { formatDuration } from "./bench/measure";
import { benchReads, seedSample } from "./bench/read-bench";
import { benchRenders, formatP8, type RenderBenchResult } from "./bench/render-bench";
import { formatTable, type ModeResult, summarizeMode } from "./bench/report";
import { benchSeal, formatSeal, type SealBenchResult } from "./bench/seal-bench";
import { seedActivityLog } from "./bench/seed-log";
import { benchAtSize, formatSizeTable } from "./bench/size-bench";
import {
  type BenchTarget,
  disposeAll,
  openEmbeddedTarget,
  openServerTarget,
  redact,
  serverAnswers,
} from "./bench/targets";
import { benchWebhooks, formatP6, type WebhookBenchResult } from "./bench/webhook-bench";
import { benchLogEventThroughput, benchTransactionCost } from "./bench/write-bench";

const started = performance.now();
const clock = () => {
  const s = Math.floor((performance.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

async function runMode(mode: BenchMode, args: BenchArgs, first: boolean): Promise<ModeResult> {
  const log = (line: string) => console.log(`[${clock()}] ${mode}: ${line}`);
  const t0 = performance.now();
  const loadStart = os.loadavg()[0]!;
  // After a first mode the load average still counts the bench's own work, so check it only once.
  const busyAtStart = first && loadStart > os.cpus().length * 0.5;
  if (busyAtStart)
    log(
      `the machine is busy (load average ${loadStart.toFixed(1)} on ${os.cpus().length} CPUs): figures will be low`,
    );
  const target: BenchTarget =
    mode === "server" ? await openServerTarget(args.serverUrl, args.p2Clients) : await openEmbeddedTarget();
  log(`fresh database: ${target.location}`);
  try {
    const [version] = await target.handle.query<{ version: string }>("select version() as version");
    const p1 = await benchLogEventThroughput(target, args.p1Events[mode], args.p1Callers, log, args.p1Rounds);
    const p2 = await benchTransactionCost(
      target,
      args.p2DurationMs,
      mode === "server" ? args.p2Clients : null,
      log,
    );
    log(
      `bulk-loading ${args.rows.toLocaleString("en-GB")} rows for P3–P5 (insert … select from generate_series)`,
    );
    const seed = await seedActivityLog(target, args.rows, log);
    log(
      `loaded in ${formatDuration(seed.elapsedMs)} (${Math.round((args.rows / seed.elapsedMs) * 1000).toLocaleString("en-GB")} rows/s, with vacuum analyze)`,
    );
    const { results: reads, cursorDepth } = await benchReads(
      target,
      seedSample(seed),
      args.readIterations,
      log,
    );

    const warnings: string[] = [];
    const loadAverage = { start: loadStart, end: os.loadavg()[0]! };
    // The bench itself keeps ~1–2 processes busy, so only a high end value means other work.
    if (busyAtStart || loadAverage.end > os.cpus().length * 1.5)
      warnings.push(
        `the machine was busy with other work (load average ${loadAverage.start.toFixed(1)} → ${loadAverage.end.toFixed(1)} on ${os.cpus().length} CPUs): the figures understate this code`,
      );
    if (p1.writer.spooled)
      warnings.push(`P1: ${p1.writer.spooled} row(s) went to the spool instead of the database`);
    if (p1.writer.failures || p1.writer.lost)
      warnings.push(`P1: ${p1.writer.failures} write failure(s), ${p1.writer.lost} lost row(s)`);
    if (p1.rowsFound !== p1.events * p1.rounds)
      warnings.push(
        `P1: ${p1.events * p1.rounds} events logged but ${p1.rowsFound} rows found in the database`,
      );
    const notWritten = Object.entries(p1.statuses).filter(([s]) => s !== "written");
    if (notWritten.length)
      warnings.push(
        `P1: logEvent statuses other than written: ${JSON.stringify(Object.fromEntries(notWritten))}`,
      );
    if (p2.notWritten)
      warnings.push(`P2: ${p2.notWritten} logEvent call(s) in a transaction were not written`);
    if (p2.rowsFound !== p2.eventsLogged)
      warnings.push(`P2: ${p2.eventsLogged} events logged in transactions but ${p2.rowsFound} rows found`);
    for (const r of reads) {
      if (r.seqScan) warnings.push(`${r.id} ${r.label}: the plan has a Seq Scan: ${r.plan}`);
      if (r.partitions.seqScan)
        warnings.push(`${r.id} ${r.label}: a Seq Scan on a partition of activity_log ran (EXPLAIN ANALYZE)`);
      if (r.lib && r.meanRows === 0) warnings.push(`${r.id} ${r.label}: the library call returned no rows`);
      if (r.libError) warnings.push(`${r.id} ${r.label}: the library call failed: ${r.libError}`);
      if (r.mismatch) warnings.push(`${r.id}: the library call and the raw SQL disagree: ${r.mismatch}`);
    }
    const partial = {
      mode,
      location: target.location,
      postgresVersion: version?.version ?? "unknown",
      elapsedMs: performance.now() - t0,
      loadAverage,
      p1,
      p2,
      seed,
      reads,
      cursorDepth,
      warnings,
    };
    return { ...partial, summary: summarizeMode(partial) };
  } finally {
    await target.dispose();
    log("bench database removed");
  }
}

/** `--size`: the bench at size alone (server mode), its table and its JSON. */
async function mainAtSize(args: BenchArgs) {
  console.log(
    `Storyline activity bench at size — ${args.sizes.map((n) => n.toLocaleString("en-GB")).join(", ")} rows — server: ${redact(args.serverUrl)}`,
  );
  if (!(await serverAnswers(args.serverUrl))) {
    console.error(
      `No PostgreSQL server answers at ${redact(args.serverUrl)}: the bench at size needs one (DATABASE_URL).`,
    );
    process.exit(1);
  }
  const onSignal = () => void disposeAll().finally(() => process.exit(130));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const results = await benchAtSize(
    args.serverUrl,
    args.sizes,
    { iterations: args.readIterations, quick: args.quick, p8: args.p8 !== "off" },
    (line) => console.log(`[${clock()}] ${line}`),
  );
  console.log(`\n${formatSizeTable(results)}\n`);
  mkdirSync(path.dirname(args.jsonPath), { recursive: true });
  const cpus = os.cpus();
  writeFileSync(
    args.jsonPath,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        sizes: args.sizes,
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", loadAverage: os.loadavg() },
        elapsedMs: Math.round(performance.now() - started),
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Results written to ${path.relative(process.cwd(), args.jsonPath) || args.jsonPath}`);
  console.log(`Total time ${formatDuration(performance.now() - started)}`);
  const failed = results.some((r) => r.p8Error || r.retentionError || r.reads.some((x) => x.libError));
  process.exit(failed ? 1 : 0);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.sizes.length) return mainAtSize(args);
  const spoolDir = mkdtempSync(path.join(os.tmpdir(), "storyline-bench-spool-"));
  writerState.spool = new ActivitySpool(spoolDir);
  writerState.options = { writeTimeoutMs: 10_000, spoolRetryMs: 1_000, batchMax: 500, concurrency: 2 };

  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: removing the bench databases…`);
    void disposeAll().finally(() => {
      rmSync(spoolDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  console.log(
    `Storyline activity bench — modes: ${args.modes.join(", ")} — rows: ${args.rows.toLocaleString("en-GB")}` +
      `${args.quick ? " — quick" : ""}${args.modes.includes("server") ? ` — server: ${redact(args.serverUrl)}` : ""}`,
  );
  const results: ModeResult[] = [];
  const errors: { mode: BenchMode; error: string }[] = [];
  // With any "only", just the benchmarks marked only run.
  const anyOnly =
    args.p6 === "only" ||
    args.p8 === "only" ||
    args.p7 === "only" ||
    args.p9 === "only" ||
    args.seal === "only";
  const runSeal = args.seal === "only" || (args.seal === "on" && !anyOnly);
  const runP9 = args.p9 === "only" || (args.p9 === "on" && !anyOnly);
  let runP7 = args.p7 === "only" || (args.p7 === "on" && !anyOnly);
  let runP6 = args.p6 === "only" || (args.p6 === "on" && !anyOnly);
  let runP8 = args.p8 === "only" || (args.p8 === "on" && !anyOnly);
  let modes = anyOnly ? [] : args.modes;
  let reachableModes = args.modes;
  const skipped: string[] = [];
  // Everything but the embedded mode needs a PostgreSQL server: without one, say what is skipped and why.
  const needsServer = args.modes.includes("server") || runP6 || runP7 || runP8;
  if (needsServer && !(await serverAnswers(args.serverUrl))) {
    const names = [
      ...(modes.includes("server") ? ["server mode (P1–P5)"] : []),
      ...(runP6 ? ["P6"] : []),
      ...(runP7 ? ["P7"] : []),
      ...(runP8 ? ["P8"] : []),
      ...(runP9 && args.modes.includes("server") ? ["P9 on the server"] : []),
      ...(runSeal && args.modes.includes("server") ? ["the seal on the server"] : []),
    ];
    skipped.push(
      `${names.join(", ")}: no PostgreSQL server answers at ${redact(args.serverUrl)} (set DATABASE_URL to one the bench may create databases on)`,
    );
    console.log(`\nSkipped ${skipped[0]}\n`);
    modes = modes.filter((m) => m !== "server");
    reachableModes = reachableModes.filter((m) => m !== "server");
    runP6 = runP7 = runP8 = false;
  }
  for (const mode of modes) {
    try {
      const result = await runMode(mode, args, mode === modes[0]);
      results.push(result);
      console.log(`\n${formatTable(result, os.cpus().length)}\n`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ mode, error: message });
      console.error(`\n${mode} mode failed: ${message}\n`);
    }
  }
  let p6: WebhookBenchResult | null = null;
  if (runP6) {
    try {
      p6 = await benchWebhooks(args.serverUrl, args.quick, (line) => console.log(`[${clock()}] P6: ${line}`));
      console.log(`\n${formatP6(p6)}\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ mode: "server", error: `P6: ${message}` });
      console.error(`\nP6 failed: ${message}\n`);
    }
  }
  let p8: RenderBenchResult | null = null;
  if (runP8) {
    try {
      p8 = await benchRenders(args.serverUrl, args.rows, args.quick, (line) =>
        console.log(`[${clock()}] P8: ${line}`),
      );
      console.log(`\n${formatP8(p8)}\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ mode: "server", error: `P8: ${message}` });
      console.error(`\nP8 failed: ${message}\n`);
    }
  }
  let p7: ExportBenchResult | null = null;
  if (runP7) {
    try {
      p7 = await benchExport(args.serverUrl, args.p7Rows, (line) => console.log(`[${clock()}] P7: ${line}`));
      console.log(`\n${formatP7(p7)}\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ mode: "server", error: `P7: ${message}` });
      console.error(`\nP7 failed: ${message}\n`);
    }
  }
  let p9: LiveBenchResult | null = null;
  if (runP9 && reachableModes.length) {
    try {
      p9 = await benchLive({ ...args, modes: reachableModes }, (line) =>
        console.log(`[${clock()}] P9: ${line}`),
      );
      console.log(`\n${formatP9(p9)}\n`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ mode: "server", error: `P9: ${message}` });
      console.error(`\nP9 failed: ${message}\n`);
    }
  }
  const seal: SealBenchResult[] = [];
  for (const mode of runSeal ? reachableModes : []) {
    try {
      const result = await benchSeal(
        mode,
        {
          serverUrl: args.serverUrl,
          events: args.p1Events[mode],
          callers: args.p1Callers,
          p2Ms: args.p2DurationMs,
          p2Clients: args.p2Clients,
          rows: args.sealRows,
        },
        (line) => console.log(`[${clock()}] ${mode}: ${line}`),
      );
      seal.push(result);
      console.log(`\n${formatSeal(result)}\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ mode, error: `seal: ${message}` });
      console.error(`\nseal (${mode}) failed: ${message}\n`);
    }
  }
  await writerState.spool.close();
  rmSync(spoolDir, { recursive: true, force: true });

  const cpus = os.cpus();
  const report = {
    generatedAt: new Date().toISOString(),
    args: {
      rows: args.rows,
      quick: args.quick,
      modes: args.modes,
      p1Events: args.p1Events,
      p1Callers: args.p1Callers,
      p1Rounds: args.p1Rounds,
      p2DurationMs: args.p2DurationMs,
      p2Clients: args.p2Clients,
      readIterations: args.readIterations,
      p6: args.p6,
      p8: args.p8,
      p7: args.p7,
      p7Rows: args.p7Rows,
      p9: args.p9,
      seal: args.seal,
      sealRows: args.sealRows,
    },
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      loadAverage: os.loadavg(),
      memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      postgres: Object.fromEntries(results.map((r) => [r.mode, r.postgresVersion])),
    },
    elapsedMs: Math.round(performance.now() - started),
    results,
    p6,
    p8,
    p7,
    p9,
    skipped,
    seal,
    errors,
  };
  mkdirSync(path.dirname(args.jsonPath), { recursive: true });
  writeFileSync(args.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${path.relative(process.cwd(), args.jsonPath) || args.jsonPath}`);
  console.log(`Total time ${formatDuration(performance.now() - started)}`);
  for (const line of skipped) console.log(`Skipped ${line}`);
  process.exit(errors.length ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await disposeAll();
  process.exit(1);
});
