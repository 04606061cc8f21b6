import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { SealKind } from "@/db/schema";
import { catalog, isEventType } from "@/lib/activity/catalog/catalog";
import type { SealedRow } from "./sealed-row";

/** The version of the sealed forms below; a change of form is a new version, never an edit. */
export const SEAL_FORM_VERSION = 1;

/** The row's columns that hold personal data; the seal commits to them by a salted hash. */
export const personalColumns = ["message", "changes", "ip_address", "user_agent"] as const;

/**
 * The personal payload fields of an event type, as the catalog declares them, plus `$invalid`
 * (a payload that failed its schema is kept raw, and may hold anything).
 */
export function personalPayloadFields(eventType: string): readonly string[] {
  let fields = personalFieldsByType.get(eventType);
  if (!fields) {
    const declared = isEventType(eventType) ? catalog[eventType].personalFields : [];
    fields = [...declared, "$invalid"];
    if (isEventType(eventType)) personalFieldsByType.set(eventType, fields);
  }
  return fields;
}

const personalFieldsByType = new Map<string, readonly string[]>();

/** Where a personal value is named in `redactions`: a column, or `payload.<field>`. */
export const payloadKey = (field: string) => `payload.${field}`;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("the value has no canonical JSON form");
  return text;
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
  return canonical(value);
}

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
 * code units; strings are JSON.stringify's): the same text, without sorting keys per row. The
 * tests pin it against the generic form.
 */
export function canonicalRowForm(row: SealedRow): string {
  const form = rowForm(row);
  const p = form.personal;
  if ([...Object.values(form), ...Object.values(p)].some((value) => value === undefined))
    return canonical(form);
  return (
    `{"actor_id":${json(form.actor_id)},"actor_label":${json(form.actor_label)},"actor_type":${json(form.actor_type)},` +
    `"correlation_id":${json(form.correlation_id)},"dedupe_key":${json(form.dedupe_key)},` +
    `"entity_id":${json(form.entity_id)},"entity_type":${json(form.entity_type)},"event_type":${json(form.event_type)},` +
    `"id":${json(form.id)},"inserted_at":${json(form.inserted_at)},"kind":"row","level":${json(form.level)},` +
    `"occurred_at":${json(form.occurred_at)},"order_id":${json(form.order_id)},"payload":${canonical(form.payload)},` +
    `"personal":{"changes":${json(p.changes)},"ip_address":${json(p.ip_address)},"message":${json(p.message)},"user_agent":${json(p.user_agent)}},` +
    `"source":${json(form.source)},"store_id":${json(form.store_id)},"v":${SEAL_FORM_VERSION},"visibility":${json(form.visibility)}}`
  );
}

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

/** The hash of one sealed form of a row (hex). */
export function sealHash(kind: SealKind, row: SealedRow): string {
  return sealDigest(kind, row).toString("hex");
}

/** The sha256 of one sealed form of a row, as 32 bytes (what a manifest record holds). */
export function sealDigest(kind: SealKind, row: SealedRow): Buffer {
  const text = kind === "row" ? canonicalRowForm(row) : canonical(forms[kind](row));
  return createHash("sha256").update(text).digest();
}

/** The time an entry of `kind` seals: the row's insert, its resolution or its scrub. */
export function entryTime(kind: SealKind, row: SealedRow): string | null {
  return kind === "row" ? row.inserted_at : kind === "resolution" ? row.resolved_at : row.redacted_at;
}
