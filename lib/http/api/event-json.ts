import type { ActivityRow } from "@/db/schema";

/** An activity row as the API and the NDJSON export show it (snake_case, ISO-8601 times). */
export function eventJson(row: ActivityRow) {
  return {
    id: row.id,
    type: row.eventType,
    level: row.level,
    message: row.message,
    entity: row.entityType ? { type: row.entityType, id: row.entityId } : null,
    order_id: row.orderId,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    source: row.source,
    visibility: row.visibility,
    payload: row.payload,
    changes: row.changes,
    correlation_id: row.correlationId,
    dedupe_key: row.dedupeKey,
    occurred_at: row.occurredAt.toISOString(),
    inserted_at: row.insertedAt.toISOString(),
    resolved: row.resolvedAt
      ? { at: row.resolvedAt.toISOString(), by: row.resolvedBy, note: row.resolutionNote }
      : null,
  };
}

export type EventJson = ReturnType<typeof eventJson>;

/** A page of events as the API answers it. */
export const eventPageResponse = (page: { items: ActivityRow[]; nextCursor: string | null }) =>
  Response.json({ data: page.items.map(eventJson), next_cursor: page.nextCursor });
