import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { boundPostgresClient } from "./bound-postgres-client";
import { listenOnServer } from "./listen-server";
import { migrationsFolder } from "./migrations-folder";
import type { DatabaseHandle, Db } from "./types";

/**
 * How long anything may wait for the server (see the README's Configuration table). With a
 * budget, no query waits longer than `queryTimeoutMs` in all — for a pool connection, to
 * connect, for its answer — and the server itself abandons a statement after
 * `statementTimeoutMs` and a transaction left idle after `idleInTransactionTimeoutMs`.
 */
export type DatabaseBudget = {
  connectTimeoutSeconds: number;
  queryTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
};

/**
 * A PostgreSQL server through postgres.js with a connection pool. With a `budget` (the app, the
 * worker) every wait is bounded and migrations run on a connection of their own without it (a
 * migration may rightly take minutes); without one (scripts, tests), waits are unbounded.
 */
export function openServerDatabase(
  url: string,
  options: { poolMax?: number; budget?: DatabaseBudget } = {},
): DatabaseHandle {
  const { budget } = options;
  const pool = postgres(url, {
    max: options.poolMax ?? 10,
    onnotice: () => {},
    connect_timeout: budget?.connectTimeoutSeconds ?? 10,
    ...(budget
      ? {
          connection: {
            statement_timeout: budget.statementTimeoutMs,
            idle_in_transaction_session_timeout: budget.idleInTransactionTimeoutMs,
          },
        }
      : {}),
  });
  const client = budget ? boundPostgresClient(pool, budget.queryTimeoutMs) : pool;
  const db = drizzle({ client, schema, casing: "snake_case" });
  return {
    kind: "server",
    db: db as unknown as Db,
    migrate: budget ? () => migrateAlone(url) : () => migrate(db, { migrationsFolder }),
    async query<T>(text: string, params: unknown[] = []) {
      const rows = params.length
        ? await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])
        : await client.unsafe(text).simple();
      return rows as unknown as T[];
    },
    listen: (channel, handlers) =>
      listenOnServer(url, channel, handlers, { connectTimeoutSeconds: budget?.connectTimeoutSeconds }),
    close: () => pool.end({ timeout: 5 }),
  };
}

async function migrateAlone(url: string) {
  const connection = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrate(drizzle({ client: connection, casing: "snake_case" }), { migrationsFolder });
  } finally {
    await connection.end({ timeout: 5 });
  }
}
