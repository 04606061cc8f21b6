import { uuidv7 } from "uuidv7";
import { logEvent } from "@/lib/activity";
import { LiveHub } from "@/lib/activity/live/live-hub";
import { activityStreamResponse } from "@/lib/http/activity-stream";
import { StreamSlots } from "@/lib/http/stream-slots";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { Db } from "@/lib/platform/db/types";
import { serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import { untilListening } from "@/tests/helpers/until-listening";
import type { BenchArgs, BenchMode } from "./args";
import { EventStreamClient } from "./event-stream-client";
import { type Latency, summarize } from "./measure";

/** A latency summary with the p95 the live goal is stated in. */
type LiveLatency = Latency & { p95: number };

function summarizeLive(samples: number[]): LiveLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!
    : Number.NaN;
  return { ...summarize(samples), p95 };
}

import { type BenchTarget, openEmbeddedTarget, openServerTarget } from "./targets";
import { benchLogEventThroughput, benchTransactionCost, type P1Result, type P2Result } from "./write-bench";

export type LiveModeResult = {
  mode: BenchMode;
  streams: number;
  events: number;
  /** logEvent called → the event parsed by a stream's HTTP client, every (event, stream) pair. */
  delivery: LiveLatency;
  /** logEvent called → the last of the streams has it, per event. */
  allStreams: LiveLatency;
  /** logEvent called → it resolved (committed): the part of the delivery that is the write. */
  write: LiveLatency;
  /** (event, stream) pairs that never arrived within the wait. */
  missing: number;
  /** P1 (logEvent throughput, events/s) and P2 (logEvent in a transaction, ms) without and with the notify trigger. */
  notifyCost: {
    p1: { without: P1Result; with: P1Result };
    p2: { without: P2Result; with: P2Result };
  } | null;
};

export type LiveBenchResult = { modes: LiveModeResult[] };

const WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * P9: event written → visible in an open page. `streams` HTTP clients hold the real stream
 * handler open (the one GET /api/activity/stream serves, behind its access check) on a local
 * server fed by the process's LiveHub; events are written one at a time by logEvent — in server
 * mode through a second connection pool, as a worker process would — and each client's receipt
 * is timed. Then P1 and P2 again with the notify trigger disabled and enabled, in the same run.
 */
export async function benchLive(args: BenchArgs, log: (line: string) => void): Promise<LiveBenchResult> {
  const modes: LiveModeResult[] = [];
  for (const mode of args.modes) {
    const target =
      mode === "server" ? await openServerTarget(args.serverUrl, args.p2Clients) : await openEmbeddedTarget();
    try {
      modes.push(await benchLiveMode(target, args, (line) => log(`${mode}: ${line}`)));
    } finally {
      await target.dispose();
    }
  }
  return { modes };
}

