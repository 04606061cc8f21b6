import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { memberships, stores, users } from "@/db/schema";
import { encodeCursor } from "@/lib/activity/read/cursor";
import { hashPassword } from "@/lib/auth/passwords";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { BENCH_DIST_DIR, ensureBenchBuild, freePort, stop, waitForHealth } from "./app-process";
import { countLoadedLog } from "./count-loaded-log";
import { formatDuration } from "./measure";
import { seedActivityLog, seededOrderId } from "./seed-log";
import { type BenchTarget, openServerTarget } from "./targets";

/** `STORE_COOKIE` of lib/http/access.ts (not imported: that module needs a Next.js request). */
const STORE_COOKIE = "storyline_store";

/** Latency of full-page GETs as the client sees them (headers and the whole body), in ms. */
export type PageLatency = { n: number; mean: number; p50: number; p95: number; max: number };

export type RenderRoute = {
  id: string;
  label: string;
  /** An example of the URL requested (the order id and cursor change between requests). */
  example: string;
  latency: PageLatency;
  /** Mean size of the response body, in bytes (as decoded by fetch). */
  meanBytes: number;
  /** Mean activity rows on the page (feed rows or timeline entries); null for the baselines. */
  meanRows: number | null;
  /** p50 and p95 divided by those of the baseline page (`/login`); null for the baselines. */
  ratio: { p50: number; p95: number } | null;
  /** Goal for the p95, in ms (stated for 10M rows); null for the baselines. */
  goalP95Ms: number | null;
};

export type RenderBenchResult = {
  /** Activity rows bulk-loaded (the bench's `--rows`). */
  rows: number;
  /** `orders` rows inserted for the loaded log's orders (both stores), and their line items. */
  orders: number;
  orderItems: number;
  iterations: number;
  warmup: number;
  /** Rows newer than the deep cursors (the whole store's feed, unfiltered), averaged. */
  cursorDepth: number;
  loadMs: number;
  /** 1-minute load average when the timed requests started and ended (other work skews every figure). */
  loadAverage: { start: number; end: number; cpus: number };
  baselines: RenderRoute[];
  pages: RenderRoute[];
};

const GOAL_P95_MS = 100;
const PASSWORD = "bench-p8-owner-pass";
const EMAIL = "owner@p8.bench.test";

/**
 * The `orders` rows (and two line items each) for every order the bulk load wrote events for:
 * group `g` (with `g % 5 <> 4`) is order number 10000 + g, with the id `seededOrderId(g)` and
 * in the store `seededStore(g)` — the same md5 expressions as the loader. $1 groups, $2 seed,
 * $3 store A, $4 store B, $5 base (epoch ms).
 */
const INSERT_ORDERS = `
insert into orders (id, store_id, number, status, currency, subtotal_amount, shipping_amount, tax_amount,
  total_amount, customer_email, customer_name, shipping_address, stripe_checkout_session_id,
  provider_order_id, provider_status, status_changed_at, public_token, placed_at, created_at, updated_at)
select
  (substr(ho, 1, 12) || '4' || substr(ho, 14, 3) || substr('89ab', 1 + (g % 4)::int, 1) || substr(ho, 18, 15))::uuid,
  case when g % 5 < 3 then $3::uuid else $4::uuid end,
  10000 + g,
  (array['delivered', 'delivered', 'delivered', 'delivered', 'shipped', 'in_production', 'submitted', 'paid',
         'refunded', 'cancelled'])[1 + (g % 10)::int],
  'GBP', amount - 499, 499, 0, amount,
  'customer' || (10000 + g) || '@example.com',
  'Customer ' || (10000 + g),
  jsonb_build_object('name', 'Customer ' || (10000 + g), 'line1', (g % 200) || ' High Street',
                     'city', 'London', 'postalCode', 'N1 9GU', 'country', 'GB'),
  'cs_bench_' || substr(ho, 1, 24),
  case when g % 10 < 7 then 'PFY-' || (10000 + g) end,
  case when g % 10 < 7 then 'fulfilled' end,
  placed,
  'tok_' || md5('token-' || g::text || $2::text),
  placed, placed, placed
from (
  select g, md5('order-' || g::text || $2::text) as ho,
         (1500 + floor(('x' || substr(md5('g' || g::text || $2::text), 1, 8))::bit(32)::bigint
                       / 4294967296.0 * 9000))::int as amount,
         date_trunc('second', to_timestamp($5::float8 / 1000) - interval '90 days 2 hours'
                              + (g::float8 / $1::float8) * interval '85 days') as placed
  from generate_series(0, $1::bigint - 1) as g
  where g % 5 <> 4
) o`;

