import { uuidv7 } from "uuidv7";
import {
  type ActivityLevel,
  type ActivitySource,
  type ActorType,
  activityLevels,
  activitySources,
  actorTypes,
  type Changes,
  type NewActivityRow,
  type Visibility,
  visibilities,
} from "@/db/schema";
import { type Catalog, catalog, type EventType, isEventType } from "@/lib/activity/catalog/catalog";
import type { ActivityContext } from "./activity-context";

export type LogOptions = {
  /** The order this event belongs to: puts it on the order's timeline. */
  orderId?: string | null;
  /** What the event is about; defaults to the order for order events. */
  entity?: { type: string; id: string | null };
  /** When it happened (a webhook's own timestamp); defaults to now. */
  occurredAt?: Date;
  changes?: Changes | null;
  /** Idempotency: a second event with the same key in the store writes nothing. */
  dedupeKey?: string | null;
  visibility?: Visibility;
};

const MAX_TEXT = 2000;

function clip(value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value == null) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function fallbackMessage(type: string, reason: string) {
  return `${type} (${reason})`;
}

/** What an event says, before the envelope (who, where, when) is checked and added. */
type EventContent = {
  level: ActivityLevel;
  visibility: Visibility;
  entityType: string | null;
  payload: Record<string, unknown>;
  message: string;
  invalid: string | null;
};

/** An event outside the catalog (`custom.*`): the caller's own level, message and payload. */
export type CustomEvent = {
  type: `custom.${string}`;
  level: ActivityLevel;
  message: string;
  payload: Record<string, unknown>;
};

export const isCustomEventType = (type: string): type is CustomEvent["type"] => type.startsWith("custom.");

/**
 * Turns a call into the row to insert. Validates the payload against the catalog; a payload
 * that fails is still recorded, with the raw value and the schema's complaints under
 * `$invalid`, so nothing is dropped. Never throws.
 */
export function buildActivityRow(
  activity: ActivityContext,
  type: string,
  payload: unknown,
  options: LogOptions = {},
): { row: NewActivityRow; invalid: string | null } {
  return withEnvelope(activity, type, catalogContent(activity, type, payload, options), options);
}

/**
 * The row of a `custom.*` event: its level, message and payload as given (custom types have no
 * schema), the envelope checked as for every other event. Never throws.
 */
export function buildCustomActivityRow(
  activity: ActivityContext,
  event: CustomEvent,
  options: LogOptions = {},
): { row: NewActivityRow; invalid: string | null } {
  const content: EventContent = {
    level: event.level,
    visibility: options.visibility ?? "internal",
    entityType: options.entity?.type ?? (options.orderId ? "order" : null),
    payload: event.payload,
    message: event.message,
    invalid: null,
  };
  return withEnvelope(activity, event.type, content, options);
}

function catalogContent(
  activity: ActivityContext,
  type: string,
  payload: unknown,
  options: LogOptions,
): EventContent {
  let level: ActivityLevel = "info";
  let visibility: Visibility = options.visibility ?? "internal";
  let entityType: string | null = options.entity?.type ?? (options.orderId ? "order" : null);
  let stored: Record<string, unknown>;
  let message: string;
  let invalid: string | null = null;

  if (!isEventType(type)) {
    invalid = `unknown event type "${type}"`;
    level = "warning";
    stored = { $invalid: { reason: invalid, raw: payload ?? null } };
    message = fallbackMessage(type, "unknown event type");
  } else {
    const definition = catalog[type] as Catalog[EventType];
    const parsed = definition.payload.safeParse(payload);
    visibility = options.visibility ?? definition.visibility;
    entityType = options.entity?.type ?? definition.entity;
    if (parsed.success) {
      stored = parsed.data as Record<string, unknown>;
      try {
        const data = parsed.data as never;
        level = typeof definition.level === "function" ? definition.level(data) : definition.level;
        message = definition.message(data, { actorLabel: activity.actor.label });
      } catch (error) {
        level = typeof definition.level === "string" ? definition.level : "warning";
        message = fallbackMessage(type, `message could not be rendered: ${String(error)}`);
      }
    } else {
      invalid = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
      level = typeof definition.level === "string" ? definition.level : "warning";
      stored = { $invalid: { reason: invalid, raw: payload ?? null } };
      message = fallbackMessage(definition.label, "details did not match the expected shape");
    }
  }
  return { level, visibility, entityType, payload: stored, message, invalid };
}

