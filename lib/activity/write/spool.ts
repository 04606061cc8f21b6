import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { appendFile, type FileHandle, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { NewActivityRow } from "@/db/schema";

type SpooledRow = Omit<NewActivityRow, "occurredAt"> & { occurredAt: string };

/** `current-<created ms>-<pid>-<random>`: the file a live process appends to. */
const CURRENT = /^current-(\d{13})-(\d+)-([0-9a-f]+)\.ndjson$/;
/** `batch-<created ms>-<pid>-<random>`: closed, waiting to be written; sorts oldest first. */
const BATCH = /^batch-\d{13}-\d+-[0-9a-f]+\.ndjson$/;
export const DEAD_LETTER_FILE = "dead-letter.ndjson";

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const countLines = (text: string) => text.split("\n").filter(Boolean).length;

/**
 * A durable, ordered backlog of activity rows that could not be written to the database.
 *
 * Rows are appended (and fsynced) to this process's `current-*.ndjson`; a replay first rotates
 * that file into `batch-*.ndjson` (keeping its creation time, so names sort oldest first), then
 * writes every batch file in order and deletes it once all its rows are in. Rows keep their id
 * and dedupe key and the insert ignores conflicts, so a repeated replay never doubles a row.
 * What can never be written (a torn line, a row the database refuses even sanitised) is moved
 * to `dead-letter.ndjson` for a person to look at, so it cannot hold up the rows behind it.
 */
export class ActivitySpool {
  private handle: FileHandle | null = null;
  private currentName: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private deadLetters = 0;
  private counted = false;

  constructor(readonly dir: string) {}

  /** Rows waiting in the spool (this process's and any left by a process that died). */
  get backlog(): number {
    return this.pending;
  }

  /** Rows set aside in the dead-letter file by this process. */
  get deadLettered(): number {
    return this.deadLetters;
  }

  /** Counts what is on disk, including what earlier runs left behind; call at start-up. */
  init(): Promise<number> {
    return this.serialize(async () => {
      if (this.counted) return this.pending;
      this.counted = true;
      mkdirSync(this.dir, { recursive: true });
      let total = 0;
      for (const name of await readdir(this.dir)) {
        if (BATCH.test(name) || CURRENT.test(name))
          total += countLines(await readFile(path.join(this.dir, name), "utf8"));
      }
      this.pending = total;
      return total;
    });
  }

  /** Appends rows durably (fsync) in order. */
  append(rows: NewActivityRow[]): Promise<void> {
    const lines = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    return this.serialize(async () => {
      if (!this.handle) {
        mkdirSync(this.dir, { recursive: true });
        this.currentName = `current-${Date.now()}-${process.pid}-${randomBytes(4).toString("hex")}.ndjson`;
        this.handle = await open(path.join(this.dir, this.currentName), "a");
      }
      await this.handle.appendFile(lines);
      await this.handle.sync();
      this.pending += rows.length;
    });
  }

  /** Sets aside what can never be written, with the reason, and says so in the server log. */
  async deadLetter(entry: { row?: NewActivityRow; line?: string }, reason: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const record = { at: new Date().toISOString(), reason, ...entry };
    await appendFile(path.join(this.dir, DEAD_LETTER_FILE), `${JSON.stringify(record)}\n`);
    this.deadLetters++;
    console.error(`[activity] set aside in ${path.join(this.dir, DEAD_LETTER_FILE)}: ${reason}`);
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
        const rows: NewActivityRow[] = [];
        for (const line of (await readFile(file, "utf8")).split("\n").filter(Boolean)) {
          try {
            const row = JSON.parse(line) as SpooledRow;
            rows.push({ ...row, occurredAt: new Date(row.occurredAt) });
          } catch {
            await this.deadLetter({ line }, `unreadable line in ${name} (an append cut short by a crash?)`);
            this.pending = Math.max(0, this.pending - 1);
          }
        }
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
    await rename(
      path.join(this.dir, this.currentName),
      path.join(this.dir, this.currentName.replace(/^current-/, "batch-")),
    );
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
      if (owner && !isAlive(Number(owner[2]))) {
        await rename(
          path.join(this.dir, name),
          path.join(this.dir, name.replace(/^current-/, "batch-")),
        ).catch(() => {});
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
