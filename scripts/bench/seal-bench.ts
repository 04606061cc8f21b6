import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { stores } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import type { BenchMode } from "./args";
import { formatDuration, mergeRuns, type Run, round, runConcurrent, runFor } from "./measure";
import { type BenchTarget, openEmbeddedTarget, openServerTarget } from "./targets";

export type SealBenchResult = {
  mode: BenchMode;
  /** P1: logEvent throughput, the seal job off and on (alternating rounds, merged). */
  p1: { off: Throughput; on: Throughput; ratio: number | null };
  /** P2: logEvent inside a transaction, latency, the seal job off and on. */
  p2: { off: Run; on: Run; ratio: number | null };
  /** Rows sealed while the writers ran, and the seal job's passes. */
  sealedDuringWrites: number;
  passes: number;
  /** Sealing and verifying one store's `rows` bulk-loaded rows. */
  rows: number;
  sealMs: number;
  verifyMs: number;
  verifyRowsPerSecond: number;
  verifiedClean: boolean;
};

const ROUNDS = 2;

type Throughput = { perSecond: number; p99: number };

/** Events per second over all rounds, and the worst round's p99. */
const throughput = (runs: Run[]): Throughput => ({
  perSecond: (runs.reduce((s, r) => s + r.count, 0) / runs.reduce((s, r) => s + r.elapsedMs, 0)) * 1000,
  p99: Math.max(...runs.map((r) => r.latency.p99)),
});

/**
 * The seal's cost and speed: P1 and P2 with the seal job running every second (a harder pace
 * than its 5 s default) against not running, in alternating rounds on one database; then one
 * store of `rows` bulk-loaded rows (a fifth with a customer's email) sealed and verified whole.
 */
export async function benchSeal(
  mode: BenchMode,
  options: {
    serverUrl: string;
    events: number;
    callers: number;
    p2Ms: number;
    p2Clients: number;
    rows: number;
  },
  log: (line: string) => void,
): Promise<SealBenchResult> {
  const target: BenchTarget =
    mode === "server"
      ? await openServerTarget(options.serverUrl, options.p2Clients)
      : await openEmbeddedTarget();
  try {
    const { db } = target.handle;
    const [store] = await db
      .insert(stores)
      .values({ slug: `bench-seal-${Date.now()}`, name: "Seal bench" })
      .returning({ id: stores.id });
    const activity = {
      storeId: store!.id,
      actor: { type: "system" as const, label: "Bench" },
      source: "system" as const,
    };
    const note = (i: number) =>
      logEvent(db, activity, "order.note_added", { note: `note ${i}` }, { orderId: uuidv7() });
    await runConcurrent(options.callers, Math.min(1000, options.events), note);
    await sealActivity(db, { lagSeconds: 0, batch: 50_000 });

    let passes = 0;
    let sealedDuringWrites = 0;
    const withSealer = async <T>(fn: () => Promise<T>): Promise<T> => {
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const result = await sealActivity(db);
          passes++;
          sealedDuringWrites += result.sealed;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
      try {
        return await fn();
      } finally {
        stop = true;
        await loop;
      }
    };

    const p1Runs = { off: [] as Run[], on: [] as Run[] };
    const p2Runs = { off: [] as Run[], on: [] as Run[] };
    const p2Samples = { off: [] as number[], on: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of ["off", "on"] as const) {
        const run = () => runConcurrent(options.callers, options.events, note);
        log(`seal P1 round ${round}, seal job ${variant}: ${options.events} logEvent calls`);
        p1Runs[variant].push(variant === "on" ? await withSealer(run) : await run());
        const p2 = () =>
          runFor(
            mode === "server" ? options.p2Clients : 1,
            options.p2Ms,
            () =>
              db.transaction(async (tx) => {
                await tx.execute(sql`select 1`);
                await logEvent(tx, activity, "order.note_added", { note: "in a transaction" }, {});
              }),
            p2Samples[variant],
          );
        log(`seal P2 round ${round}, seal job ${variant}: ${formatDuration(options.p2Ms)} of transactions`);
        p2Runs[variant].push(variant === "on" ? await withSealer(p2) : await p2());
      }
    }
    const p1Off = throughput(p1Runs.off);
    const p1On = throughput(p1Runs.on);
    const p1 = { off: p1Off, on: p1On, ratio: round(p1On.perSecond / p1Off.perSecond) };
    const p2Off = mergeRuns(p2Runs.off, p2Samples.off);
    const p2On = mergeRuns(p2Runs.on, p2Samples.on);
    const p2 = { off: p2Off, on: p2On, ratio: round(p2On.latency.p50 / p2Off.latency.p50) };

    log(`loading ${options.rows.toLocaleString("en-GB")} rows into one store for the verify rate`);
    const [big] = await db
      .insert(stores)
      .values({ slug: `bench-verify-${Date.now()}`, name: "Verify bench" })
      .returning({ id: stores.id });
    await loadRows(target, big!.id, options.rows);
    // What autovacuum does soon after a bulk load: the planner then walks the indexes instead of
    // sorting the whole store for every page.
    await target.handle.query("analyze activity_log");
    log("sealing them");
    const sealStart = performance.now();
    while ((await sealActivity(db, { lagSeconds: 0, batch: 50_000 })).sealed > 0);
    const sealMs = performance.now() - sealStart;
    log(`sealed in ${formatDuration(sealMs)}; verifying`);
    const verifyStart = performance.now();
    const verified = await verifyStore(db, big!.id);
    const verifyMs = performance.now() - verifyStart;
    return {
      mode,
      p1,
      p2,
      sealedDuringWrites,
      passes,
      rows: verified.verifiedRows,
      sealMs,
      verifyMs,
      verifyRowsPerSecond: Math.round((verified.verifiedRows / verifyMs) * 1000),
      verifiedClean: verified.problem === null && verified.verifiedRows === options.rows,
    };
  } finally {
    await target.dispose();
  }
}

