import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "@/db/schema";
import { lockDataDir } from "./lock-data-dir";
import { migrationsFolder } from "./migrations-folder";
import type { DatabaseHandle, Db } from "./types";

/**
 * PGlite in `dataDir` (or in memory when `dataDir` is null). The folder is locked first: two
 * processes on one PGlite folder silently lose each other's writes, so a second opener stops.
 */
export async function openEmbeddedDatabase(
  dataDir: string | null,
): Promise<DatabaseHandle & { client: PGlite }> {
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  let client: PGlite;
  try {
    client = dataDir ? new PGlite(`${dataDir}/pgdata`) : new PGlite();
    await client.waitReady;
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzle({ client, schema, casing: "snake_case" });
  return {
    kind: "embedded",
    client,
    db: db as unknown as Db,
    migrate: () => migrate(db, { migrationsFolder }),
    async query<T>(text: string, params: unknown[] = []) {
      if (params.length) return (await client.query<T>(text, params)).rows;
      const results = await client.exec(text);
      return (results.at(-1)?.rows ?? []) as T[];
    },
    async listen(channel, handlers) {
      const unlisten = await client.listen(channel, handlers.onNotify);
      handlers.onListening?.();
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async close() {
      if (!client.closed) await client.close();
      await release();
    },
  };
}
