import postgres from "postgres";
import { exportActivity } from "@/lib/activity/export/export-activity";
import { formatDuration } from "./measure";
import { seedActivityLog } from "./seed-log";
import { openServerTarget } from "./targets";

type Run = { rows: number; bytes: number; ms: number; rowsPerSecond: number; peakGrowthMb: number };

export type ExportBenchResult = {
  /** Rows in the export (the first store's share of the bulk load, debug rows excluded). */
  rows: number;
  loaded: number;
  loadMs: number;
  copy: Run;
  csv: Run & { ratioToCopy: number };
  ndjson: Run & { ratioToCopy: number };
  goal: { seconds: number; memoryMb: number; rows: number };
};

/** The first store gets 3 of every 5 order groups of the bulk load (see seed-log.ts). */
const FIRST_STORE_SHARE = 0.6;

/** Times `consume`, sampling this process's RSS every 10 ms; growth is peak minus the start. */
async function measure(consume: () => Promise<{ rows: number; bytes: number }>): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  const { rows, bytes } = await consume();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { rows, bytes, ms, rowsPerSecond: rows / (ms / 1000), peakGrowthMb: (peak - start) / 2 ** 20 };
}

async function drain(stream: ReadableStream<Uint8Array>, newlineRows: boolean) {
  let bytes = 0;
  let lines = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (newlineRows) for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  return { bytes, lines };
}

/**
 * P7: the whole feed of one store exported as CSV and as NDJSON through `exportActivity` (what
 * the download route streams), beside PostgreSQL's own `COPY (…same rows, same order…) TO
 * STDOUT` as the baseline, on a fresh server database.
 */
export async function benchExport(
  adminUrl: string,
  exportRows: number,
  log: (line: string) => void,
): Promise<ExportBenchResult> {
  const target = await openServerTarget(adminUrl, 4);
  try {
    const loadRows = Math.ceil(exportRows / FIRST_STORE_SHARE / 1000) * 1000;
    log(
      `bulk-loading ${loadRows.toLocaleString("en-GB")} rows (~${exportRows.toLocaleString("en-GB")} in the exported store)`,
    );
    const seed = await seedActivityLog(target, loadRows, log);
    const storeId = seed.stores[0];
    const copyClient = postgres(target.url!, { max: 1, onnotice: () => {} });
    try {
      log("COPY (select … order by occurred_at desc, id desc) TO STDOUT (csv)");
      const copy = await measure(async () => {
        const stream = await copyClient
          .unsafe(
            `copy (select * from activity_log where store_id = '${storeId}' and visibility <> 'debug'
               order by occurred_at desc, id desc) to stdout with (format csv)`,
          )
          .readable();
        let bytes = 0;
        let rows = 0;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
        }
        return { rows, bytes };
      });
      log(`COPY: ${copy.rows.toLocaleString("en-GB")} rows in ${formatDuration(copy.ms)}`);
      const run = async (format: "csv" | "ndjson") => {
        // Warm up: the code paths compiled and the connection's buffers grown, not counted.
        const warm = exportActivity(target.handle.db, storeId, {}, format).getReader();
        await warm.read();
        await warm.read();
        await warm.cancel();
        log(`exportActivity ${format}`);
        const result = await measure(async () => {
          const { bytes, lines } = await drain(exportActivity(target.handle.db, storeId, {}, format), true);
          return { rows: format === "csv" ? lines - 1 : lines, bytes };
        });
        log(`${format}: ${result.rows.toLocaleString("en-GB")} rows in ${formatDuration(result.ms)}`);
        return { ...result, ratioToCopy: result.ms / copy.ms };
      };
      const csv = await run("csv");
      const ndjson = await run("ndjson");
      return {
        rows: ndjson.rows,
        loaded: loadRows,
        loadMs: seed.elapsedMs,
        copy,
        csv,
        ndjson,
        goal: { seconds: 10, memoryMb: 100, rows: 1_000_000 },
      };
    } finally {
      await copyClient.end({ timeout: 5 });
    }
  } finally {
    await target.dispose();
  }
}

export function formatP7(r: ExportBenchResult): string {
  const line = (label: string, run: Run, ratio: number | null) =>
    `  ${label.padEnd(44)} ${run.rows.toLocaleString("en-GB").padStart(10)} ${(run.ms / 1000).toFixed(2).padStart(7)} s ${Math.round(run.rowsPerSecond).toLocaleString("en-GB").padStart(9)}/s ${(run.bytes / 2 ** 20).toFixed(0).padStart(6)} MB ${run.peakGrowthMb.toFixed(0).padStart(6)} MB  ${ratio === null ? "" : `${ratio.toFixed(2)}×`}`;
  const verdict = (run: Run) => {
    const perMillion = (run.ms / 1000) * (1_000_000 / run.rows);
    return `${perMillion <= r.goal.seconds ? "met" : "missed"} (${perMillion.toFixed(1)} s per 1M rows), memory growth ${run.peakGrowthMb <= r.goal.memoryMb ? "met" : "missed"}`;
  };
  return [
    `P7 — export of one store's feed (${r.rows.toLocaleString("en-GB")} rows of ${r.loaded.toLocaleString("en-GB")} loaded), server mode, in this process; goal: 1M rows in ≤ 10 s with ≤ 100 MB memory growth`,
    `  ${"".padEnd(44)} ${"rows".padStart(10)} ${"time".padStart(9)} ${"rows/s".padStart(11)} ${"output".padStart(9)} ${"RSS +".padStart(9)}  ÷ COPY`,
    line("baseline: COPY (same rows, same order) TO STDOUT", r.copy, null),
    line("exportActivity → CSV", r.csv, r.csv.ratioToCopy),
    line("exportActivity → NDJSON", r.ndjson, r.ndjson.ratioToCopy),
    `  CSV: ${verdict(r.csv)}; NDJSON: ${verdict(r.ndjson)}`,
  ].join("\n");
}