/** `rows` rows of one store in 100k-row statements: notes, and every fifth an email with a customer's address. */
async function loadRows(target: BenchTarget, storeId: string, rows: number) {
  for (let from = 0; from < rows; from += 100_000) {
    const to = Math.min(rows, from + 100_000);
    await target.handle.query(
      `insert into activity_log (id, store_id, event_type, level, message, entity_type, entity_id, order_id,
         actor_type, actor_label, source, payload, occurred_at)
       select gen_random_uuid(), '${storeId}',
         case when g % 5 = 0 then 'order.email.confirmation_sent' else 'order.note_added' end, 'info',
         case when g % 5 = 0 then 'Order confirmation sent to c' || g || '@example.com' else 'Note ' || g end,
         'order', null, gen_random_uuid(), 'system', 'Bench', 'system',
         case when g % 5 = 0 then jsonb_build_object('to', 'c' || g || '@example.com') else jsonb_build_object('note', 'n' || g) end,
         now() - make_interval(secs => g)
       from generate_series(${from + 1}, ${to}) g`,
    );
  }
}

export function formatSeal(result: SealBenchResult): string {
  const pct = (ratio: number | null) => (ratio === null ? "n/a" : `${Math.round(ratio * 100)}%`);
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  return [
    `Seal (${result.mode}) — the seal job every 1 s against none, ${ROUNDS} alternating rounds`,
    `  P1 logEvent     off ${Math.round(result.p1.off.perSecond)} ev/s (p99 ${ms(result.p1.off.p99)})  on ${Math.round(result.p1.on.perSecond)} ev/s (p99 ${ms(result.p1.on.p99)})  on/off ${pct(result.p1.ratio)}  goal ≥ 95%`,
    `  P2 in a tx      off p50 ${ms(result.p2.off.latency.p50)} p99 ${ms(result.p2.off.latency.p99)}  on p50 ${ms(result.p2.on.latency.p50)} p99 ${ms(result.p2.on.latency.p99)}  on/off p50 ${pct(result.p2.ratio)}  goal ≤ 105%`,
    `  sealed while writing: ${result.sealedDuringWrites} entries in ${result.passes} passes`,
    `  ${result.rows.toLocaleString("en-GB")} rows: sealed in ${formatDuration(result.sealMs)}, verified in ${formatDuration(result.verifyMs)} (${result.verifyRowsPerSecond.toLocaleString("en-GB")} rows/s${result.rows >= 1_000_000 ? `; goal ≤ 10 s for 1M` : ""})${result.verifiedClean ? "" : " — NOT CLEAN"}`,
  ].join("\n");
}
