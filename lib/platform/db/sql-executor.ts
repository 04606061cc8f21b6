import { Param, type SQL, sql } from "drizzle-orm";
import { driverClient } from "./driver-client";
import type { Db } from "./types";

/** What pg-boss calls to run its SQL (`PgBoss.Db`). */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

function asParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value))
    return JSON.stringify(value);
  return value;
}

/**
 * Runs pg-boss's SQL through a Drizzle database or transaction, so that a job is enqueued in
 * the same transaction as the change that asks for it (it exists only if that commits).
 * pg-boss writes `$1…$n` placeholders; each becomes a bound parameter. On postgres.js its text
 * (a fixed set of statements) runs prepared: an unprepared statement costs a round trip of its
 * own to describe its parameters, every time.
 */
export function sqlExecutor(db: Db): SqlExecutor {
  const driver = driverClient(db);
  if (driver && "postgres" in driver)
    return {
      async executeSql(text, values = []) {
        return { rows: await driver.postgres.unsafe(text, values.map(asParam), { prepare: true }) };
      },
    };
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) =>
        i % 2 === 0 ? sql.raw(part) : sql`${new Param(asParam(values[Number(part) - 1]))}`,
      );
      const result: unknown = await db.execute(sql.join(chunks));
      return { rows: Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []) };
    },
  };
}

/** pg-boss on an embedded PGlite: parameterised text through `query`, multi-statement text through `exec`. */
export function pgliteExecutor(client: {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[] }>>;
}): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values?.length) return client.query(text, values.map(asParam));
      return (await client.exec(text)).at(-1) ?? { rows: [] };
    },
  };
}