const INSERT_ITEMS = `
insert into order_items (id, store_id, order_id, title, variant_title, sku, quantity, unit_amount, total_amount)
select gen_random_uuid(), o.store_id, o.id,
       case n when 1 then 'Poster ' || o.number else 'Gift wrap' end,
       case n when 1 then 'A2 / matte' end,
       case n when 1 then 'PST-A2-M' else 'GIFT' end,
       1,
       case n when 1 then o.subtotal_amount - 100 else 100 end,
       case n when 1 then o.subtotal_amount - 100 else 100 end
from orders o cross join generate_series(1, 2) as n`;

/**
 * P8: server render time of the admin pages that read the log — an order's page (with its
 * timeline), the activity feed's first page, and a deep filtered feed page — on the production
 * build in server mode, against a fresh database holding `rows` bulk-loaded activity rows and
 * an `orders` row for each of their orders. Baselines in the same run: `/api/health` and the
 * sign-in page (a page with no data). Requests are sequential, interleaved route by route, each
 * timed from the request to the last byte of the body, with a cookie jar signed in as an owner.
 */
export async function benchRenders(
  serverUrl: string,
  rows: number,
  quick: boolean,
  log: (line: string) => void,
): Promise<RenderBenchResult> {
  ensureBenchBuild(log);
  const target = await openServerTarget(serverUrl, 4);
  try {
    log(`fresh database: ${target.location}`);
    log(`bulk-loading ${rows.toLocaleString("en-GB")} activity rows`);
    const t0 = performance.now();
    const seed = await seedActivityLog(target, rows, log);
    const { db } = target.handle;
    const q = target.handle.query.bind(target.handle);
    await db.insert(stores).values([
      { id: seed.stores[0], slug: "bench-a", name: "Bench shop A" },
      { id: seed.stores[1], slug: "bench-b", name: "Bench shop B" },
    ]);
    await q(INSERT_ORDERS, [seed.groups, seed.seed, seed.stores[0], seed.stores[1], seed.baseMs]);
    await q(INSERT_ITEMS);
    await q("vacuum analyze orders");
    await q("vacuum analyze order_items");
    const [counts] = await q<{ orders: string; items: string }>(
      "select (select count(*) from orders) as orders, (select count(*) from order_items) as items",
    );
    await q("checkpoint").catch(() => {});
    const loadMs = performance.now() - t0;
    log(
      `loaded in ${formatDuration(loadMs)}: ${Number(counts!.orders).toLocaleString("en-GB")} orders, ` +
        `${Number(counts!.items).toLocaleString("en-GB")} line items, 2 stores`,
    );
    // Random orders of store A (groups with g % 5 < 3), a different one for every request.
    const rand = (n: number) => Math.floor(Math.random() * n);
    return await renderPages(
      {
        target,
        rows,
        orders: Number(counts!.orders),
        orderItems: Number(counts!.items),
        loadMs,
        storeId: seed.stores[0],
        slug: "bench-a",
        storeIds: [...seed.stores],
        randomOrder: () => {
          for (;;) {
            const g = rand(seed.groups);
            if (g % 5 < 3) return { id: seededOrderId(g, seed.seed), number: 10000 + g };
          }
        },
        baseMs: seed.baseMs,
        cursorDays: 85,
      },
      quick,
      log,
    );
  } finally {
    await target.dispose();
  }
}

/** What P8 needs of a loaded database: the store whose pages are read, and its orders. */
export type RenderShop = {
  target: BenchTarget;
  /** Activity rows loaded, orders and line items, and how long loading them took. */
  rows: number;
  orders: number;
  orderItems: number;
  loadMs: number;
  /** The store whose pages are read; the bench's owner is made an owner of every store in `storeIds`. */
  storeId: string;
  slug: string;
  storeIds: string[];
  /** A random order of that store, with its number (the page's heading says "Order #<number>"). */
  randomOrder(): { id: string; number: number };
  baseMs: number;
  /** Deep cursors are picked between 10 days and this many days back from `baseMs`. */
  cursorDays: number;
};

