import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { NewActivityRow } from "@/db/schema";
import { driverClient } from "@/lib/platform/db/driver-client";
import type { Db } from "@/lib/platform/db/types";
import { sanitizeRow } from "./build-row";
import { describeError, isRowError } from "./write-errors";
import { getSpool, recordFailure, writerState } from "./writer-state";

/** The columns a new row sets, with their types; the rest take their defaults. */
const columns = {
  id: "uuid",
  store_id: "uuid",
  event_type: "text",
  level: "text",
  message: "text",
  entity_type: "text",
  entity_id: "text",
  order_id: "uuid",
  actor_type: "text",
  actor_id: "text",
  actor_label: "text",
  source: "text",
  visibility: "text",
  payload: "jsonb",
  changes: "jsonb",
  correlation_id: "text",
  dedupe_key: "text",
  ip_address: "text",
  user_agent: "text",
  occurred_at: "timestamptz",
} as const;

function toRecord(row: NewActivityRow) {
  return {
    id: row.id,
    store_id: row.storeId,
    event_type: row.eventType,
    level: row.level,
    message: row.message,
    entity_type: row.entityType ?? null,
    entity_id: row.entityId ?? null,
    order_id: row.orderId ?? null,
    actor_type: row.actorType,
    actor_id: row.actorId ?? null,
    actor_label: row.actorLabel,
    source: row.source,
    visibility: row.visibility ?? "internal",
    payload: row.payload ?? {},
    changes: row.changes ?? null,
    correlation_id: row.correlationId ?? null,
    dedupe_key: row.dedupeKey ?? null,
    ip_address: row.ipAddress ?? null,
    user_agent: row.userAgent ?? null,
    occurred_at: row.occurredAt,
  };
}

const insertSql = (param: string) =>
  `insert into activity_log (${Object.keys(columns).join(", ")})
   select ${Object.keys(columns).join(", ")} from jsonb_to_recordset(${param}::text::jsonb) as r(${Object.entries(
     columns,
   )
     .map(([name, type]) => `${name} ${type}`)
     .join(", ")})
   on conflict do nothing
   returning id`;

const INSERT_SQL = insertSql("$1");

/**
 * The same insert inside a caller's transaction, in one round trip: the migration's
 * `activity_log_insert_contained` runs it in an EXCEPTION block (a subtransaction, as a
 * SAVEPOINT is), so a refused row leaves the caller's transaction intact, and answers the
 * error as a row instead of raising it.
 */
const CONTAINED_SQL = "select inserted_id, error_code, error_message from activity_log_insert_contained($1)";

type ContainedRow = { inserted_id: string | null; error_code: string | null; error_message: string | null };

/** The database's refusal, as the driver would have raised it (its SQLSTATE in `code`). */
class ContainedInsertError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ContainedInsertError";
  }
}

function containedIds(rows: ContainedRow[]): string[] {
  const failed = rows.find((r) => r.error_code !== null);
  if (failed) throw new ContainedInsertError(failed.error_code!, failed.error_message ?? "refused");
  return rows.map((r) => r.inserted_id!);
}

/**
 * One statement for any number of rows: the batch travels as a single JSON parameter and
 * PostgreSQL unpacks it (`jsonb_to_recordset`), the same SQL on PGlite and on a server, and a
 * prepared statement on a server. Conflicts are skipped: the same row again by its key
 * (store, id, month), a dedupe key the store already holds in any month by activity_log's insert
 * trigger, which claims the key in `activity_dedupe_keys` in this same statement or skips the row.
 *
 * In a transaction the insert is contained (`CONTAINED_SQL`), so a refused row never aborts the
 * caller's transaction.
 */
async function insertMany(db: Db, rows: NewActivityRow[]): Promise<string[]> {
  const json = JSON.stringify(rows.map(toRecord));
  const inTransaction = is(db, PgTransaction);
  const driver = driverClient(db);
  if (driver && "postgres" in driver) {
    const client = driver.postgres;
    if (!inTransaction) {
      const inserted = (await client.unsafe(INSERT_SQL, [json], { prepare: true })) as { id: string }[];
      return inserted.map((r) => r.id);
    }
    return containedIds((await client.unsafe(CONTAINED_SQL, [json], { prepare: true })) as ContainedRow[]);
  }
  if (driver && "pglite" in driver) {
    const client = driver.pglite;
    if (!inTransaction) return (await client.query<{ id: string }>(INSERT_SQL, [json])).rows.map((r) => r.id);
    return containedIds((await client.query<ContainedRow>(CONTAINED_SQL, [json])).rows);
  }
  throw new Error("activity_log writes support the postgres.js and PGlite drivers only");
}

/**
 * Inserts rows, ignoring any that already exist (same id or same dedupe key), and returns the
 * ids actually inserted. When the database refuses a row as it is, that row alone is retried
 * sanitised, and set aside in the dead-letter file if even that fails, so one bad row never
 * holds up the others. Only a failure of the database itself (down, timeout) is thrown.
 */
export async function insertActivityRows(db: Db, rows: NewActivityRow[]): Promise<Set<string>> {
  const attempt = (batch: NewActivityRow[]) => insertMany(db, batch);
  try {
    return new Set(await attempt(rows));
  } catch (error) {
    if (!isRowError(error)) throw error;
  }
  const inserted = new Set<string>();
  for (const row of rows) {
    let lastReason = "";
    for (const pass of [0, 1, 2] as const) {
      const candidate = pass === 0 ? row : sanitizeRow(row, lastReason, pass === 2);
      try {
        for (const id of await attempt([candidate])) inserted.add(id);
        if (pass > 0) writerState.stats.sanitized++;
        break;
      } catch (error) {
        if (!isRowError(error)) throw error;
        lastReason = describeError(error);
        recordFailure(`activity row ${row.id} (${row.eventType}) refused: ${lastReason}`);
        if (pass === 2) await getSpool().deadLetter({ row }, `the database refused the row: ${lastReason}`);
      }
    }
  }
  return inserted;
}
