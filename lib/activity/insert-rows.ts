import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { activityLog, type NewActivityRow } from "@/db/schema";
import type { Db } from "@/lib/db/types";
import { sanitizeRow } from "./build-row";
import { describeError, isRowError } from "./write-errors";
import { getSpool, recordFailure, writerState } from "./writer-state";

async function insertMany(db: Db, rows: NewActivityRow[]): Promise<string[]> {
  const inserted = await db
    .insert(activityLog)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: activityLog.id });
  return inserted.map((r) => r.id);
}

/**
 * Inserts rows, ignoring any that already exist (same id or same dedupe key), and returns the
 * ids actually inserted. When the database refuses a row as it is, that row alone is retried
 * sanitised, and set aside in the dead-letter file if even that fails, so one bad row never
 * holds up the others. Only a failure of the database itself (down, timeout) is thrown.
 */
export async function insertActivityRows(db: Db, rows: NewActivityRow[]): Promise<Set<string>> {
  // In a transaction each attempt gets its own savepoint, so a refused row never aborts it.
  const attempt = is(db, PgTransaction)
    ? (batch: NewActivityRow[]) => db.transaction((savepoint) => insertMany(savepoint, batch))
    : (batch: NewActivityRow[]) => insertMany(db, batch);
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
