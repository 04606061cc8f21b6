import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { jobNames } from "@/lib/jobs/definitions";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { EventStreamClient } from "@/scripts/bench/event-stream-client";
import { createShopStore, type ShopStore } from "@/tests/helpers/producer-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";
import { insertPaidOrder } from "@/tests/workers/worker-fixtures";

/**
 * Server mode as it is deployed: two app processes and two worker processes (children run with
 * `tsx`, each with its own pools and LISTEN connection) on one database. Needs no `next build`:
 * the app processes serve the app's real handlers (tests/scale/app-process.ts), the workers are
 * `scripts/worker.ts` itself. Runs only on the server (DATABASE_URL); PGlite is one process.
 */
const onServer = Boolean(process.env.DATABASE_URL);
const RATE_LIMIT = 20;
const JOBS = 40;
const tsx = path.resolve("node_modules/.bin/tsx");

type Child = { name: string; process: ChildProcess; output: () => string };

/** Starts `script` with `tsx` in its own process group; resolves once a stdout line matches `ready`. */
function startChild(name: string, script: string, env: Record<string, string>, ready: RegExp) {
  const child = spawn(tsx, [script], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", record);
  child.stderr!.on("data", record);
  const started: Child = { name, process: child, output: () => output };
  return new Promise<{ child: Child; line: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 90 s:\n${output.slice(-3000)}`)),
      90_000,
    );
    child.stdout!.on("data", () => {
      const line = output.split("\n").find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child: started, line });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

async function stopChild({ process: child }: Child) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  await Promise.race([exited, sleep(10_000)]);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
}

/** Polls `check` until it holds (no fixed sleeps: the machine may be loaded). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

describe.skipIf(!onServer)("two app processes and two workers on one database", () => {
  let handle: TestDatabase;
  let store: ShopStore;
  let queue: JobQueue;
  const children: Child[] = [];
  const streams: EventStreamClient[] = [];
  const folders: string[] = [];
  let appA: string;
  let appB: string;

  const folder = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    store = await createShopStore(handle.db, "Scale shop");
    const common = { DATABASE_URL: handle.url!, API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) };
    // The workers share one signing key and checkpoint folder, as a deployment's workers do.
    const signingKey = generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const checkpoints = folder("storyline-scale-checkpoints-");
    const worker = (n: number) => ({
      ...common,
      STORYLINE_DATA_DIR: folder(`storyline-scale-worker-${n}-`),
      ACTIVITY_SIGNING_KEY: signingKey,
      ACTIVITY_CHECKPOINT_DIR: checkpoints,
    });
    const started = await Promise.allSettled([
      startChild("app A", "tests/scale/app-process.ts", common, /^\{"url"/),
      startChild("app B", "tests/scale/app-process.ts", common, /^\{"url"/),
      startChild("worker 1", "scripts/worker.ts", worker(1), /\[worker\] ready/),
      startChild("worker 2", "scripts/worker.ts", worker(2), /\[worker\] ready/),
    ]);
    for (const result of started) if (result.status === "fulfilled") children.push(result.value.child);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const urls = started
      .slice(0, 2)
      .map((r) => JSON.parse((r as PromiseFulfilledResult<{ line: string }>).value.line).url as string);
    [appA, appB] = urls as [string, string];
    queue = await startJobQueue(handle, {
      config: parseConfig({ DATABASE_URL: handle.url! }),
      connectionString: handle.url,
      supervise: false,
    });
  }, 150_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(children.map(stopChild));
    await queue?.stop();
    await handle?.dispose();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const newKey = async (name: string) =>
    (
      await createApiKey(
        handle.db,
        { storeId: store.id, actor: { type: "system", label: "Scale test" }, source: "system" },
        { name, scopes: ["activity:write"] },
      )
    ).key;

  const postEvent = (app: string, key: string, i: number) =>
    fetch(`${app}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "custom.scale_probe", message: `Probe ${i}`, payload: { i } }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: { id: string } } }));

  /** `count` requests with one key, `inFlight` at a time, sent to the apps in turn. */
  async function burst(apps: string[], key: string, count: number, inFlight = 4) {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += inFlight) {
      const batch = Array.from({ length: Math.min(inFlight, count - i) }, (_, j) =>
        postEvent(apps[(i + j) % apps.length]!, key, i + j),
      );
      for (const { status } of await Promise.all(batch)) statuses.push(status);
    }
    return statuses;
  }

  const probesOf = async (apiKeyName: string) => {
    const [row] = await handle.owner.query<{ n: number }>(
      `select count(*)::int as n from activity_log a join api_keys k on k.id::text = a.actor_id
       where a.store_id = $1 and a.event_type = 'custom.scale_probe' and k.name = $2`,
      [store.id, apiKeyName],
    );
    return row!.n;
  };

  it("limits a caller split across both app processes at the same total as one process", async () => {
    const requests = RATE_LIMIT + 10;
    const split = await burst([appA, appB], await newKey("split"), requests);
    const single = await burst([appA], await newKey("single"), requests);
    const tally = (statuses: number[]) => ({
      created: statuses.filter((s) => s === 201).length,
      limited: statuses.filter((s) => s === 429).length,
    });
    expect(tally(single)).toEqual({ created: RATE_LIMIT, limited: 10 });
    expect(tally(split)).toEqual(tally(single));
    // What was let through is what was written: no process wrote past the shared count.
    expect(await probesOf("split")).toBe(RATE_LIMIT);
    expect(await probesOf("single")).toBe(RATE_LIMIT);
  });

  it("streams an event written through app B to a page whose stream is open on app A", async () => {
    const stream = await EventStreamClient.open(`${appA}/api/activity/stream?store=${store.id}`);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.until(() => stream.comments.includes("connected"), 20_000);
    const written = await postEvent(appB, await newKey("live"), 1);
    expect(written.status).toBe(201);
    const id = written.body.data!.id;
    await stream.until((events) => events.some((e) => e.id === id), 20_000);
    expect(JSON.parse(stream.events.find((e) => e.id === id)!.data)).toMatchObject({
      id,
      type: "custom.scale_probe",
    });
  });

  it("runs each of many jobs once with two workers taking from one queue, and app B's page sees their events", async () => {
    const stream = await EventStreamClient.open(`${appB}/api/activity/stream?store=${store.id}`);
    streams.push(stream);
    await stream.until(() => stream.comments.includes("connected"), 20_000);
    const orderIds: string[] = [];
    for (let i = 0; i < JOBS; i++)
      orderIds.push((await insertPaidOrder(handle, store, `buyer-${i}@example.test`)).id);
    const jobIds: (string | null)[] = [];
    for (const orderId of orderIds)
      jobIds.push(
        await queue.send(handle.db, "send-order-email", {
          storeId: store.id,
          orderId,
          email: "confirmation",
        }),
      );
    expect(jobIds.every(Boolean)).toBe(true);

    const states = () =>
      handle.owner.query<{ state: string; retry_count: number }>(
        "select state, retry_count from pgboss.job where id = any($1::uuid[])",
        [jobIds],
      );
    await until(`${JOBS} email jobs to complete`, async () =>
      (await states()).every((j) => j.state === "completed" || j.state === "failed"),
    );
    expect((await states()).map((j) => j.state)).toEqual(Array(JOBS).fill("completed"));

    // Done once: one outbox email and one "sent" event per order, no failure, no second attempt.
    const perOrder = await handle.owner.query<{
      order_id: string;
      emails: number;
      sent: number;
      failed: number;
    }>(
      `select o.id as order_id,
         (select count(*)::int from outbox_emails e where e.order_id = o.id) as emails,
         (select count(*)::int from activity_log a where a.store_id = o.store_id and a.order_id = o.id
            and a.event_type = 'order.email.confirmation_sent') as sent,
         (select count(*)::int from activity_log a where a.store_id = o.store_id and a.order_id = o.id
            and a.event_type = 'order.email.failed') as failed
       from orders o where o.id = any($1::uuid[])`,
      [orderIds],
    );
    expect(perOrder).toHaveLength(JOBS);
    for (const row of perOrder) expect(row, row.order_id).toMatchObject({ emails: 1, sent: 1, failed: 0 });
    expect((await states()).every((j) => j.retry_count === 0)).toBe(true);

    // The workers' events reach the stream open on app B, each once.
    const sentIds = (events: typeof stream.events) =>
      events.filter(
        (e) => e.event === "activity" && JSON.parse(e.data).type === "order.email.confirmation_sent",
      );
    await stream.until((events) => sentIds(events).length >= JOBS, 20_000);
    const streamed = sentIds(stream.events);
    expect(new Set(streamed.map((e) => e.id)).size).toBe(streamed.length);
    expect(new Set(streamed.map((e) => JSON.parse(e.data).orderId))).toEqual(new Set(orderIds));
  });
});

describe.skipIf(!onServer)("processes starting at once on a fresh database", () => {
  it("all make the job queues: none fails on the race to create them", async () => {
    const fresh = await createTestDatabase();
    try {
      const config = parseConfig({ DATABASE_URL: fresh.url! });
      // As a deploy starting several workers at once: each creates every queue it finds missing.
      const started = await Promise.allSettled(
        [0, 1, 2].map(() => startJobQueue(fresh, { config, connectionString: fresh.url, supervise: false })),
      );
      for (const result of started) if (result.status === "fulfilled") await result.value.stop();
      expect(started.map((r) => (r.status === "rejected" ? String(r.reason) : "started"))).toEqual([
        "started",
        "started",
        "started",
      ]);
      const [row] = await fresh.owner.query<{ n: number }>("select count(*)::int as n from pgboss.queue");
      expect(row!.n).toBe(jobNames.length);
    } finally {
      await fresh.dispose();
    }
  }, 60_000);
});
