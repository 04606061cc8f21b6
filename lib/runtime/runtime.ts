import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stores } from "@/db/schema";
import { LiveHub } from "@/lib/activity/live/live-hub";
import {
  apiKeyReads,
  startApiKeyReadsFlusher,
  stopApiKeyReadsFlusher,
} from "@/lib/activity/write/api-key-reads";
import { replaySpool, startSpoolReplayer, stopSpoolReplayer } from "@/lib/activity/write/replay-spool";
import { getSpool } from "@/lib/activity/write/writer-state";
import { type Demo, startDemo } from "@/lib/demo/demo";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { type Config, getConfig } from "@/lib/platform/config";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import { openEmbeddedDatabase } from "@/lib/platform/db/open-embedded";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle, Db } from "@/lib/platform/db/types";
import { processSingleton } from "@/lib/platform/process-singleton";
import { onShutdown, onShutdownSignal } from "./shutdown";
import { warnIfOwnerRole } from "./warn-owner-role";

export type Runtime = {
  config: Config;
  database: DatabaseHandle;
  jobs: JobQueue;
  authSecret: string;
  /** The sandbox and its simulations, when STORYLINE_SANDBOX is on; null in production. */
  demo: Demo | null;
  /** New activity as it is committed, for open pages (live updates). */
  live: LiveHub;
};

/**
 * The process's runtime, started once on first use (normally from instrumentation.ts, before
 * the first request): configuration, the database (embedded PGlite, migrated and seeded on its
 * first start, or a server pool), the activity spool replayer, and clean shutdown.
 * Nothing here runs at import time, so `next build` never opens the data folder.
 */
export function getRuntime(): Promise<Runtime> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    return Promise.reject(
      new Error("The database is not opened during `next build`; make this page dynamic."),
    );
  }
  const holder = processSingleton("runtime", () => ({ promise: null as Promise<Runtime> | null }));
  holder.promise ??= startRuntime().catch((error) => {
    holder.promise = null;
    throw error;
  });
  return holder.promise;
}

/** The database for this process (PGlite or postgres.js — one `Db` type for both). */
export async function getDb(): Promise<Db> {
  return (await getRuntime()).database.db;
}

/**
 * A start that fails (a server that is down or hung: every wait is bounded) leaves nothing
 * open — the next request starts afresh, so the app recovers without a restart — and a
 * database that could not be reached surfaces as `DatabaseUnavailableError` (503 at the edges).
 */
async function startRuntime(): Promise<Runtime> {
  const opened: Opened = { forget: [] };
  try {
    return await bootRuntime(opened);
  } catch (error) {
    for (const forget of opened.forget) forget();
    stopSpoolReplayer();
    stopApiKeyReadsFlusher();
    await opened.live?.stop().catch(() => {});
    await opened.database?.close().catch(() => {});
    throw asDatabaseUnavailable(error) ?? error;
  }
}

/** What a start has opened so far, to close if it fails. */
type Opened = { database?: DatabaseHandle; live?: LiveHub; forget: (() => void)[] };

async function bootRuntime(opened: Opened): Promise<Runtime> {
  const started = Date.now();
  const config = getConfig();
  const database =
    config.mode === "server"
      ? openServerDatabase(config.databaseUrl!, { poolMax: config.poolMax, budget: config.databaseBudget })
      : await openEmbeddedDatabase(config.dataDir);
  opened.database = database;
  opened.forget.push(onShutdown("database", () => database.close()));

  if (database.kind === "embedded") {
    await database.migrate();
    const existing = await database.db.select({ id: stores.id }).from(stores).limit(1);
    if (existing.length === 0 && config.seedDemo) {
      const summary = await seedDemoData(database.db);
      if (summary) {
        console.info(
          `[storyline] seeded the demo shop: ${summary.orders} orders, ${summary.events} events. ` +
            "Sign in as owner@demo.storyline.test / demo-owner-pass",
        );
      }
    }
  }

  await mkdir(config.dataDir, { recursive: true });
  const backlog = await getSpool().init();
  if (backlog) {
    console.warn(`[activity] ${backlog} event(s) from an earlier run wait in the spool; writing them now`);
    await replaySpool(database.db).catch(() => {});
  }
  startSpoolReplayer(database.db);
  opened.forget.push(
    onShutdown("activity spool", async () => {
      stopSpoolReplayer();
      await replaySpool(database.db).catch(() => {});
      await getSpool().close();
    }),
  );
  // Registered after the spool, so it runs first: its events can still be spooled.
  startApiKeyReadsFlusher(database.db);
  opened.forget.push(
    onShutdown("API key reads", async () => {
      stopApiKeyReadsFlusher();
      await apiKeyReads()
        .flush(database.db, { all: true })
        .catch(() => {});
    }),
  );

  // One LISTEN per process for every open page; its streams end at the stop signal itself.
  const live = new LiveHub((channel, handlers) => database.listen(channel, handlers));
  opened.live = live;
  await live.start();
  opened.forget.push(onShutdown("live updates", () => live.stop()));
  opened.forget.push(onShutdownSignal("live streams", () => live.closeSubscriptions()));

  // Registered after the database, so it stops first: running jobs finish before the database closes.
  const jobs = await startJobQueue(database, {
    config,
    connectionString: config.mode === "server" ? config.databaseUrl : null,
    supervise: config.workersInProcess,
  });
  onShutdown("job queue", () => jobs.stop());
  if (config.workersInProcess) {
    const { startWorkers } = await import("./start-workers");
    await startWorkers(jobs, { concurrency: config.mode === "server" ? 2 : 1 });
  }

  const authSecret = config.authSecret ?? (await localAuthSecret(config.dataDir));
  const where = database.kind === "embedded" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL server";
  const workers = config.workersInProcess ? "workers in this process" : "workers in `npm run worker`";
  console.info(`[storyline] ready (${where}, ${workers}) in ${Date.now() - started} ms`);
  void warnIfOwnerRole(database, "storyline");
  const demo = config.sandbox ? startDemo({ db: database.db, config }) : null;
  if (demo) onShutdown("sandbox", () => demo.close());
  return { config, database, jobs, authSecret, demo, live };
}

/** Without AUTH_SECRET, a random secret kept in the data folder so sessions survive restarts. */
async function localAuthSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
