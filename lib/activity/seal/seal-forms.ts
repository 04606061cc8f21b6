import { hash } from "node:crypto";
import canonicalize from "canonicalize";
import type { SealKind } from "@/db/schema";
import { catalog, isEventType } from "@/lib/activity/catalog/catalog";
import { field, type SealedRow, type SealedText } from "./sealed-row";

/** The version of the sealed forms below; a change of form is a new version, never an edit. */
export const SEAL_FORM_VERSION = 1;

/** The row's columns that hold personal data; the seal commits to them by a salted hash. */
export const personalColumns = ["message", "changes", "ip_address", "user_agent"] as const;

/**
 * The personal payload fields of an event type, as the catalog declares them, plus `$invalid`
 * (a payload that failed its schema is kept raw, and may hold anything).
 */
export function personalPayloadFields(eventType: string): readonly string[] {
  return personalPayloadKeys(eventType).map(([field]) => field);
}

/** `personalPayloadFields` with each field's name in `redactions`, worked out once per type. */
function personalPayloadKeys(eventType: string): readonly (readonly [field: string, key: string])[] {
  let keys = personalKeysByType.get(eventType);
  if (!keys) {
    const declared = isEventType(eventType) ? catalog[eventType].personalFields : [];
    keys = [...declared, "$invalid"].map((field) => [field, payloadKey(field)] as const);
    if (isEventType(eventType)) personalKeysByType.set(eventType, keys);
  }
  return keys;
}

const personalKeysByType = new Map<string, readonly (readonly [string, string])[]>();

/** Where a personal value is named in `redactions`: a column, or `payload.<field>`. */
export const payloadKey = (field: string) => `payload.${field}`;

export const sha256 = (text: string) => hash("sha256", text, "hex");

export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("the value has no canonical JSON form");
  return text;
}

/**
 * `canonical(value)` for what JSON.parse makes (plain objects, arrays, strings, finite numbers,
 * booleans, null), written directly: RFC 8785 sorts keys by UTF-16 code units (JavaScript's
 * default sort) and writes strings and numbers as JSON.stringify does. Anything else goes to
 * `canonical`. The tests pin it against `canonical`.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      if (!value.isWellFormed()) return canonical(value);
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : canonical(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined || typeof item === "function" || typeof item === "symbol")
            return canonical(value);
          out += i === 0 ? canonicalJson(item) : `,${canonicalJson(item)}`;
        }
        return `${out}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return canonical(value);
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const item = object[key];
        if (item === undefined) continue;
        if (typeof item === "function" || typeof item === "symbol" || !key.isWellFormed())
          return canonical(value);
        out += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalJson(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return canonical(value);
  }
}

/**
 * The salted commitment to one personal value: sha256 of the row's salt, the field's name and
 * the value's canonical JSON. Without the salt (removed by a scrub) it cannot be brute-forced.
 * An absent value (null) has nothing to hide and commits as `null` itself.
 */
export function commitment(salt: string | null, key: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return sha256(`${salt ?? ""}\u0000${key}\u0000${json(value)}`);
}

/** `canonical(value)`, with the common cases (a string, null) done directly: the same text. */
function json(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  return canonicalJson(value);
}

const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const exactText = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** `json(value)` for a uuid column's text, which JSON never escapes: quoted as it is. */
const uuid = (value: string | null) =>
  typeof value === "string" && uuidText.test(value) ? `"${value}"` : json(value);

/** `json(value)` for an exact timestamp's text (`2026-01-02T03:04:05.123456Z`): quoted as it is. */
const exact = (value: string) => (exactText.test(value) ? `"${value}"` : json(value));

/** The commitment to `key`: the one a scrub kept in `redactions`, else computed from the value. */
function committed(row: SealedRow, key: string, value: unknown): string | null {
  return row.redactions?.[key] ?? commitment(row.seal_salt, key, value);
}

/**
 * What a row's seal covers: every column written at insert, with each personal value replaced
 * by its commitment. A scrub changes none of it (the commitments move to `redactions`).
 */
export function rowForm(row: SealedRow) {
  const payload: Record<string, unknown> = { ...row.payload };
  for (const field of personalPayloadFields(row.event_type)) {
    const key = payloadKey(field);
    if (Object.hasOwn(payload, field) || row.redactions?.[key])
      payload[field] = { $commitment: committed(row, key, payload[field]) };
  }
  return {
    v: SEAL_FORM_VERSION,
    kind: "row",
    id: row.id,
    store_id: row.store_id,
    event_type: row.event_type,
    level: row.level,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    order_id: row.order_id,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_label: row.actor_label,
    source: row.source,
    visibility: row.visibility,
    correlation_id: row.correlation_id,
    dedupe_key: row.dedupe_key,
    occurred_at: row.occurred_at,
    inserted_at: row.inserted_at,
    payload,
    personal: Object.fromEntries(
      personalColumns.map((column) => [column, committed(row, column, row[column])]),
    ),
  };
}