/** P8's timed requests against a database already loaded (`shop`): starts the bench build on it, signs in, measures. */
export async function renderPages(
  shop: RenderShop,
  quick: boolean,
  log: (line: string) => void,
): Promise<RenderBenchResult> {
  ensureBenchBuild(log);
  const { target, rows } = shop;
  const iterations = quick ? 30 : 100;
  const warmup = quick ? 5 : 10;
  const dataDir = mkdtempSync(path.join(tmpdir(), "storyline-p8-"));
  const children: ChildProcess[] = [];
  // If the bench exits early (Ctrl-C), stop the app (its own process group) and remove its folder.
  const onExit = () => {
    for (const child of children)
      if (child.pid && child.exitCode === null)
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {}
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on("exit", onExit);
  try {
    const { db } = target.handle;
    const q = target.handle.query.bind(target.handle);
    const [user] = await db
      .insert(users)
      .values({ email: EMAIL, name: "Bench Owner", passwordHash: await hashPassword(PASSWORD) })
      .returning({ id: users.id });
    await db
      .insert(memberships)
      .values(shop.storeIds.map((storeId) => ({ userId: user!.id, storeId, role: "owner" as const })));
    const counts = { orders: shop.orders, items: shop.orderItems };
    const loadMs = shop.loadMs;

    const { cursors, depth } = await deepCursors(q, shop);
    // What the count-activity job does within seconds of the rows being written (the app runs
    // here without its workers): the chart and the custom-type filter read the counts, as in
    // a running shop, rather than every row of the bulk load as not counted yet.
    const counted = await countLoadedLog(target.handle);
    log(
      `counted ${counted.rows.toLocaleString("en-GB")} rows for the chart, as the count-activity job would have`,
    );

    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      DATABASE_URL: target.url!,
      STORYLINE_DATA_DIR: dataDir,
      STORYLINE_WORKERS: "false",
      STORYLINE_SANDBOX: "true",
      APP_URL: appUrl,
      NEXTAUTH_URL: appUrl,
      AUTH_SECRET: "bench-only-secret-p8-0123456789abcdef0123456789",
      NODE_ENV: "production" as const,
      NEXT_DIST_DIR: BENCH_DIST_DIR,
    };
    log(`starting the production build in server mode on ${appUrl}`);
    const app = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.push(app);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    app.stdout?.on("data", keep);
    app.stderr?.on("data", keep);
    await waitForHealth(appUrl, app, () => output);

    const jar = new CookieJar();
    await signIn(appUrl, jar);
    jar.set(STORE_COOKIE, shop.slug);
    log(`signed in as ${EMAIL} (owner), store ${shop.slug}`);

    const cursorAt = (i: number) => cursors[i % cursors.length]!;
    const deepPath = (i: number) =>
      `/admin/activity?level=warning&level=error&type=${encodeURIComponent("order.*")}&cursor=${encodeCursor(cursorAt(i))}`;

    type Route = {
      id: string;
      label: string;
      signedIn: boolean;
      path(i: number): {
        path: string;
        expect: (body: string) => string | null;
        rows?: (body: string) => number;
      };
    };
    const countOf = (body: string, needle: string) => body.split(needle).length - 1;
    const feedRows = (body: string) => countOf(body, "data-event-id=");
    const routes: Route[] = [
      {
        id: "health",
        label: "baseline: GET /api/health",
        signedIn: false,
        path: () => ({
          path: "/api/health",
          expect: (body) => (body.includes('"status":"ok"') ? null : "the health check is not ok"),
        }),
      },
      {
        id: "login",
        label: "baseline: /login (a page with no data)",
        signedIn: false,
        path: () => ({
          path: "/login",
          expect: (body) => (body.includes("Sign in to Storyline") ? null : "no sign-in form"),
        }),
      },
      {
        id: "order",
        label: "/admin/orders/<id> (random order, ~10 events)",
        signedIn: true,
        path: () => {
          const order = shop.randomOrder();
          return {
            path: `/admin/orders/${order.id}`,
            expect: (body) =>
              !body.includes(`Order #${order.number}`)
                ? `no "Order #${order.number}" heading`
                : !body.includes('data-testid="timeline-entry"') &&
                    !body.includes('data-testid="retry-chain"')
                  ? "no timeline entry"
                  : null,
            rows: (body) =>
              countOf(body, 'data-testid="timeline-entry"') + countOf(body, 'data-testid="retry-chain"'),
          };
        },
      },
      {
        id: "feed",
        label: "/admin/activity first page",
        signedIn: true,
        path: () => ({
          path: "/admin/activity",
          expect: (body) =>
            !body.includes('data-testid="activity-feed"')
              ? "no activity feed"
              : feedRows(body) !== 50
                ? `${feedRows(body)} feed rows instead of 50`
                : null,
          rows: feedRows,
        }),
      },
      {
        id: "feed-deep",
        label: "/admin/activity?level=warning&level=error&type=order.*&cursor=<deep>",
        signedIn: true,
        path: (i) => ({
          path: deepPath(i),
          expect: (body) =>
            body.includes('data-testid="filter-problems"')
              ? "the page reports a filter problem"
              : !body.includes('data-testid="activity-feed"')
                ? "no activity feed"
                : body.includes('data-level="info"') || /data-event-type="(?!order\.)/.test(body)
                  ? "a row outside the filters (info level or not order.*)"
                  : body.includes("The page cursor is not valid")
                    ? "the cursor was refused"
                    : null,
          rows: feedRows,
        }),
      },
    ];

    const get = async (route: Route, i: number) => {
      const { path: url, expect, rows: rowsOf } = route.path(i);
      const started = performance.now();
      const res = await fetch(`${appUrl}${url}`, {
        headers: route.signedIn
          ? { cookie: jar.header(), accept: "text/html" }
          : { accept: route.id === "health" ? "application/json" : "text/html" },
        redirect: "manual",
        cache: "no-store",
      });
      const body = await res.text();
      const ms = performance.now() - started;
      const problem =
        res.status !== 200
          ? `status ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`
          : expect(body);
      if (problem)
        throw new Error(
          `P8: ${route.label}: GET ${url} gave ${problem}; body starts: ${body.slice(0, 300).replace(/\s+/g, " ")}`,
        );
      return { ms, bytes: body.length, rows: rowsOf ? rowsOf(body) : null };
    };

    log(`warming up each route (${warmup} requests)`);
    for (let i = 0; i < warmup; i++) for (const route of routes) await get(route, i);
    log(
      `${iterations} requests per route, sequential, interleaved: ${routes.map((r) => r.id).join(", ")} (deep cursors ~${depth.toLocaleString("en-GB")} rows deep)`,
    );
    const loadStart = os.loadavg()[0]!;
    const samples = new Map(routes.map((r) => [r.id, { ms: [] as number[], bytes: 0, rows: 0 }]));
    for (let i = 0; i < iterations; i++) {
      // Rotate the order, so that no route always follows the same one.
      for (let k = 0; k < routes.length; k++) {
        const route = routes[(i + k) % routes.length]!;
        const r = await get(route, warmup + i);
        const s = samples.get(route.id)!;
        s.ms.push(r.ms);
        s.bytes += r.bytes;
        s.rows += r.rows ?? 0;
      }
    }

    const results = routes.map((route): RenderRoute => {
      const s = samples.get(route.id)!;
      return {
        id: route.id,
        label: route.label,
        example: route.path(0).path,
        latency: pageLatency(s.ms),
        meanBytes: Math.round(s.bytes / s.ms.length),
        meanRows: route.signedIn ? Math.round((s.rows / s.ms.length) * 10) / 10 : null,
        ratio: null,
        goalP95Ms: route.signedIn ? GOAL_P95_MS : null,
      };
    });
    const login = results.find((r) => r.id === "login")!.latency;
    for (const r of results)
      if (r.goalP95Ms !== null) r.ratio = { p50: r.latency.p50 / login.p50, p95: r.latency.p95 / login.p95 };
    return {
      rows,
      orders: counts.orders,
      orderItems: counts.items,
      iterations,
      warmup,
      cursorDepth: depth,
      loadMs: Math.round(loadMs),
      loadAverage: { start: loadStart, end: os.loadavg()[0]!, cpus: os.cpus().length },
      baselines: results.filter((r) => r.goalP95Ms === null),
      pages: results.filter((r) => r.goalP95Ms !== null),
    };
  } finally {
    for (const child of children.reverse()) await stop(child);
    process.off("exit", onExit);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The store's newest row at random moments 10–`cursorDays` days back (as P4c/P4d pick them), and how deep they are. */
async function deepCursors(
  q: DatabaseHandle["query"],
  shop: Pick<RenderShop, "storeId" | "baseMs" | "cursorDays">,
): Promise<{ cursors: { occurredAt: Date; id: string }[]; depth: number }> {
  const day = 86_400_000;
  const storeId = shop.storeId;
  const cursors: { occurredAt: Date; id: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const at = new Date(shop.baseMs - (10 + Math.random() * (shop.cursorDays - 10)) * day);
    const [row] = await q<{ occurred_at: Date | string; id: string }>(
      `select occurred_at, id from activity_log where store_id = $1 and visibility <> 'debug'
         and occurred_at <= $2::timestamptz order by occurred_at desc, id desc limit 1`,
      [storeId, at.toISOString()],
    );
    if (row) cursors.push({ occurredAt: new Date(row.occurred_at), id: row.id });
  }
  if (cursors.length === 0) throw new Error("no deep cursor found: is the bulk load empty?");
  let total = 0;
  for (const c of cursors.slice(0, 3)) {
    const [row] = await q<{ n: string | number }>(
      `select count(*) as n from activity_log where store_id = $1 and visibility <> 'debug'
         and (occurred_at, id) > ($2::timestamptz, $3::uuid)`,
      [storeId, c.occurredAt.toISOString(), c.id],
    );
    total += Number(row?.n ?? 0);
  }
  return { cursors, depth: Math.round(total / Math.min(3, cursors.length)) };
}

function pageLatency(samples: number[]): PageLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  return { n, mean, p50: at(0.5), p95: at(0.95), max: sorted[n - 1]! };
}

/** A minimal cookie jar: name → value, from `Set-Cookie` headers (an empty or expired value deletes). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  set(name: string, value: string) {
    this.cookies.set(name, value);
  }
  absorb(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  has(prefix: string) {
    return [...this.cookies.keys()].some((name) => name.startsWith(prefix));
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Credentials sign-in over HTTP (STACK-NOTES item 10): CSRF token, then the callback with json=true. */
async function signIn(appUrl: string, jar: CookieJar) {
  const csrfRes = await fetch(`${appUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.absorb(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("/api/auth/csrf gave no csrfToken");
  const res = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: "true" }),
    redirect: "manual",
  });
  jar.absorb(res);
  const text = await res.text();
  if (res.status !== 200 || !jar.has("next-auth.session-token"))
    throw new Error(
      `P8: sign-in failed: status ${res.status}, no session cookie (${text.slice(0, 200).replace(/\s+/g, " ")})`,
    );
  const session = (await (
    await fetch(`${appUrl}/api/auth/session`, { headers: { cookie: jar.header() } })
  ).json()) as {
    user?: { email?: string };
  };
  if (session.user?.email !== EMAIL) throw new Error(`no session after sign-in (${JSON.stringify(session)})`);
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0)).padStart(5);

/** P8 as a small table: p50 / p95 / max per route, the ratio to the sign-in page, the goal. */
export function formatP8(r: RenderBenchResult): string {
  const line = (route: RenderRoute) => {
    const l = route.latency;
    const ratio = route.ratio ? `${route.ratio.p50.toFixed(1)}× / ${route.ratio.p95.toFixed(1)}×` : "";
    const goal =
      route.goalP95Ms === null
        ? ""
        : l.p95 <= route.goalP95Ms
          ? `≤ ${route.goalP95Ms} ms: met`
          : `≤ ${route.goalP95Ms} ms: NOT met`;
    const size = `${Math.round(route.meanBytes / 1024)} KB${route.meanRows !== null ? `, ${route.meanRows} rows` : ""}`;
    return `  ${route.label.padEnd(70)} ${ms(l.p50)} ${ms(l.p95)} ${ms(l.max)}   ${size.padEnd(16)} ${ratio.padEnd(17)} ${goal}`;
  };
  return [
    `P8 — server render time of full pages (GET to the last byte), production build, server mode, ${r.rows.toLocaleString("en-GB")} activity rows and ${r.orders.toLocaleString("en-GB")} orders (the goal is stated for 10M rows); ${r.iterations} sequential requests per route after ${r.warmup} warm-up`,
    `  ${"route".padEnd(70)}   p50   p95   max   ${"body".padEnd(16)} ${"÷ /login p50/p95".padEnd(17)} goal p95`,
    ...r.baselines.map(line),
    ...r.pages.map(line),
    `  times in ms; the deep cursors are ~${r.cursorDepth.toLocaleString("en-GB")} rows deep in the store's feed; data loaded in ${formatDuration(r.loadMs)}`,
    `  load average ${r.loadAverage.start.toFixed(1)} → ${r.loadAverage.end.toFixed(1)} on ${r.loadAverage.cpus} CPUs${r.loadAverage.start > r.loadAverage.cpus * 1.5 ? " — ⚠ the machine was busy with other work: these times are too high" : ""}`,
  ].join("\n");
}
