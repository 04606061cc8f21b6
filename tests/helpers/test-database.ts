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
import { migrateServerDatabase } from "@/lib/runtime/migrate-server-database";

export type TestDatabase = DatabaseHandle & {
  /** The app's URL (its least-privilege role) on the server; null on PGlite. */
  url: string | null;
  /** Who `db` and `query` run as: the app's role on the server (unless asked), PGlite's one user embedded. */
  role: "app" | "owner";
  /** The database's owner (a superuser on the server): for set-up no app could do, and for attacks. */
  owner: Pick<DatabaseHandle, "query" | "db">;
  /** The owner's URL on the server; null on PGlite. */
  ownerUrl: string | null;
  dispose(): Promise<void>;
};

/** The least-privilege role the server suite runs as (roles are cluster-wide; grants are per database). */
export const TEST_APP_ROLE = "storyline_test_app";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the server named by DATABASE_URL (a superuser's; dropped afterwards). On the server it is
 * migrated as `npm run db:migrate` does with two roles — as the owner, then granting
 * TEST_APP_ROLE its least privilege — and `db`/`query` connect as that role, as the app does
 * in production; `{ as: "owner" }` connects as the owner instead. Never a mock.
 */
export async function createTestDatabase(options: { as?: "app" | "owner" } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openEmbeddedDatabase(null);
    await handle.migrate();
    return {
      ...handle,
      url: null,
      role: "owner",
      owner: handle,
      ownerUrl: null,
      dispose: () => handle.close(),
    };
  }
  const name = `storyline_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const cluster = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await cluster.unsafe(`create database ${name}`);
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = TEST_APP_ROLE;
  appUrl.password = "";
  await migrateServerDatabase({
    adminUrl: ownerUrl.toString(),
    appRole: TEST_APP_ROLE,
    appUrl: appUrl.toString(),
  });
  const role = options.as ?? "app";
  const url = role === "app" ? appUrl.toString() : ownerUrl.toString();
  const handle = openServerDatabase(url, { poolMax: 20 });
  const owner = role === "app" ? openServerDatabase(ownerUrl.toString(), { poolMax: 2 }) : handle;
  return {
    ...handle,
    url,
    role,
    owner,
    ownerUrl: ownerUrl.toString(),
    async dispose() {
      await handle.close().catch(() => {});
      if (owner !== handle) await (owner as DatabaseHandle).close().catch(() => {});
      await cluster.unsafe(`drop database if exists ${name} with (force)`);
      await cluster.end();
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