/**
 * `canonical(rowForm(row))`, written out in the form's key order (RFC 8785 sorts keys by UTF-16
 * code units; strings are JSON.stringify's): the same text, without building the form or
 * sorting its keys per row. The payload is copied only when it holds a personal field. The
 * tests pin it against the generic form.
 */
export function canonicalRowForm(row: SealedRow): string {
  if (
    row.id === undefined ||
    row.store_id === undefined ||
    row.event_type === undefined ||
    row.level === undefined ||
    row.message === undefined ||
    row.actor_type === undefined ||
    row.actor_label === undefined ||
    row.source === undefined ||
    row.visibility === undefined ||
    row.occurred_at === undefined ||
    row.inserted_at === undefined ||
    row.actor_id === undefined ||
    row.correlation_id === undefined ||
    row.dedupe_key === undefined ||
    row.entity_id === undefined ||
    row.entity_type === undefined ||
    row.order_id === undefined ||
    row.changes === undefined ||
    row.ip_address === undefined ||
    row.user_agent === undefined ||
    typeof row.payload !== "object" ||
    row.payload === null
  )
    return canonical(rowForm(row));
  const payload = withCommitments(row.payload, row.event_type, row.redactions, (key, value) =>
    committed(row, key, value),
  );
  return writeRowForm({
    actor_id: json(row.actor_id),
    actor_label: json(row.actor_label),
    actor_type: json(row.actor_type),
    correlation_id: json(row.correlation_id),
    dedupe_key: json(row.dedupe_key),
    entity_id: json(row.entity_id),
    entity_type: json(row.entity_type),
    event_type: json(row.event_type),
    id: uuid(row.id),
    inserted_at: json(row.inserted_at),
    level: json(row.level),
    occurred_at: exact(row.occurred_at),
    order_id: json(row.order_id),
    payload: canonicalJson(payload),
    changes: json(committed(row, "changes", row.changes)),
    ip_address: json(committed(row, "ip_address", row.ip_address)),
    message: json(committed(row, "message", row.message)),
    user_agent: json(committed(row, "user_agent", row.user_agent)),
    source: json(row.source),
    store_id: json(row.store_id),
    visibility: json(row.visibility),
  });
}

/** The JSON texts a row's sealed form is written from (personal columns: their commitments'). */
type RowFormTexts = Record<
  | "actor_id"
  | "actor_label"
  | "actor_type"
  | "correlation_id"
  | "dedupe_key"
  | "entity_id"
  | "entity_type"
  | "event_type"
  | "id"
  | "inserted_at"
  | "level"
  | "occurred_at"
  | "order_id"
  | "payload"
  | (typeof personalColumns)[number]
  | "source"
  | "store_id"
  | "visibility",
  string
>;

/**
 * The row's sealed form as canonical JSON, from its values' JSON texts: the form's keys in
 * RFC 8785 order (UTF-16 code units), written once for both ways a row is read.
 */
function writeRowForm(t: RowFormTexts): string {
  return (
    `{"actor_id":${t.actor_id},"actor_label":${t.actor_label},"actor_type":${t.actor_type},` +
    `"correlation_id":${t.correlation_id},"dedupe_key":${t.dedupe_key},` +
    `"entity_id":${t.entity_id},"entity_type":${t.entity_type},"event_type":${t.event_type},` +
    `"id":${t.id},"inserted_at":${t.inserted_at},"kind":"row","level":${t.level},` +
    `"occurred_at":${t.occurred_at},"order_id":${t.order_id},"payload":${t.payload},` +
    `"personal":{"changes":${t.changes},"ip_address":${t.ip_address},` +
    `"message":${t.message},"user_agent":${t.user_agent}},` +
    `"source":${t.source},"store_id":${t.store_id},"v":${SEAL_FORM_VERSION},"visibility":${t.visibility}}`
  );
}

/**
 * The payload with each of its event type's personal fields (present, or scrubbed with its
 * commitment kept in `kept`) replaced by `{ $commitment }`; copied only when it holds one.
 */
function withCommitments(
  payload: Record<string, unknown>,
  eventType: string,
  kept: Record<string, string> | null,
  commit: (key: string, value: unknown) => string | null,
): Record<string, unknown> {
  let out = payload;
  for (const [field, key] of personalPayloadKeys(eventType)) {
    if (!Object.hasOwn(payload, field) && !kept?.[key]) continue;
    if (out === payload) out = { ...payload };
    out[field] = { $commitment: commit(key, payload[field]) };
  }
  return out;
}