async function benchLiveMode(target: BenchTarget, args: BenchArgs, log: (line: string) => void) {
  const streams = args.quick ? 25 : 100;
  const events = args.quick ? 20 : 200;
  const hub = new LiveHub((channel, handlers) => target.handle.listen(channel, handlers));
  await hub.start();
  await untilListening(hub);
  const storeId = uuidv7();
  const server = await serveFetchHandler((request) =>
    activityStreamResponse(request, {
      db: target.handle.db,
      live: hub,
      storeId,
      slots: new StreamSlots(),
      maxStreams: streams,
    }),
  );
  // Another process's pool on a server; the one PGlite embedded.
  const writer = target.url ? openServerDatabase(target.url, { poolMax: 4 }) : null;
  const db: Db = writer?.db ?? target.handle.db;
  const clients: EventStreamClient[] = [];
  try {
    log(`P9 opening ${streams} streams`);
    for (let i = 0; i < streams; i++) clients.push(await EventStreamClient.open(`${server.url}/stream`));
    await Promise.all(clients.map((c) => c.until(() => c.comments.includes("connected"), WAIT_MS)));

    log(`P9 writing ${events} events one at a time`);
    const activity = {
      storeId,
      actor: { type: "system" as const, label: "Bench" },
      source: "system" as const,
    };
    const delivery: number[] = [];
    const allStreams: number[] = [];
    const write: number[] = [];
    let missing = 0;
    for (let i = 0; i < events; i++) {
      const t0 = performance.now();
      const { id } = await logEvent(db, activity, "sync.started", {});
      write.push(performance.now() - t0);
      const arrived = (c: EventStreamClient) => c.events.some((e) => e.id === id);
      const deadline = Date.now() + WAIT_MS;
      while (!clients.every(arrived) && Date.now() < deadline) await sleep(1);
      let last = 0;
      for (const c of clients) {
        const event = c.events.find((e) => e.id === id);
        if (!event) {
          missing++;
          continue;
        }
        delivery.push(event.receivedAt - t0);
        last = Math.max(last, event.receivedAt - t0);
      }
      allStreams.push(last);
      for (const c of clients) c.events.length = 0;
      await sleep(5 + Math.random() * 20);
    }
    for (const c of clients) c.close();
    await sleep(50);

    let notifyCost: LiveModeResult["notifyCost"] = null;
    const p1Events = Math.ceil(args.p1Events[target.mode] / 2);
    const p2Ms = args.p2DurationMs;
    const p2Clients = target.mode === "server" ? args.p2Clients : null;
    const trigger = (on: boolean) =>
      target.handle.query(
        `alter table activity_log ${on ? "enable" : "disable"} trigger activity_log_notify`,
      );
    log(`P1/P2 without the notify trigger`);
    await trigger(false);
    const p1Without = await benchLogEventThroughput(target, p1Events, args.p1Callers, () => {});
    const p2Without = await benchTransactionCost(target, p2Ms, p2Clients, () => {});
    log(`P1/P2 with the notify trigger (and this process listening)`);
    await trigger(true);
    await target.handle.query("drop table bench_accounts");
    const p1With = await benchLogEventThroughput(target, p1Events, args.p1Callers, () => {});
    const p2With = await benchTransactionCost(target, p2Ms, p2Clients, () => {});
    notifyCost = { p1: { without: p1Without, with: p1With }, p2: { without: p2Without, with: p2With } };

    return {
      mode: target.mode,
      streams,
      events,
      delivery: summarizeLive(delivery),
      allStreams: summarizeLive(allStreams),
      write: summarizeLive(write),
      missing,
      notifyCost,
    } satisfies LiveModeResult;
  } finally {
    for (const c of clients) c.close();
    await server.close();
    await hub.stop();
    await writer?.close();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "—");

export function formatP9(result: LiveBenchResult): string {
  const lines = [
    "P9 — live updates: logEvent called → the event read by an open stream's HTTP client (real stream handler and LiveHub on a local HTTP server; clients in this process)",
  ];
  for (const r of result.modes) {
    lines.push(
      `  ${r.mode}: ${r.streams} open streams, ${r.events} events${r.missing ? `, ${r.missing} (event, stream) pairs MISSING` : ", none missed"}`,
      `    every delivery     p50 ${ms(r.delivery.p50)}  p95 ${ms(r.delivery.p95)}  p99 ${ms(r.delivery.p99)}  max ${ms(r.delivery.max)}  (goal: p95 ≤ 2 s)`,
      `    all ${String(r.streams).padEnd(3)} streams    p50 ${ms(r.allStreams.p50)}  p95 ${ms(r.allStreams.p95)}  p99 ${ms(r.allStreams.p99)}`,
      `    of which the write p50 ${ms(r.write.p50)}  p95 ${ms(r.write.p95)}  (baseline: logEvent alone, committed)`,
    );
    const cost = r.notifyCost;
    if (cost) {
      const p1 = (x: P1Result) => x.logEvent.perSecond;
      const p2 = (x: P2Result) => x.oneClient.with.latency.p50;
      lines.push(
        `    P1 logEvent throughput: ${Math.round(p1(cost.p1.without)).toLocaleString("en-GB")}/s without the notify trigger, ${Math.round(p1(cost.p1.with)).toLocaleString("en-GB")}/s with it (${(p1(cost.p1.with) / p1(cost.p1.without)).toFixed(2)}×)`,
        `    P2 transaction with logEvent, one client, p50: ${ms(p2(cost.p2.without))} without, ${ms(p2(cost.p2.with))} with (${(p2(cost.p2.with) / p2(cost.p2.without)).toFixed(2)}×)`,
      );
      const many = cost.p2.with.manyClients;
      const manyWithout = cost.p2.without.manyClients;
      if (many && manyWithout)
        lines.push(
          `    P2 ${many.clients} clients, p50: ${ms(manyWithout.with.latency.p50)} without, ${ms(many.with.latency.p50)} with; throughput ${Math.round(manyWithout.with.perSecond)}/s → ${Math.round(many.with.perSecond)}/s`,
        );
    }
  }
  return lines.join("\n");
}
