import type { SQL } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";

/** Runs a raw query on either driver and returns its rows. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}

/** A timestamptz as the seal writes it: UTC, microseconds, e.g. `2026-01-02T03:04:05.123456Z`. */
export const isoMicros = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
