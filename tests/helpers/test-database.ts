import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ActivitySpool } from "@/lib/activity/write/spool";
import { writerState } from "@/lib/activity/write/writer-state";
import { openEmbeddedDatabase } from "@/lib/platform/db/open-embedded";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";

export type TestDatabase = DatabaseHandle & { url: string | null; dispose(): Promise<void> };

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the server named by DATABASE_URL (dropped afterwards). Never a mock.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openEmbeddedDatabase(null);
    await handle.migrate();
    return { ...handle, url: null, dispose: () => handle.close() };
  }
  const name = `storyline_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openServerDatabase(url.toString(), { poolMax: 20 });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    async dispose() {
      await handle.close().catch(() => {});
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const spoolDirs: string[] = [];
process.once("exit", () => {
  for (const dir of spoolDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Points the activity writer at a private spool folder (and short timeouts) for one test file.
 * The folder is removed when the test process exits.
 */
export function useTestSpool(options: Partial<{ writeTimeoutMs: number; spoolRetryMs: number }> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "storyline-spool-"));
  spoolDirs.push(dir);
  writerState.spool = new ActivitySpool(dir);
  writerState.options = {
    writeTimeoutMs: options.writeTimeoutMs ?? 2000,
    spoolRetryMs: options.spoolRetryMs ?? 200,
    batchMax: 500,
    concurrency: 2,
  };
  return {
    dir,
    spool: writerState.spool,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
