import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { type FileHandle, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { NewActivityRow } from "@/db/schema";

type SpooledRow = Omit<NewActivityRow, "occurredAt"> & { occurredAt: string };

const CURRENT = /^current-(\d+)-[0-9a-f]+\.ndjson$/;
const BATCH = /^batch-\d{13}-\d+-[0-9a-f]+\.ndjson$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A durable, ordered backlog of activity rows that could not be written to the database.
 *
 * Rows are appended (and fsynced) to this process's `current-<pid>-*.ndjson`; a replay first
 * rotates that file into `batch-<time>-*.ndjson`, then writes every batch file in name order and
 * deletes it once all its rows are in. Each row keeps its id (and dedupe key), and the insert
 * ignores conflicts, so a replay that is interrupted and repeated never doubles a row.
 */
export class ActivitySpool {
  private handle: FileHandle | null = null;
  private currentName: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private counted = false;

  constructor(readonly dir: string) {}

  /** Rows waiting in the spool (this process's and any left by a process that died). */
  get backlog(): number {
    return this.pending;
  }

  /** Counts what earlier runs left behind; call once at start-up. */
  async init(): Promise<number> {
    if (this.counted) return this.pending;
    this.counted = true;
    mkdirSync(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (BATCH.test(name) || CURRENT.test(name)) {
        const text = await readFile(path.join(this.dir, name), "utf8");
        this.pending += text.split("\n").filter(Boolean).length;
      }
    }
    return this.pending;
  }

  /** Appends rows durably (fsync) in order. */
  append(rows: NewActivityRow[]): Promise<void> {
    const lines = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    return this.serialize(async () => {
      if (!this.handle) {
        mkdirSync(this.dir, { recursive: true });
        this.currentName = `current-${process.pid}-${randomBytes(4).toString("hex")}.ndjson`;
        this.handle = await open(path.join(this.dir, this.currentName), "a");
      }
      await this.handle.appendFile(lines);
      await this.handle.sync();
      this.pending += rows.length;
    });
  }

  /**
   * Writes the backlog, oldest first, through `insert`. Stops at the first failure (the rows
   * stay for the next attempt). Returns how many rows left the spool.
   */
  replay(insert: (rows: NewActivityRow[]) => Promise<void>, chunkSize = 500): Promise<number> {
    return this.serialize(async () => {
      await this.rotate();
      let moved = 0;
      for (const name of await this.claimable()) {
        const file = path.join(this.dir, name);
        const rows = (await readFile(file, "utf8"))
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as SpooledRow)
          .map((row) => ({ ...row, occurredAt: new Date(row.occurredAt) }));
        for (let i = 0; i < rows.length; i += chunkSize) await insert(rows.slice(i, i + chunkSize));
        await unlink(file);
        moved += rows.length;
        this.pending = Math.max(0, this.pending - rows.length);
      }
      return moved;
    });
  }

  async close(): Promise<void> {
    await this.serialize(async () => {
      await this.handle?.close();
      this.handle = null;
    });
  }

  private async rotate() {
    if (!this.handle || !this.currentName) return;
    await this.handle.close();
    this.handle = null;
    const batch = `batch-${Date.now()}-${process.pid}-${randomBytes(4).toString("hex")}.ndjson`;
    await rename(path.join(this.dir, this.currentName), path.join(this.dir, batch));
    this.currentName = null;
  }

  /** Batch files, plus current files of processes that are gone, oldest first. */
  private async claimable(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    for (const name of names) {
      const owner = CURRENT.exec(name);
      if (owner && !isAlive(Number(owner[1]))) {
        const batch = `batch-${Date.now()}-${owner[1]}-${randomBytes(4).toString("hex")}.ndjson`;
        await rename(path.join(this.dir, name), path.join(this.dir, batch)).catch(() => {});
      }
    }
    return (await readdir(this.dir)).filter((name) => BATCH.test(name)).sort();
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => {});
    return next;
  }
}
