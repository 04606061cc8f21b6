/** Latency summary in milliseconds. */
export type Latency = { n: number; mean: number; p50: number; p90: number; p99: number; max: number };

export function summarize(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0)
    return { n: 0, mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n, mean: sum / n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1]! };
}

export type Run = { count: number; elapsedMs: number; perSecond: number; latency: Latency };

/**
 * `callers` concurrent async loops share `total` calls; each loop awaits its own call before
 * taking the next one. Every call's latency is recorded, and also pushed to `sink` (to merge
 * alternating rounds).
 */
export async function runConcurrent(
  callers: number,
  total: number,
  call: (index: number) => Promise<unknown>,
  sink: number[] = [],
): Promise<Run> {
  const latencies = new Float64Array(total);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(callers, total) }, async () => {
      while (next < total) {
        const index = next++;
        const t0 = performance.now();
        await call(index);
        latencies[index] = performance.now() - t0;
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  for (const v of latencies) sink.push(v);
  return { count: total, elapsedMs, perSecond: (total / elapsedMs) * 1000, latency: summarize(latencies) };
}

/**
 * `clients` concurrent loops call `call` until `durationMs` has passed. Latencies are also
 * pushed to `sink`, so that alternating rounds of one variant can be merged.
 */
export async function runFor(
  clients: number,
  durationMs: number,
  call: (client: number) => Promise<unknown>,
  sink: number[] = [],
): Promise<Run> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await call(client);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  for (const v of latencies) sink.push(v);
  return {
    count: latencies.length,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    latency: summarize(latencies),
  };
}

/** Merges runs of one variant measured in alternating rounds (`samples`: all their latencies). */
export function mergeRuns(runs: Run[], samples: number[]): Run {
  const count = runs.reduce((s, r) => s + r.count, 0);
  const elapsedMs = runs.reduce((s, r) => s + r.elapsedMs, 0);
  return { count, elapsedMs, perSecond: (count / elapsedMs) * 1000, latency: summarize(samples) };
}

export const round = (value: number, digits = 3) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null;

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
