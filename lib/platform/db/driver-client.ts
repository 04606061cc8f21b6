import type { Db } from "./types";

export type PostgresJsClient = {
  unsafe(text: string, params?: unknown[], options?: { prepare?: boolean }): Promise<unknown[]>;
};
export type PgliteClient = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };

/**
 * The driver's own client behind a Drizzle database or transaction (a transaction's is its
 * connection), for hot paths that run their own SQL: postgres.js or PGlite, else null.
 */
export function driverClient(db: Db): { postgres: PostgresJsClient } | { pglite: PgliteClient } | null {
  const client = (db as unknown as { session?: { client?: Record<string, unknown> } }).session?.client;
  if (client && typeof client.unsafe === "function")
    return { postgres: client as unknown as PostgresJsClient };
  if (client && typeof client.query === "function") return { pglite: client as unknown as PgliteClient };
  return null;
}
