import path from "node:path";
import { getConfig } from "@/lib/platform/config";
import { processSingleton } from "@/lib/platform/process-singleton";
import { ActivitySpool } from "./spool";

/** What the activity writer has done in this process, for /api/health and the server log. */
export type ActivityWriteStats = {
  written: number;
  duplicates: number;
  /** Rows whose payload failed its schema and were recorded flagged. */
  invalidPayloads: number;
  /** Rows that could not be written and went to the on-disk spool. */
  spooled: number;
  /** Spooled rows later written to the database. */
  replayed: number;
  /** Rows the database refused as they were and that were recorded sanitised. */
  sanitized: number;
  /** Failed write attempts (each one spooled or sanitised, never dropped). */
  failures: number;
  /** Rows that could neither be written nor spooled; printed in full to the server log. */
  lost: number;
  /** Rows of a caller's transaction that had already failed (and so rolled back); in the server log. */
  droppedWithTransaction: number;
  lastError: string | null;
  lastErrorAt: string | null;
};

export type WriterOptions = {
  writeTimeoutMs: number;
  batchMax: number;
  spoolRetryMs: number;
  concurrency: number;
};

type WriterState = {
  stats: ActivityWriteStats;
  spool: ActivitySpool | null;
  options: WriterOptions | null;
  replayTimer: NodeJS.Timeout | null;
};

/** One writer state per process: it survives dev hot reloads, which load modules again. */
export const writerState: WriterState = processSingleton<WriterState>("activity.writer", () => ({
  stats: {
    written: 0,
    duplicates: 0,
    invalidPayloads: 0,
    spooled: 0,
    replayed: 0,
    sanitized: 0,
    failures: 0,
    lost: 0,
    droppedWithTransaction: 0,
    lastError: null,
    lastErrorAt: null,
  },
  spool: null,
  options: null,
  replayTimer: null,
}));

export function writerOptions(): WriterOptions {
  writerState.options ??= getConfig().activity;
  return writerState.options;
}

export function getSpool(): ActivitySpool {
  writerState.spool ??= new ActivitySpool(path.join(getConfig().dataDir, "spool"));
  return writerState.spool;
}

export function recordFailure(message: string) {
  writerState.stats.failures++;
  writerState.stats.lastError = message;
  writerState.stats.lastErrorAt = new Date().toISOString();
}
