import { and, count, desc, type SQL, sql } from "drizzle-orm";
import postgres from "postgres";
import { activityLog } from "@/db/schema";
import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import { activityConditions } from "@/lib/activity/read/list-activity";
import type { Db } from "@/lib/platform/db/types";

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

// Each row is encoded by PostgreSQL, in C, as one line of text; the app only concatenates.
// Times as toISOString() writes them (UTC, milliseconds); JSON as json_build_object writes it.
const t = activityLog;
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The NDJSON line: the same object as `eventJson` (the API's event), built by the database. */
const ndjsonLine = sql<string>`json_build_object(
  'id', ${t.id}, 'type', ${t.eventType}, 'level', ${t.level}, 'message', ${t.message},
  'entity', case when ${t.entityType} is null then null
                 else json_build_object('type', ${t.entityType}, 'id', ${t.entityId}) end,
  'order_id', ${t.orderId},
  'actor', json_build_object('type', ${t.actorType}, 'id', ${t.actorId}, 'label', ${t.actorLabel}),
  'source', ${t.source}, 'visibility', ${t.visibility}, 'payload', ${t.payload}, 'changes', ${t.changes},
  'correlation_id', ${t.correlationId}, 'dedupe_key', ${t.dedupeKey},
  'occurred_at', ${iso(sql`${t.occurredAt}`)}, 'inserted_at', ${iso(sql`${t.insertedAt}`)},
  'resolved', case when ${t.resolvedAt} is null then null
                   else json_build_object('at', ${iso(sql`${t.resolvedAt}`)}, 'by', ${t.resolvedBy},
                                          'note', ${t.resolutionNote}) end)::text`;

/**
 * A text field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage
 * return first) gets a leading apostrophe, as OWASP advises for CSV exports.
 */
const guarded = (value: SQL) =>
  sql`(case when left(${value}, 1) in ('-', '=', '+', '@', chr(9), chr(13)) then chr(39) || ${value} else ${value} end)`;

/** The CSV columns, in `csvColumns` order, as the database formats them. */
const csvColumnValues: Record<(typeof csvColumns)[number], SQL> = {
  id: sql`${t.id}::text`,
  occurred_at: iso(sql`${t.occurredAt}`),
  type: sql`${t.eventType}`,
  level: sql`${t.level}`,
  message: guarded(sql`${t.message}`),
  entity_type: guarded(sql`${t.entityType}`),
  entity_id: guarded(sql`${t.entityId}`),
  order_id: sql`${t.orderId}::text`,
  actor_type: sql`${t.actorType}`,
  actor_id: guarded(sql`${t.actorId}`),
  actor_label: guarded(sql`${t.actorLabel}`),
  source: sql`${t.source}`,
  visibility: sql`${t.visibility}`,
  payload: sql`${t.payload}::text`,
  changes: sql`${t.changes}::text`,
  correlation_id: guarded(sql`${t.correlationId}`),
  dedupe_key: guarded(sql`${t.dedupeKey}`),
  inserted_at: iso(sql`${t.insertedAt}`),
  resolved_at: iso(sql`${t.resolvedAt}`),
  resolved_by: sql`${t.resolvedBy}::text`,
  resolution_note: guarded(sql`${t.resolutionNote}`),
};

/** Embedded: one CSV line per row, built by the database; every non-null field quoted (RFC 4180). */
const csvLine = sql<string>`concat_ws(',', ${sql.join(
  csvColumns.map((name) => sql`coalesce('"' || replace(${csvColumnValues[name]}, '"', '""') || '"', '')`),
  sql`, `,
)})`;

// ── On a PostgreSQL server, CSV comes straight from `COPY (…) TO STDOUT (FORMAT csv)`: the
// database writes and quotes the CSV itself, and its bytes pass through untouched — no row is
// parsed or built in this process. Each export uses a connection of its own, outside the
// pool: a COPY a client abandons half-way is ended by closing that connection.
const copyColumns = Object.fromEntries(
  csvColumns.map((name) => [name, sql<string>`${csvColumnValues[name]}`.as(name)]),
);

/** A bound value as an SQL literal (COPY takes no parameters): an E'' string, escaped. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== "string") throw new Error(`export: cannot inline a ${typeof value} parameter`);
  return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

type ServerOptions = postgres.Options<Record<string, postgres.PostgresType>>;

/** How to open a connection to the same server as `db`, when `db` is postgres.js (not PGlite). */
function serverOptionsOf(db: Db): ServerOptions | null {
  const client = (db as unknown as { $client?: { unsafe?: unknown; options?: Record<string, unknown> } })
    .$client;
  const o = client?.options;
  if (typeof client?.unsafe !== "function" || !o) return null;
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return {
    host: first(o.host) as string,
    port: first(o.port) as number,
    database: o.database as string,
    user: o.user as string,
    pass: o.pass as string,
    ssl: o.ssl as ServerOptions["ssl"],
    max: 1,
    connect_timeout: 10,
    onnotice: () => {},
  };
}

/**
 * The export through COPY on a connection of its own. CSV: COPY's own CSV of the guarded
 * columns. NDJSON: COPY's text format of one column, the JSON line; that format doubles every
 * backslash (JSON has no raw tab, newline or carriage return that it would escape otherwise),
 * so the bytes are passed on with each pair made one again.
 */
async function* copyExport(
  options: ServerOptions,
  db: Db,
  storeId: string,
  filters: ActivityFilters,
  format: ExportFormat,
) {
  const base = format === "csv" ? db.select(copyColumns) : db.select({ line: ndjsonCopyLine });
  const query = base
    .from(t)
    .where(and(...activityConditions(storeId, filters)))
    .orderBy(desc(t.occurredAt), desc(t.id))
    .toSQL();
  const select = query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
  const connection = postgres(options);
  let ended = false;
  try {
    const stream = await connection
      .unsafe(`copy (${select}) to stdout ${format === "csv" ? "with (format csv, header true)" : ""}`)
      .readable();
    if (format === "csv") for await (const chunk of stream) yield chunk as Uint8Array;
    else {
      const undouble = backslashUndoubler();
      for await (const chunk of stream) yield undouble(chunk as Buffer);
    }
    ended = true;
  } finally {
    // Finished: close politely. Abandoned: close now, which stops the COPY on the server.
    await connection.end({ timeout: ended ? 5 : 0 }).catch(() => {});
  }
}

const ndjsonCopyLine = sql<string>`${ndjsonLine}`.as("line");

/** Turns every `\\` of a byte stream into `\`, also when a pair is split between chunks. */
export function backslashUndoubler() {
  let pendingHalf = false;
  return (chunk: Buffer): Uint8Array => {
    const out = Buffer.allocUnsafe(chunk.length);
    let written = 0;
    let from = 0;
    if (pendingHalf && chunk.length) {
      from = 1; // the second backslash of a pair that began in the last chunk
      pendingHalf = false;
    }
    while (from < chunk.length) {
      const at = chunk.indexOf(0x5c, from);
      if (at === -1) {
        written += chunk.copy(out, written, from);
        break;
      }
      written += chunk.copy(out, written, from, at + 1); // up to and with the first backslash
      if (at + 1 < chunk.length) from = at + 2;
      else {
        pendingHalf = true;
        from = chunk.length;
      }
    }
    return out.subarray(0, written);
  };
}

/** A pull-based stream over an async iterator: cancelling it ends the iterator (and its COPY). */
function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** Rows per query: big enough that round trips do not dominate, small enough to stay flat in memory. */
export const EXPORT_CHUNK_ROWS = 10_000;

/**
 * The store's filtered feed as CSV or NDJSON, newest first, streamed: each pull reads the next
 * chunk by keyset (`(occurred_at, id)` below the last row sent, carried as text so microseconds
 * survive), each row already encoded by the database. Memory holds two chunks however large the
 * export, a slow reader slows the queries down (back-pressure), and a client that goes away
 * stops them (`cancel`). Same conditions as the feed: never debug rows.
 */
export function exportActivity(
  db: Db,
  storeId: string,
  filters: ActivityFilters,
  format: ExportFormat,
  options: { chunkRows?: number } = {},
): ReadableStream<Uint8Array> {
  const server = options.chunkRows ? null : serverOptionsOf(db);
  if (server) return streamOf(copyExport(server, db, storeId, filters, format));
  const chunkRows = options.chunkRows ?? EXPORT_CHUNK_ROWS;
  const encoder = new TextEncoder();
  const line = format === "csv" ? csvLine : ndjsonLine;
  const fetchChunk = (after: { at: string; id: string } | null) => {
    const conditions = activityConditions(storeId, filters);
    if (after)
      conditions.push(sql`(${t.occurredAt}, ${t.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    return db
      .select({ line, at: sql<string>`${t.occurredAt}::text`, id: t.id })
      .from(t)
      .where(and(...conditions))
      .orderBy(desc(t.occurredAt), desc(t.id))
      .limit(chunkRows);
  };
  type Chunk = Awaited<ReturnType<typeof fetchChunk>>;
  // One chunk is always being read ahead while the last one is encoded and sent: the database
  // and this process work at the same time. At most two chunks are in memory.
  let next: Promise<Chunk> | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (format === "csv") controller.enqueue(encoder.encode(`${csvColumns.join(",")}\n`));
          next = fetchChunk(null);
        }
        const rows = await next!;
        if (done) return; // cancelled while the query ran
        const last = rows.at(-1);
        const more = rows.length === chunkRows && last !== undefined;
        next = more ? fetchChunk({ at: last.at, id: last.id }) : null;
        // A read-ahead of a cancelled export must not surface as an unhandled rejection.
        next?.catch(() => {});
        if (rows.length) {
          let text = "";
          for (const row of rows) text += `${row.line}\n`;
          controller.enqueue(encoder.encode(text));
        }
        if (!more) {
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
