import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";

/**
 * An activity row as the seal reads it: every column, timestamps as exact text (microseconds,
 * UTC), so that the hash does not depend on a driver's date parsing.
 */
export type SealedRow = {
  id: string;
  store_id: string;
  event_type: string;
  level: string;
  message: string;
  entity_type: string | null;
  entity_id: string | null;
  order_id: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  source: string;
  visibility: string;
  payload: Record<string, unknown>;
  changes: unknown;
  correlation_id: string | null;
  dedupe_key: string | null;
  ip_address: string | null;
  user_agent: string | null;
  occurred_at: string;
  inserted_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
  seal_salt: string | null;
  redactions: Record<string, string> | null;
  redacted_at: string | null;
};

/** Every stored column of `activity_log` but the timestamps, in the order the reader lists them. */
export const sealedValueColumns = [
  "id",
  "store_id",
  "event_type",
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
  "ip_address",
  "user_agent",
  "resolved_by",
  "resolution_note",
  "seal_salt",
  "redactions",
] as const satisfies readonly (keyof SealedRow)[];

/** The timestamps of `activity_log`, which the seal reads as exact text. */
export const sealedTimeColumns = [
  "occurred_at",
  "inserted_at",
  "resolved_at",
  "redacted_at",
] as const satisfies readonly (keyof SealedRow)[];

/** Columns whose text is their JSON text unquoted (a uuid), or is JSON (jsonb). */
const uuidColumns = new Set<string>(["id", "store_id", "order_id", "resolved_by", "seal_salt"]);
const jsonbColumns = new Set<string>(["payload", "changes", "redactions"]);

/**
 * Each row as one line: its columns' JSON texts (`to_json`; a uuid's without its quotes, which
 * are cheaper added here than by PostgreSQL's generic JSON output), tab-separated — the values, then the
 * timestamps as UTC timestamps without a zone (`2026-01-02T03:04:05.1234`: PostgreSQL drops the
 * fraction's trailing zeros; `exactTime` puts them back; the same text as `isoMicros`). JSON
 * never holds a raw tab or line break (strings escape them, and PostgreSQL writes jsonb on one
 * line), so the split is exact. A string's JSON text is what `JSON.stringify` writes for it
 * (PostgreSQL escapes the same characters the same way), so the seal can hash most of a row's
 * form from these texts without parsing them. One text a page is far cheaper to read than 27
 * parsed columns a row.
 */
const rowLine = sql.raw(
  `concat_ws(E'\\t', ${[
    ...sealedValueColumns.map((name) =>
      uuidColumns.has(name) || jsonbColumns.has(name)
        ? `coalesce(a.${name}::text, 'null')`
        : `coalesce(to_json(a.${name})::text, 'null')`,
    ),
    ...sealedTimeColumns.map((name) => `coalesce(to_json(a.${name} at time zone 'UTC')::text, 'null')`),
  ].join(", ")})`,
);

/** Where each column's text is in a row's line. */
export const field = Object.fromEntries(
  [...sealedValueColumns, ...sealedTimeColumns].map((name, index) => [name, index]),
) as Record<keyof SealedRow, number>;

const FIELDS = sealedValueColumns.length + sealedTimeColumns.length;

export type SealedRowQuery = { where: SQL; orderBy?: SQL; limit?: number; ordered?: boolean; join?: SQL };

/**
 * The `SealedRow`s of `activity_log a` matching `where`: in `orderBy` (required with a `limit`;
 * the rows come back in it when `ordered`, else in any order — a full pass checks each row on
 * its own), at most `limit`.
 */
export async function readSealedRows(db: Db, query: SealedRowQuery): Promise<SealedRow[]> {
  return [...(await readSealedPage(db, query))];
}

/**
 * `readSealedRows` as the text the database sends — a line of column texts a row — split a row
 * at a time as it is iterated (`texts()`; parsed only for `SealedRow`s), so a page of thousands of rows is one string in memory, never
 * thousands of live objects (what a pass over a million rows spends most of its garbage
 * collection on). `last()` is the page's last row, for the next page's cursor (with `ordered`).
 */
export async function readSealedPage(db: Db, query: SealedRowQuery): Promise<SealedPage> {
  const order = query.orderBy ? sql`order by ${query.orderBy}` : sql``;
  const [page] = await queryRows<{ rows: string | null; n: number | string }>(
    db,
    sql`select string_agg(${rowLine}, E'\n' ${query.ordered ? order : sql``}) as rows, count(*)::int as n
        from (select a.* from activity_log a ${query.join ?? sql``} where ${query.where} ${order}
              ${query.limit === undefined ? sql`` : sql`limit ${query.limit}`}) a`,
  );
  return new SealedPage(page?.rows ?? "", Number(page?.n ?? 0));
}

/**
 * Rows as lines of column texts. No line holds a raw line break: JSON escapes one inside a
 * string, and PostgreSQL writes JSON (and jsonb as JSON) on one line.
 */
export class SealedPage implements Iterable<SealedRow> {
  constructor(
    private readonly text: string,
    readonly length: number,
  ) {}

  /** The rows as their column texts, one at a time. */
  *texts(): Generator<SealedText> {
    const { text } = this;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      yield new SealedText(text.slice(start, end));
      start = end + 1;
    }
  }

  *[Symbol.iterator](): Iterator<SealedRow> {
    for (const text of this.texts()) yield text.row();
  }

  last(): SealedRow | null {
    if (this.text.length === 0) return null;
    return new SealedText(this.text.slice(this.text.lastIndexOf("\n") + 1)).row();
  }
}

/**
 * One row as its columns' JSON texts (`fields`, by `field`), parsed into a `SealedRow` only when
 * asked (`row()`).
 */
export class SealedText {
  readonly fields: string[];
  private parsed: SealedRow | null = null;

  constructor(line: string) {
    this.fields = line.split("\t");
    if (this.fields.length !== FIELDS)
      throw new Error(`a sealed row's line has ${this.fields.length} columns, not ${FIELDS}`);
  }

  /** The row's id. */
  get id(): string {
    return this.fields[field.id]!;
  }

  get storeId(): string {
    return this.fields[field.store_id]!;
  }

  /** A timestamp column as the seal writes it (`exactTime`), or null. */
  time(column: (typeof sealedTimeColumns)[number]): string | null {
    const text = this.fields[field[column]]!;
    return text === "null" ? null : exactTime(text.slice(1, -1));
  }

  row(): SealedRow {
    if (this.parsed) return this.parsed;
    const row: Record<string, unknown> = {};
    for (const name of sealedValueColumns) {
      const text = this.fields[field[name]]!;
      row[name] = uuidColumns.has(name) ? (text === "null" ? null : text) : JSON.parse(text);
    }
    for (const name of sealedTimeColumns) row[name] = this.time(name);
    this.parsed = row as SealedRow;
    return this.parsed;
  }
}

/**
 * A UTC timestamp as JSON gives it (`2026-01-02T03:04:05`, `…05.12`) as the seal writes it:
 * `2026-01-02T03:04:05.120000Z`, the same text as `isoMicros`.
 */
export function exactTime(text: string): string {
  if (text.length === 19) return `${text}.000000Z`;
  if (text.length > 20 && text.length <= 26 && text[19] === ".") return `${text.padEnd(26, "0")}Z`;
  throw new Error(`not a UTC timestamp to the microsecond: ${text}`);
}