/**
 * `canonicalRowForm(text.row())` from the row's column texts, or null where they do not take the
 * direct way (a scrubbed row, or a payload that is not an object: `canonicalRowForm` then).
 * A string's text from PostgreSQL is the `JSON.stringify` of its value, so strings go in as they
 * came; only the payload and `changes` are parsed, to be written canonically. The tests pin it
 * against `canonicalRowForm` on rows read back from the database.
 */
function canonicalRowText(text: SealedText): string | null {
  const f = text.fields;
  const payloadText = f[field.payload]!;
  if (f[field.redactions] !== "null" || payloadText[0] !== "{") return null;
  const eventTypeText = f[field.event_type]!;
  const eventType = eventTypeText.includes("\\")
    ? (JSON.parse(eventTypeText) as string)
    : eventTypeText.slice(1, -1);
  const saltText = f[field.seal_salt]!;
  const salt = saltText === "null" ? "" : saltText;
  const payload = withCommitments(JSON.parse(payloadText), eventType, null, (key, value) =>
    commitment(salt, key, value),
  );
  const changesText = f[field.changes]!;
  const changes = changesText === "null" ? "null" : canonicalJson(JSON.parse(changesText));
  return writeRowForm({
    actor_id: f[field.actor_id]!,
    actor_label: f[field.actor_label]!,
    actor_type: f[field.actor_type]!,
    correlation_id: f[field.correlation_id]!,
    dedupe_key: f[field.dedupe_key]!,
    entity_id: f[field.entity_id]!,
    entity_type: f[field.entity_type]!,
    event_type: eventTypeText,
    id: `"${f[field.id]}"`,
    inserted_at: `"${text.time("inserted_at")}"`,
    level: f[field.level]!,
    occurred_at: `"${text.time("occurred_at")}"`,
    order_id: quotedUuid(f[field.order_id]!),
    payload: canonicalJson(payload),
    changes: committedText(salt, "changes", changes),
    ip_address: committedText(salt, "ip_address", f[field.ip_address]!),
    message: committedText(salt, "message", f[field.message]!),
    user_agent: committedText(salt, "user_agent", f[field.user_agent]!),
    source: f[field.source]!,
    store_id: `"${f[field.store_id]}"`,
    visibility: f[field.visibility]!,
  });
}

/** `json(commitment(salt, key, value))` from the value's JSON text. */
const committedText = (salt: string, key: string, json: string) =>
  json === "null" ? "null" : `"${sha256(`${salt}\u0000${key}\u0000${json}`)}"`;

/** A uuid column's text (unquoted, or `null`) as JSON. */
const quotedUuid = (text: string) => (text === "null" ? text : `"${text}"`);

/** What a resolution's seal covers: when, by whom, and the note. */
export function resolutionForm(row: SealedRow) {
  return {
    v: SEAL_FORM_VERSION,
    kind: "resolution",
    id: row.id,
    store_id: row.store_id,
    resolved_at: row.resolved_at,
    resolved_by: row.resolved_by,
    resolution_note: row.resolution_note,
  };
}

/** What a scrub's seal covers: the scrubbed values as they now stand, and the kept commitments. */
export function redactionForm(row: SealedRow) {
  return {
    v: SEAL_FORM_VERSION,
    kind: "redaction",
    id: row.id,
    store_id: row.store_id,
    redacted_at: row.redacted_at,
    message: row.message,
    changes: row.changes,
    ip_address: row.ip_address,
    user_agent: row.user_agent,
    payload: row.payload,
    redactions: row.redactions,
    seal_salt: row.seal_salt,
  };
}

const forms: Record<SealKind, (row: SealedRow) => unknown> = {
  row: rowForm,
  resolution: resolutionForm,
  redaction: redactionForm,
};

const sealedText = (kind: SealKind, row: SealedRow) =>
  kind === "row" ? canonicalRowForm(row) : canonicalJson(forms[kind](row));

/** The hash of one sealed form of a row (hex). */
export function sealHash(kind: SealKind, row: SealedRow): string {
  return hash("sha256", sealedText(kind, row), "hex");
}

/**
 * The sha256 of one sealed form of a row as a binary string (a char per byte), as a manifest
 * record holds it and a verifier compares it. Node makes this string in half the time it
 * takes to make a Buffer of the same 32 bytes.
 */
export function sealBinary(kind: SealKind, row: SealedRow): string {
  return hash("sha256", sealedText(kind, row), "binary");
}

/** `sealBinary(kind, text.row())`, a row's own form hashed from its column texts where it can be. */
export function sealBinaryOfText(kind: SealKind, text: SealedText): string {
  const form = kind === "row" ? canonicalRowText(text) : null;
  return hash("sha256", form ?? sealedText(kind, text.row()), "binary");
}
