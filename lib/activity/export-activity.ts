import { stringify } from "csv-stringify/sync";
import { and, count, desc, sql } from "drizzle-orm";
import { type ActivityRow, activityLog } from "@/db/schema";
import { eventJson } from "@/lib/api/event-json";
import type { Db } from "@/lib/db/types";
import type { ActivityFilters } from "./activity-filters";
import { activityConditions } from "./list-activity";

export type ExportFormat = "csv" | "ndjson";

export const exportFormats: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  ndjson: { contentType: "application/x-ndjson; charset=utf-8", extension: "ndjson" },
};

export const csvColumns = [
  "id",
  "occurred_at",
  "type",
  "level",
  "message",
  "entity_type",
  "entity_id",
  "order_id",
  "actor_type",
  "actor_id",
  "actor_label",
  "source",
  "visibility",
  "payload",
  "changes",
  "correlation_id",
  "dedupe_key",
  "inserted_at",
  "resolved_at",
  "resolved_by",
  "resolution_note",
] as const;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
 * gets a leading apostrophe, as OWASP advises for CSV exports; everything else is verbatim.
 */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRecord(row: ActivityRow): string[] {
  const text = (value: string | null) => (value === null ? "" : guardCell(value));
  const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  return [
    row.id,
    row.occurredAt.toISOString(),
    row.eventType,
    row.level,
    text(row.message),
    text(row.entityType),
    text(row.entityId),
    row.orderId ?? "",
    row.actorType,
    text(row.actorId),
    text(row.actorLabel),
    row.source,
    row.visibility,
    json(row.payload),
    json(row.changes),
    text(row.correlationId),
    text(row.dedupeKey),
    row.insertedAt.toISOString(),
    row.resolvedAt?.toISOString() ?? "",
    row.resolvedBy ?? "",
    text(row.resolutionNote),
  ];
}

/** Rows per query: big enough that round trips do not dominate, small enough to stay flat in memory. */
export const EXPORT_CHUNK_ROWS = 5000;

/**
 * The store's filtered feed as CSV or NDJSON, newest first, streamed: each pull reads the next
 * chunk by keyset (`(occurred_at, id)` below the last row sent) and encodes it, so memory holds
 * one chunk however large the export, a slow reader slows the queries down (back-pressure),
 * and a client that goes away stops them (`cancel`). Same conditions as the feed: never debug rows.
 */
export function exportActivity(
  db: Db,
  storeId: string,
  filters: ActivityFilters,
  format: ExportFormat,
  options: { chunkRows?: number } = {},
): ReadableStream<Uint8Array> {
  const chunkRows = options.chunkRows ?? EXPORT_CHUNK_ROWS;
  const encoder = new TextEncoder();
  let after: { occurredAt: Date; id: string } | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (format === "csv") controller.enqueue(encoder.encode(stringify([[...csvColumns]])));
        }
        const conditions = activityConditions(storeId, filters);
        if (after)
          conditions.push(
            sql`(${activityLog.occurredAt}, ${activityLog.id}) < (${after.occurredAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
          );
        const rows = await db
          .select()
          .from(activityLog)
          .where(and(...conditions))
          .orderBy(desc(activityLog.occurredAt), desc(activityLog.id))
          .limit(chunkRows);
        if (done) return; // cancelled while the query ran
        if (rows.length) {
          const text =
            format === "csv"
              ? stringify(rows.map(csvRecord))
              : `${rows.map((row) => JSON.stringify(eventJson(row))).join("\n")}\n`;
          controller.enqueue(encoder.encode(text));
          const last = rows.at(-1)!;
          after = { occurredAt: last.occurredAt, id: last.id };
        }
        if (rows.length < chunkRows) {
          done = true;
          controller.close();
        }
      },
      cancel() {
        done = true;
      },
    },
    { highWaterMark: 1 },
  );
}

/** How many rows an export will have, counted up to `cap` (a progress bar needs no more). */
export async function countExportRows(db: Db, storeId: string, filters: ActivityFilters, cap = 5_000_000) {
  const conditions = activityConditions(storeId, filters);
  const capped = db
    .select({ one: sql`1`.as("one") })
    .from(activityLog)
    .where(and(...conditions))
    .limit(cap)
    .as("capped");
  const [row] = await db.select({ n: count() }).from(capped);
  return row?.n ?? 0;
}
