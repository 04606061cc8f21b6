import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { migrationsFolder } from "./migrations-folder";
import type { DatabaseHandle, Db } from "./types";

/** A PostgreSQL server through postgres.js with a connection pool. */
export function openServerDatabase(url: string, options: { poolMax?: number } = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.poolMax ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
  });
  const db = drizzle({ client, schema, casing: "snake_case" });
  return {
    kind: "server",
    db: db as unknown as Db,
    migrate: () => migrate(db, { migrationsFolder }),
    async query<T>(text: string, params: unknown[] = []) {
      const rows = params.length
        ? await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])
        : await client.unsafe(text).simple();
      return rows as unknown as T[];
    },
    close: () => client.end({ timeout: 5 }),
  };
}
