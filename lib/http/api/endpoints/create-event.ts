import type { z } from "zod";
import { catalog, eventTypes, isEventType } from "@/lib/activity/catalog/catalog";
import { findEventByDedupeKey } from "@/lib/activity/read/find-event-by-dedupe-key";
import { isCustomEventType, type LogOptions } from "@/lib/activity/write/build-row";
import { type ExternalEvent, logExternalEventStrict } from "@/lib/activity/write/log-external-event";
import { AppError, badRequest } from "@/lib/platform/errors";
import { getStoreCreatedAt } from "@/lib/stores/get-store-created-at";
import { eventJson } from "../event-json";
import { findEvent, findOrder } from "../find-in-store";
import { type ApiCaller, readJsonBody } from "../handle-api-request";
import { CreateEventBody, MAX_CUSTOM_PAYLOAD_BYTES, MAX_EVENT_BODY_BYTES } from "../schemas";

/**
 * POST /api/v1/events: a `custom.*` event with your own message and level and a free payload
 * of at most 8 KB, or one of the few catalog types open to integrations (`order.note_added`;
 * its payload checked against the catalog's schema, its message from the catalog's template).
 * Everything Storyline records itself (sign-ins, the order lifecycle, payments) is refused:
 * a key cannot forge it. `dedupe_key` makes a retry harmless: the first event stands and is
 * returned with `duplicate: true`; the same key on another type is a 409. Keys live in the
 * caller's own namespace, so they never collide with the system's. `occurred_at` may be at
 * most 5 minutes ahead, and no earlier than the store's creation or `BACKDATE_DAYS` ago.
 */
export async function createEventEndpoint(caller: ApiCaller, request: Request) {
  const body = CreateEventBody.parse(await readJsonBody(request, MAX_EVENT_BODY_BYTES));
  const occurredAt = await boundedOccurredAt(caller, body.occurred_at);
  if (body.order_id) await findOrder(caller, body.order_id);
  const dedupeKey = body.dedupe_key ? `${caller.dedupeNamespace}:${body.dedupe_key}` : null;
  const options: LogOptions = {
    orderId: body.order_id ?? null,
    entity: body.entity,
    occurredAt,
    dedupeKey,
  };

  const result = await logExternalEventStrict(caller.db, caller.activity, externalEvent(body), options);
  if (result.status === "written")
    return Response.json(
      { data: eventJson(await findEvent(caller, result.id)), duplicate: false },
      { status: 201 },
    );

  const existing = dedupeKey ? await findEventByDedupeKey(caller.db, caller.storeId, dedupeKey) : null;
  if (!existing) throw new AppError("conflict", "The event could not be recorded. Please retry.", 409);
  if (existing.eventType !== body.type)
    throw new AppError(
      "dedupe_conflict",
      `dedupe_key "${body.dedupe_key}" was already used for a ${existing.eventType} event.`,
      409,
    );
  return Response.json({ data: eventJson(existing), duplicate: true }, { status: 200 });
}

/** How far back an integration may date an event (an import of recent history, not of years). */
export const BACKDATE_DAYS = 30;

const integrationTypes = eventTypes.filter((type) => catalog[type].openToIntegrations);

/** `occurred_at`, or now: at most 5 minutes ahead, not before the store existed nor BACKDATE_DAYS ago. */
async function boundedOccurredAt(caller: ApiCaller, value: string | undefined): Promise<Date> {
  const now = Date.now();
  if (!value) return new Date(now);
  const at = new Date(value);
  if (at.getTime() > now + 5 * 60_000)
    throw badRequest("occurred_at: must not be in the future", "invalid_request");
  if (at.getTime() < now - BACKDATE_DAYS * 86_400_000)
    throw badRequest(`occurred_at: at most ${BACKDATE_DAYS} days ago`, "invalid_request");
  const createdAt = await getStoreCreatedAt(caller.db, caller.storeId);
  if (createdAt && at.getTime() < createdAt.getTime() - 5 * 60_000)
    throw badRequest(
      `occurred_at: the store did not exist yet (it was created ${createdAt.toISOString()})`,
      "invalid_request",
    );
  return at;
}

/** The request as an event to record, or the 400/413 that says what is wrong with it. */
function externalEvent(body: z.infer<typeof CreateEventBody>): ExternalEvent {
  if (isCustomEventType(body.type)) {
    if (!body.message) throw badRequest("message: custom events need a message", "invalid_request");
    const size = Buffer.byteLength(JSON.stringify(body.payload));
    if (size > MAX_CUSTOM_PAYLOAD_BYTES)
      throw new AppError(
        "payload_too_large",
        `payload: at most ${MAX_CUSTOM_PAYLOAD_BYTES / 1024} KB for custom events.`,
        413,
      );
    return { type: body.type, level: body.level ?? "info", message: body.message, payload: body.payload };
  }
  if (!isEventType(body.type))
    throw badRequest(
      `type: unknown event type "${body.type}"; use a catalog type or custom.*`,
      "unknown_type",
    );
  if (!catalog[body.type].openToIntegrations)
    throw new AppError(
      "type_not_allowed",
      `type: ${body.type} is recorded by Storyline itself; integrations may write custom.* events and ${integrationTypes.join(", ")}.`,
      403,
    );
  if (body.level || body.message)
    throw badRequest(
      "level and message come from the catalog for catalog types; leave them out",
      "invalid_request",
    );
  const parsed = catalog[body.type].payload.safeParse(body.payload);
  if (!parsed.success)
    throw badRequest(
      parsed.error.issues.map((i) => `payload.${i.path.join(".")}: ${i.message}`).join("; "),
      "invalid_payload",
    );
  return { type: body.type, payload: parsed.data };
}
