import type { NewActivityRow } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { insertActivityRows } from "./insert-rows";
import { describeError } from "./write-errors";
import { getSpool, recordFailure, writerOptions, writerState } from "./writer-state";

export type WriteStatus = "written" | "duplicate" | "spooled" | "failed";

type Entry = { row: NewActivityRow; resolve: (status: WriteStatus) => void };

const TIMEOUT = Symbol("timeout");

/**
 * Group commit for writes outside a transaction: calls that arrive while a batch is in flight
 * wait for it and then go together as one multi-row insert. Each caller's promise resolves
 * once its own row is durable — in the database, or in the on-disk spool when the database
 * cannot take it. While the spool holds rows, new rows queue behind them so order is kept.
 */
export class GroupWriter {
  private pending: Entry[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * @param maxInFlight batches written at once: a server pool takes several (one batch is
   * being encoded while another is in the database); PGlite has one connection.
   */
  constructor(
    private readonly db: Db,
    private readonly maxInFlight: number,
  ) {}

  write(row: NewActivityRow): Promise<WriteStatus> {
    return new Promise((resolve) => {
      this.pending.push({ row, resolve });
      if (!this.scheduled) {
        // Wait for the end of the current tick, so calls made together go together.
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump() {
    const { batchMax } = writerOptions();
    while (this.pending.length && this.inFlight < this.maxInFlight) {
      // A burst is shared out over the free connections: while the database takes one part,
      // the callers of the part before are already making their next rows. Sent as one batch,
      // every caller would wait on it together, and then the database would wait on them.
      const share = Math.ceil(this.pending.length / (this.maxInFlight - this.inFlight));
      const batch = this.pending.splice(0, Math.min(batchMax, share));
      this.inFlight++;
      void this.writeBatch(batch.map((e) => e.row)).then((statusOf) => {
        // The connection is free before the batch's callers hear back, so their next rows find it.
        this.inFlight--;
        for (const e of batch) e.resolve(statusOf(e.row));
        this.pump();
      });
    }
  }

  /** Writes the rows, or spools them; never rejects. Answers each row's status. */
  private async writeBatch(rows: NewActivityRow[]): Promise<(row: NewActivityRow) => WriteStatus> {
    const spool = getSpool();
    if (spool.backlog === 0) {
      const outcome = await this.tryInsert(rows);
      if (outcome instanceof Set) {
        writerState.stats.written += outcome.size;
        writerState.stats.duplicates += rows.length - outcome.size;
        return (row) => (outcome.has(row.id) ? "written" : "duplicate");
      }
      recordFailure(`activity insert of ${rows.length} row(s) failed: ${outcome}`);
      console.error(
        `[activity] could not write ${rows.length} event(s), keeping them in the spool: ${outcome}`,
      );
    }
    try {
      await spool.append(rows);
      writerState.stats.spooled += rows.length;
      return () => "spooled";
    } catch (error) {
      writerState.stats.lost += rows.length;
      recordFailure(`activity spool append failed: ${describeError(error)}`);
      for (const row of rows)
        console.error(`[activity] LOST EVENT (database and spool both failed): ${JSON.stringify(row)}`);
      return () => "failed";
    }
  }

  /** The inserted ids, or why the database could not take the rows. */
  private async tryInsert(rows: NewActivityRow[]): Promise<Set<string> | string> {
    const { writeTimeoutMs } = writerOptions();
    let timer: NodeJS.Timeout | undefined;
    const insert = insertActivityRows(this.db, rows);
    // A write that times out may still land later; the spooled copy then finds it and is skipped.
    insert.catch(() => {});
    try {
      const result = await Promise.race([
        insert,
        new Promise<typeof TIMEOUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMEOUT), writeTimeoutMs);
        }),
      ]);
      return result === TIMEOUT ? `no answer within ${writeTimeoutMs} ms` : result;
    } catch (error) {
      return describeError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

const writers = new WeakMap<object, GroupWriter>();

export function groupWriterFor(db: Db): GroupWriter {
  let writer = writers.get(db);
  if (!writer) {
    const isServer =
      typeof (db as unknown as { $client?: { unsafe?: unknown } }).$client?.unsafe === "function";
    writer = new GroupWriter(db, isServer ? writerOptions().concurrency : 1);
    writers.set(db, writer);
  }
  return writer;
}
