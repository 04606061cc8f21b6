import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { NewActivityRow } from "@/db/schema";
import type { EventType, PayloadInput } from "@/lib/activity/catalog/catalog";
import type { Db } from "@/lib/platform/db/types";
import type { ActivityContext } from "./activity-context";
import { buildActivityRow, type LogOptions } from "./build-row";
import { groupWriterFor, type WriteStatus } from "./group-writer";
import { insertActivityRows } from "./insert-rows";
import { describeError } from "./write-errors";
import { recordFailure, writerState } from "./writer-state";

export type LogResult = {
  id: string;
  /**
   * `written`: in the database (or in the caller's transaction). `duplicate`: the dedupe key
   * was already there, nothing written. `spooled`: the database could not take it; it is on
   * local disk and will be written later. `failed`: not recorded — the caller's transaction
   * had already failed, or neither the database nor the disk would take it; the whole row is
   * in the server log.
   */
  status: WriteStatus;
};

export class ActivityWriteError extends Error {
  constructor(
    readonly eventType: string,
    reason: string,
  ) {
    super(`Could not record ${eventType}: ${reason}`);
    this.name = "ActivityWriteError";
  }
}

/**
 * Records one event. Never throws and never loses an event silently.
 *
 * - Given a transaction, the row joins it (contained, as in a savepoint, so a failed insert does not
 *   abort the caller's transaction) and commits or rolls back with it.
 * - Given the database, concurrent calls are grouped into multi-row inserts; the promise
 *   resolves once this row is durable.
 * - A row the database cannot take (down, timing out) goes to the on-disk spool and is written
 *   later, in order; a payload that fails its schema is recorded flagged.
 */
export async function logEvent<T extends EventType>(
  db: Db,
  activity: ActivityContext,
  type: T,
  payload: PayloadInput<T>,
  options: LogOptions = {},
): Promise<LogResult> {
  let id = "";
  try {
    const { row, invalid } = buildActivityRow(activity, type, payload, options);
    id = row.id;
    if (invalid) {
      writerState.stats.invalidPayloads++;
      console.warn(`[activity] ${type} recorded with an invalid payload: ${invalid}`);
    }
    if (!is(db, PgTransaction)) return { id, status: await groupWriterFor(db).write(row) };

    try {
      const inserted = await insertActivityRows(db, [row]);
      if (inserted.size) writerState.stats.written++;
      else writerState.stats.duplicates++;
      return { id, status: inserted.size ? "written" : "duplicate" };
    } catch (error) {
      // The caller's transaction is broken (its connection dropped, or an earlier statement
      // failed): it will not commit, so neither may its event — spooling it would record a
      // change that never happened. Say so loudly, with the whole row.
      writerState.stats.droppedWithTransaction++;
      recordFailure(`activity insert in a failed transaction: ${describeError(error)}`);
      console.error(
        `[activity] ${type} not recorded: its transaction failed (${describeError(error)}): ${JSON.stringify(row)}`,
      );
      return { id, status: "failed" };
    }
  } catch (error) {
    writerState.stats.lost++;
    recordFailure(`logEvent(${type}) failed: ${describeError(error)}`);
    console.error(
      `[activity] LOST EVENT ${type} ${JSON.stringify({ activity, payload, options })}: ${describeError(error)}`,
    );
    return { id, status: "failed" };
  }
}

/**
 * Like `logEvent`, but for callers who want the error: throws `ActivityWriteError` when the row
 * is not in the database (or the transaction), including a payload that fails its schema.
 * A duplicate dedupe key is not an error.
 */
export async function logEventStrict<T extends EventType>(
  db: Db,
  activity: ActivityContext,
  type: T,
  payload: PayloadInput<T>,
  options: LogOptions = {},
): Promise<LogResult> {
  return writeRowStrict(db, buildActivityRow(activity, type, payload, options));
}

/** The strict insert of a built row: a flagged row or a refused insert is an `ActivityWriteError`. */
export async function writeRowStrict(
  db: Db,
  { row, invalid }: { row: NewActivityRow; invalid: string | null },
): Promise<LogResult> {
  if (invalid) throw new ActivityWriteError(row.eventType, invalid);
  try {
    const inserted = await insertActivityRows(db, [row]);
    return { id: row.id, status: inserted.size ? "written" : "duplicate" };
  } catch (error) {
    throw new ActivityWriteError(row.eventType, describeError(error));
  }
}
