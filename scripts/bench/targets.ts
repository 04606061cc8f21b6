import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import type { NewActivityRow } from "@/db/schema";
import { openEmbeddedDatabase } from "@/lib/platform/db/open-embedded";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import type { BenchMode } from "./args";
import { copyStatement, toCsv } from "./events";

/** A fresh, migrated database that exists only for this run. */
export type BenchTarget = {
  mode: BenchMode;
  handle: DatabaseHandle;
  /** Where it lives (database name or temp folder), for the report. */
  location: string;
  /** The connection URL (server mode), for processes the bench starts. */
  url?: string;
  /** Bulk-loads rows the fastest way the engine has: COPY … FROM STDIN (server) or a blob (PGlite). */
  copyRows(rows: NewActivityRow[]): Promise<void>;
  dispose(): Promise<void>;
};

/** Cleanups still owed, run on Ctrl-C too so that no bench database or folder is left behind. */
const pending = new Set<() => Promise<void>>();

export async function disposeAll() {
  for (const dispose of [...pending]) await dispose().catch(() => {});
}

function track(dispose: () => Promise<void>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    pending.delete(once);
    await dispose();
  };
  pending.add(once);
  return once;
}

const COPY_CHUNK = 1000;

/** A new database `storyline_bench_<ts>` on the server (pool of 16), dropped by `dispose`. */
export async function openServerTarget(adminUrl: string, poolMax: number): Promise<BenchTarget> {
  const name = `storyline_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw new Error(
      `Could not create the bench database on ${redact(adminUrl)}: ${(error as Error).message}. ` +
        "Is PostgreSQL running? Set DATABASE_URL to a server the bench may create databases on, or use --mode embedded.",
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openServerDatabase(url.toString(), { poolMax });
  const copyClient = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const dispose = track(async () => {
    await handle.close().catch(() => {});
    await copyClient.end({ timeout: 5 }).catch(() => {});
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  try {
    await handle.migrate();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    mode: "server",
    handle,
    location: `database ${name} on ${redact(adminUrl)}`,
    url: url.toString(),
    async copyRows(rows) {
      const writable = await copyClient.unsafe(copyStatement).writable();
      async function* chunks() {
        for (let i = 0; i < rows.length; i += COPY_CHUNK) yield toCsv(rows.slice(i, i + COPY_CHUNK));
      }
      await pipeline(Readable.from(chunks()), writable);
    },
    dispose,
  };
}

/** A new PGlite database in a temp folder (never the app's data folder), removed by `dispose`. */
export async function openEmbeddedTarget(): Promise<BenchTarget> {
  const dir = mkdtempSync(path.join(tmpdir(), "storyline-bench-"));
  let handle: Awaited<ReturnType<typeof openEmbeddedDatabase>>;
  try {
    handle = await openEmbeddedDatabase(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const dispose = track(async () => {
    await handle.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await handle.migrate();
  } catch (error) {
    await dispose();
    throw error;
  }
  const client = handle.client;
  return {
    mode: "embedded",
    handle,
    location: `PGlite in ${dir}`,
    async copyRows(rows) {
      const blob = new Blob([toCsv(rows)]);
      await client.query(copyStatement.replace("from stdin", "from '/dev/blob'"), [], { blob });
    },
    dispose,
  };
}

/** Whether a PostgreSQL server answers at `adminUrl` within a few seconds (the server benchmarks need one). */
export async function serverAnswers(adminUrl: string): Promise<boolean> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await admin.end({ timeout: 1 }).catch(() => {});
  }
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid url)";
  }
}
