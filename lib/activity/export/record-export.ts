import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEvent } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import type { ExportFormat } from "./export-activity";

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * Counts the whole rows in an export's bytes as they pass: NDJSON has one line per row (JSON
 * escapes its newlines); CSV has a header line, and a newline inside a quoted field (a
 * message may have one) ends no row. A row cut off half-way is not counted.
 */
export function exportRowCounter(format: ExportFormat) {
  let lines = 0;
  let quoted = false;
  const count = (chunk: Uint8Array) => {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (format === "ndjson") {
      for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
      return;
    }
    let from = 0;
    while (from < bytes.length) {
      if (quoted) {
        const close = bytes.indexOf(QUOTE, from);
        if (close === -1) return;
        quoted = false;
        from = close + 1;
        continue;
      }
      const newline = bytes.indexOf(NEWLINE, from);
      const open = bytes.indexOf(QUOTE, from);
      if (open !== -1 && (newline === -1 || open < newline)) {
        // An escaped quote ("") closes and reopens: the state comes out right either way.
        quoted = true;
        from = open + 1;
      } else if (newline !== -1) {
        lines++;
        from = newline + 1;
      } else return;
    }
  };
  return {
    count,
    /** Rows so far (the CSV header line is not a row). */
    get rows() {
      return format === "csv" ? Math.max(0, lines - 1) : lines;
    },
  };
}

/** The export's filters as text, for the record: only those set, dates in ISO-8601. */
export function describeExportFilters(filters: ActivityFilters): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === null) continue;
    described[name] =
      value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(",") : String(value);
  }
  return described;
}

export type ExportRecord = {
  db: Db;
  /** Who exports: the signed-in person, or the API key. */
  activity: ActivityContext;
  format: ExportFormat;
  filters: ActivityFilters;
  /** The rows the export had when it started. */
  expectedRows: number;
};

/**
 * The export's stream, recorded: once it ends — finished, cut off by the client, or failed —
 * one `activity.exported` event says who exported what, in which format, and how many rows
 * were sent; a complete download ends once its record is written. The bytes pass through
 * untouched, and recording never breaks the download (`logEvent` does not throw, and gives up
 * on a slow database within ACTIVITY_WRITE_TIMEOUT_MS, keeping the event in the spool).
 */
export function recordedExport(
  stream: ReadableStream<Uint8Array>,
  record: ExportRecord,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  const counter = exportRowCounter(record.format);
  let recorded = false;
  const finish = async (complete: boolean) => {
    if (recorded) return;
    recorded = true;
    try {
      await logEvent(
        record.db,
        record.activity,
        "activity.exported",
        {
          format: record.format,
          rows: counter.rows,
          expectedRows: Math.max(record.expectedRows, counter.rows),
          complete,
          filters: describeExportFilters(record.filters),
        },
        { entity: { type: "store", id: record.activity.storeId } },
      );
    } catch (error) {
      console.error("[activity] could not record an export:", error);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          await finish(false);
          throw error;
        }
        if (next.done) {
          // Recorded before the last byte: a complete download always has its record.
          await finish(true);
          controller.close();
          return;
        }
        counter.count(next.value);
        controller.enqueue(next.value);
      },
      async cancel(reason) {
        try {
          await reader.cancel(reason);
        } finally {
          await finish(false);
        }
      },
    },
    { highWaterMark: 1 },
  );
}
