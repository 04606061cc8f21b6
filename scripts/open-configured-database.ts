import { getConfig } from "@/lib/platform/config";
import { openEmbeddedDatabase } from "@/lib/platform/db/open-embedded";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";

/**
 * The database the app is configured for: DATABASE_URL, else the embedded data folder (which
 * is locked: this refuses to open a folder that a running app is using).
 */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const config = getConfig();
  return config.mode === "server"
    ? openServerDatabase(config.databaseUrl!, { poolMax: 2 })
    : openEmbeddedDatabase(config.dataDir);
}

export async function runScript(name: string, task: (database: DatabaseHandle) => Promise<string>) {
  let database: DatabaseHandle | undefined;
  try {
    database = await openConfiguredDatabase();
    console.info(`[${name}] ${await task(database)}`);
  } catch (error) {
    console.error(`[${name}] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await database?.close();
  }
}

/** A script that opens its own connections (db:migrate on a server, as the admin). */
export async function runServerScript(name: string, task: () => Promise<string>) {
  try {
    console.info(`[${name}] ${await task()}`);
  } catch (error) {
    console.error(`[${name}] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