/**
 * The envelope is checked too: a value the column cannot hold is moved into the payload
 * (flagged) rather than making the row unwritable.
 */
function withEnvelope(
  activity: ActivityContext,
  type: string,
  content: EventContent,
  options: LogOptions,
): { row: NewActivityRow; invalid: string | null } {
  const occurredAt =
    options.occurredAt instanceof Date && !Number.isNaN(options.occurredAt.getTime())
      ? options.occurredAt
      : new Date();
  const { entityType, message } = content;
  let { invalid, payload: stored } = content;
  const envelope: string[] = [];
  const givenOrderId = options.orderId ?? null;
  const orderId = givenOrderId === null || UUID.test(givenOrderId) ? givenOrderId : null;
  if (givenOrderId !== orderId) envelope.push(`orderId: not a uuid (${JSON.stringify(givenOrderId)})`);
  const level = oneOf(activityLevels, content.level, "warning", "level", envelope);
  const actorType = oneOf(actorTypes, activity.actor?.type, "system", "actor.type", envelope);
  const source = oneOf(activitySources, activity.source, "system", "source", envelope);
  const visibility = oneOf(visibilities, content.visibility, "internal", "visibility", envelope);
  if (envelope.length) {
    invalid = [invalid, ...envelope].filter(Boolean).join("; ");
    const flagged = (stored.$invalid ?? {}) as Record<string, unknown>;
    stored = { ...stored, $invalid: { ...flagged, envelope } };
  }

  return {
    invalid,
    row: {
      id: uuidv7(),
      storeId: activity.storeId,
      eventType: clip(type, 200)!,
      level,
      message: clip(message)!,
      entityType,
      entityId: options.entity?.id ?? (entityType === "order" ? givenOrderId : null),
      orderId,
      actorType,
      actorId: activity.actor?.id ?? null,
      actorLabel: clip(activity.actor?.label || actorType, 200)!,
      source,
      visibility,
      payload: stored,
      changes: options.changes ?? null,
      correlationId: clip(activity.correlationId, 200),
      dedupeKey: clip(options.dedupeKey, 500),
      ipAddress: clip(activity.ip, 100),
      userAgent: clip(activity.userAgent, 500),
      occurredAt,
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(
  allowed: readonly T[],
  value: unknown,
  fallback: T,
  name: string,
  issues: string[],
): T {
  if (allowed.includes(value as T)) return value as T;
  issues.push(`${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  return fallback;
}

/** Removes what PostgreSQL refuses in text and jsonb (NUL characters, lone surrogates). */
function cleanString(value: string): string {
  return value.replaceAll("\u0000", "").toWellFormed();
}

function deepClean(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cleanString(value);
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => deepClean(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanString(k), deepClean(v, depth + 1)]));
}

/**
 * The row the database refused, made writable: strings cleaned, and if that is not enough the
 * payload and changes replaced by a note of why. Same id and dedupe key, so it never doubles.
 */
export function sanitizeRow(row: NewActivityRow, reason: string, aggressive: boolean): NewActivityRow {
  const cleaned = deepClean(row) as NewActivityRow;
  cleaned.occurredAt = row.occurredAt;
  if (!aggressive) return cleaned;
  return {
    ...cleaned,
    level: ["info", "warning", "error"].includes(String(row.level)) ? row.level : "warning",
    visibility: ["internal", "customer", "debug"].includes(String(row.visibility))
      ? row.visibility
      : "internal",
    orderId: cleaned.orderId && UUID.test(cleaned.orderId) ? cleaned.orderId : null,
    payload: { $unwritable: { reason: clip(reason, 500) } },
    changes: null,
  };
}
