import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stores } from "@/db/schema";
import { sampleItems } from "@/lib/demo/scenarios/scenarios";
import { SimulationClient } from "@/lib/demo/scenarios/simulation-client";
import { BENCH_DIST_DIR, ensureBenchBuild, freePort, sleep, stop, waitForHealth } from "./app-process";
import { openServerTarget } from "./targets";

const run = promisify(execFile);

export type LoadResult = {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  seconds: number;
};

export type WebhookBenchResult = {
  connections: number;
  seconds: number;
  baseline: LoadResult;
  webhook: LoadResult;
  rows: { orders: number; created: number; deliveries: number; lost: number; doubled: number };
  lifecycle: {
    seconds: number;
    events: number;
    eventsPerSecond: number;
    jobsCompleted: number;
    ordersDelivered: number;
    orders: number;
  };
};

const SECRET = "whsec_bench_p6_only";

/**
 * P6: signed `checkout.session.completed` deliveries against the production build in server
 * mode, driven by autocannon from a second process; baseline in the same run: a route that
 * only verifies the signature. Then every accepted delivery is counted back (0 lost, 0
 * doubled), and the workers are started to measure the whole lifecycle's event rate.
 */
export async function benchWebhooks(
  serverUrl: string,
  quick: boolean,
  log: (line: string) => void,
): Promise<WebhookBenchResult> {
  ensureBenchBuild(log);
  const seconds = quick ? 5 : 15;
  const connections = quick ? 16 : 32;
  const target = await openServerTarget(serverUrl, 4);
  const dataDir = mkdtempSync(path.join(tmpdir(), "storyline-p6-"));
  const children: ChildProcess[] = [];
  try {
    const db = target.handle.db;
    await db.insert(stores).values({
      slug: "bench",
      name: "Bench shop",
      stripeWebhookSecret: SECRET,
      printifyWebhookSecret: "printify_bench",
      printifyShopId: "demo-shop-1",
    });
    const url = target.url!;
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      DATABASE_URL: url,
      STORYLINE_DATA_DIR: dataDir,
      STORYLINE_WORKERS: "false",
      STORYLINE_SANDBOX: "true",
      SANDBOX_STEP_MS: "200",
      APP_URL: appUrl,
      AUTH_SECRET: "bench-only-secret-0123456789abcdef0123456789",
      NODE_ENV: "production" as const,
      NEXT_DIST_DIR: BENCH_DIST_DIR,
    };
    log(`starting the production build in server mode on ${appUrl}`);
    const app = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: "ignore",
      detached: true,
    });
    children.push(app);
    await waitForHealth(appUrl);

    const load = async (route: string, tag: string, secs: number): Promise<LoadResult> => {
      const { stdout } = await run(
        "npx",
        [
          "tsx",
          "scripts/bench/webhook-load.ts",
          JSON.stringify({ url: `${appUrl}${route}`, secret: SECRET, seconds: secs, connections, tag }),
        ],
        { env: process.env, maxBuffer: 1 << 20 },
      );
      return JSON.parse(stdout.trim().split("\n").at(-1)!) as LoadResult;
    };
    log("warming up both routes (2 s each)");
    await load("/api/bench/stripe-verify/bench", "warm", 2);
    await load("/api/webhooks/stripe/bench", "warm", 2);
    log(`baseline: verify-only route, ${connections} connections, ${seconds} s`);
    const baseline = await load("/api/bench/stripe-verify/bench", "base", seconds);
    log(`webhook route: ${connections} connections, ${seconds} s`);
    const webhook = await load("/api/webhooks/stripe/bench", "real", seconds);

    const count = async (query: string) =>
      Number((await target.handle.query<{ n: string }>(query))[0]?.n ?? 0);
    await sleep(2000); // let the requests still in flight when the load stopped commit
    const [counted] = await target.handle.query<{ orders: string; created: string; deliveries: string }>(
      `select (select count(*) from orders where customer_email like 'p6-real-%') as orders,
              (select count(*) from activity_log where event_type = 'order.created' and correlation_id like 'evt_bench_real-%') as created,
              (select count(*) from webhook_deliveries where provider_event_id like 'evt_bench_real-%') as deliveries`,
    );
    const [orders, created, deliveries] = [
      Number(counted!.orders),
      Number(counted!.created),
      Number(counted!.deliveries),
    ];
    const rows = {
      orders,
      created,
      deliveries,
      lost: Math.max(0, webhook.ok - orders),
      doubled: Math.max(0, created - orders) + Math.max(0, deliveries - orders),
    };

    // The lifecycle: orders whose checkout sessions exist in the sandbox's Stripe (the P6 ones
    // do not), taken from payment to delivery by the workers; P6's own backlog is set aside.
    await target.handle.query("delete from pgboss.job where name = 'complete-order'");
    const lifecycleOrders = quick ? 40 : 150;
    log(
      `lifecycle: ${lifecycleOrders} paid checkouts through the sandbox, then the workers (npm run worker)`,
    );
    const client = new SimulationClient({ baseUrl: appUrl, storeSlug: "bench", stripeSecret: SECRET });
    const sessions: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (sessions.length < lifecycleOrders) {
          const email = SimulationClient.customerEmail("lifecycle");
          const session = await client.createCheckout(email, sampleItems());
          sessions.push(session.id);
          await client.deliverStripe("checkout.session.completed", session);
        }
      }),
    );
    const inList = sessions.map((id) => `'${id.replace(/'/g, "")}'`).join(",");
    const eventsOf = () =>
      count(
        `select count(*) as n from activity_log a join orders o on o.id = a.order_id where o.stripe_checkout_session_id in (${inList})`,
      );
    const deliveredOf = () =>
      count(
        `select count(*) as n from orders where status = 'delivered' and stripe_checkout_session_id in (${inList})`,
      );
    const e0 = await eventsOf();
    const worker = spawn("npx", ["tsx", "scripts/worker.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.push(worker);
    let output = "";
    worker.stdout?.on("data", (chunk) => (output += chunk));
    worker.stderr?.on("data", (chunk) => (output += chunk));
    const startBy = Date.now() + 60_000;
    while (!output.includes("[worker] ready")) {
      if (worker.exitCode !== null || Date.now() > startBy)
        throw new Error(`the worker did not start:\n${output.slice(-2000)}`);
      await sleep(200);
    }
    const t0 = performance.now();
    const jobs0 = await count("select count(*) as n from pgboss.job where state = 'completed'");
    const deadline = Date.now() + (quick ? 60_000 : 180_000);
    while ((await deliveredOf()) < sessions.length && Date.now() < deadline) await sleep(500);
    const elapsed = (performance.now() - t0) / 1000;
    const events = (await eventsOf()) - e0;
    const lifecycle = {
      seconds: Math.round(elapsed * 10) / 10,
      events,
      eventsPerSecond: Math.round(events / elapsed),
      jobsCompleted: (await count("select count(*) as n from pgboss.job where state = 'completed'")) - jobs0,
      ordersDelivered: await deliveredOf(),
      orders: sessions.length,
    };
    return { connections, seconds, baseline, webhook, rows, lifecycle };
  } finally {
    for (const child of children.reverse()) await stop(child);
    await target.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** P6 as a small table: each figure beside its baseline and goal. */
export function formatP6(r: WebhookBenchResult): string {
  const line = (label: string, l: LoadResult) =>
    `  ${label.padEnd(26)} ${String(Math.round(l.rps)).padStart(6)} req/s   p50 ${String(l.latency.p50).padStart(4)} ms   p99 ${String(l.latency.p99).padStart(4)} ms   ${l.ok} × 2xx, ${l.non2xx} other, ${l.errors} errors`;
  const ratio = r.baseline.rps ? r.webhook.rps / r.baseline.rps : 0;
  const goal =
    ratio >= 0.5 && r.webhook.latency.p99 <= 100 && r.rows.lost === 0 && r.rows.doubled === 0
      ? "met"
      : "not met";
  return [
    `P6 — signed checkout.session.completed deliveries, production build, server mode (${r.connections} connections × ${r.seconds} s, autocannon in its own process)`,
    line("baseline: verify only", r.baseline),
    line("webhook route", r.webhook),
    `  ratio to baseline ${ratio.toFixed(2)}×; goal ≥ 0.5× with p99 ≤ 100 ms, 0 lost, 0 doubled: ${goal}`,
    `  rows: ${r.rows.orders} orders, ${r.rows.created} order.created, ${r.rows.deliveries} deliveries for ${r.webhook.ok} acknowledged (the rest were in flight at the end) — lost ${r.rows.lost}, doubled ${r.rows.doubled}`,
    `  lifecycle (npm run worker, sandbox providers): ${r.lifecycle.eventsPerSecond} events/s — ${r.lifecycle.ordersDelivered} of ${r.lifecycle.orders} orders taken from payment to delivery in ${r.lifecycle.seconds} s (${r.lifecycle.events} events, ${r.lifecycle.jobsCompleted} jobs)`,
  ].join("\n");
}
