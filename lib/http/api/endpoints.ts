import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { type ActivityRow, activityLog, type NewActivityRow, orders, stores } from "@/db/schema";
import { uuidv7 } from "@/db/schema/ids";
import { catalog, isEventType } from "@/lib/activity/catalog/catalog";
import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { listActivity } from "@/lib/activity/read/list-activity";
import { parseFeedParams } from "@/lib/activity/read/parse-feed-params";
import { insertActivityRows } from "@/lib/activity/write/insert-rows";
import { logEventStrict } from "@/lib/activity/write/log-event";
import { resolveEvents } from "@/lib/activity/write/resolve-events";
import { exportResponse, parseExportFormat } from "@/lib/http/export-response";
import { findOrderByNumber } from "@/lib/orders/find-order-by-number";
import { AppError, badRequest, notFound } from "@/lib/platform/errors";
import { eventJson } from "./event-json";
import type { ApiCaller } from "./handle-api-request";
import { readJsonBody } from "./handle-api-request";
import {
  CreateEventBody,
  ListQuery,
  MAX_CUSTOM_PAYLOAD_BYTES,
  MAX_EVENT_BODY_BYTES,
  ResolveBody,
} from "./schemas";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** Query parameters → feed filters, strictly: any bad value is a 400 that names it. */
async function parseListQuery(caller: ApiCaller, url: URL, extra: Partial<ActivityFilters> = {}) {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    raw[key] = values.length > 1 ? values : values[0]!;
  }
  const query = ListQuery.parse(raw);
  const instants: Partial<ActivityFilters> = {};
  const days: Record<string, string | string[] | undefined> = {
    level: query.level,
    type: query.type,
    q: query.q,
    order: query.order,
    tab: query.needs_attention === "true" ? "attention" : undefined,
  };
  for (const field of ["from", "to"] as const) {
    const value = query[field];
    if (value === undefined) continue;
    if (ISO_INSTANT.test(value)) {
      const at = new Date(value);
      if (Number.isNaN(at.getTime()))
        throw badRequest(`${field}: not a valid ISO-8601 time`, "invalid_filter");
      instants[field] = at;
    } else days[field] = value;
  }
  const parsed = parseFeedParams(days, await storeTimeZone(caller));
  if (parsed.problems.length) throw badRequest(parsed.problems.join(" "), "invalid_filter");
  const filters: ActivityFilters = { ...parsed.filters, ...instants, ...extra };
  if (query.order_id) filters.orderId = query.order_id;
  if (parsed.orderNumber !== null) {
    const order = await findOrderByNumber(caller.db, caller.storeId, parsed.orderNumber);
    if (!order) throw notFound(`There is no order #${parsed.orderNumber} in this store.`);
    filters.orderId = order.id;
  }
  return { filters, cursor: query.cursor ?? null, limit: query.limit ?? 50 };
}

async function storeTimeZone(caller: ApiCaller): Promise<string> {
  const [store] = await caller.db
    .select({ timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, caller.storeId));
  return store?.timeZone ?? "UTC";
}

const page = (result: { items: ActivityRow[]; nextCursor: string | null }) =>
  Response.json({ data: result.items.map(eventJson), next_cursor: result.nextCursor });

/** GET /api/v1/activity */
export async function listEventsEndpoint(caller: ApiCaller, request: Request) {
  const { filters, cursor, limit } = await parseListQuery(caller, new URL(request.url));
  return page(await listActivity(caller.db, caller.storeId, filters, { cursor, limit }));
}

/** GET /api/v1/activity/export?format=csv|ndjson&…filters: the whole filtered feed, streamed. */
export async function exportEventsEndpoint(caller: ApiCaller, request: Request) {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  url.searchParams.delete("format");
  if (url.searchParams.has("cursor") || url.searchParams.has("limit"))
    throw badRequest(
      "cursor and limit do not apply to an export: it has every matching row",
      "invalid_filter",
    );
  const { filters } = await parseListQuery(caller, url);
  const [store] = await caller.db
    .select({ slug: stores.slug })
    .from(stores)
    .where(eq(stores.id, caller.storeId));
  return exportResponse(
    caller.db,
    { storeId: caller.storeId, slug: store?.slug ?? "store" },
    filters,
    format,
  );
}

/** GET /api/v1/orders/{id}/activity: an order's events, newest first, paged like the feed. */
export async function orderActivityEndpoint(caller: ApiCaller, request: Request, params: { id: string }) {
  const order = await findOrder(caller, params.id);
  const { filters, cursor, limit } = await parseListQuery(caller, new URL(request.url), {
    orderId: order.id,
  });
  return page(await listActivity(caller.db, caller.storeId, filters, { cursor, limit }));
}

async function findOrder(caller: ApiCaller, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound("There is no such order in this store.");
  const [order] = await caller.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.storeId, caller.storeId)));
  if (!order) throw notFound("There is no such order in this store.");
  return order;
}

async function findEvent(caller: ApiCaller, id: string): Promise<ActivityRow> {
  if (!z.uuid().safeParse(id).success) throw notFound("There is no such event in this store.");
  const [row] = await caller.db
    .select()
    .from(activityLog)
    .where(
      and(
        eq(activityLog.id, id),
        eq(activityLog.storeId, caller.storeId),
        ne(activityLog.visibility, "debug"),
      ),
    );
  if (!row) throw notFound("There is no such event in this store.");
  return row;
}

/** GET /api/v1/activity/{id} */
export async function getEventEndpoint(caller: ApiCaller, _request: Request, params: { id: string }) {
  return Response.json({ data: eventJson(await findEvent(caller, params.id)) });
}

/** POST /api/v1/activity/{id}/resolve */
export async function resolveEventEndpoint(caller: ApiCaller, request: Request, params: { id: string }) {
  const event = await findEvent(caller, params.id);
  const hasBody = request.headers.get("content-length") !== "0" && request.body !== null;
  const body = ResolveBody.parse(hasBody ? await readOptionalJson(request) : {});
  if (event.level === "info")
    throw new AppError("not_resolvable", "Only warnings and errors can be resolved.", 409);
  const note = caller.resolver.userId
    ? body.note
    : [`Resolved with the ${caller.resolver.label}.`, body.note].filter(Boolean).join(" ");
  const result = await resolveEvents(
    caller.db,
    { storeId: caller.storeId, userId: caller.resolver.userId },
    { ids: [event.id], note },
  );
  return Response.json({
    data: eventJson(await findEvent(caller, event.id)),
    resolved: result.resolved.length > 0,
  });
}

async function readOptionalJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (!type) {
    const text = await request.text();
    if (!text.trim()) return {};
    throw new AppError("unsupported_media_type", "Send the body as application/json.", 415);
  }
  return readJsonBody(request, 4096);
}

/** GET /api/v1/activity/attention-count */
export async function attentionCountEndpoint(caller: ApiCaller) {
  return Response.json({ count: await countNeedsAttention(caller.db, caller.storeId) });
}

/**
 * POST /api/v1/events: a catalog type (its payload checked against the catalog's schema, its
 * message from the catalog's template) or a `custom.*` event with your own message and level
 * and a free payload of at most 8 KB. `dedupe_key` makes a retry harmless: the first event
 * stands and is returned with `duplicate: true`; the same key on another type is a 409.
 */
export async function createEventEndpoint(caller: ApiCaller, request: Request) {
  const body = CreateEventBody.parse(await readJsonBody(request, MAX_EVENT_BODY_BYTES));
  const occurredAt = body.occurred_at ? new Date(body.occurred_at) : new Date();
  if (occurredAt.getTime() > Date.now() + 5 * 60_000)
    throw badRequest("occurred_at: must not be in the future", "invalid_request");
  if (body.order_id) await findOrder(caller, body.order_id);
  const options = {
    orderId: body.order_id ?? null,
    entity: body.entity,
    occurredAt,
    dedupeKey: body.dedupe_key ?? null,
  };

  let id: string;
  if (body.type.startsWith("custom.")) {
    if (!body.message) throw badRequest("message: custom events need a message", "invalid_request");
    const size = Buffer.byteLength(JSON.stringify(body.payload));
    if (size > MAX_CUSTOM_PAYLOAD_BYTES)
      throw new AppError(
        "payload_too_large",
        `payload: at most ${MAX_CUSTOM_PAYLOAD_BYTES / 1024} KB for custom events.`,
        413,
      );
    const row: NewActivityRow = {
      id: uuidv7(),
      storeId: caller.storeId,
      eventType: body.type,
      level: body.level ?? "info",
      message: body.message,
      entityType: body.entity?.type ?? (body.order_id ? "order" : null),
      entityId: body.entity?.id ?? body.order_id ?? null,
      orderId: body.order_id ?? null,
      actorType: caller.activity.actor.type,
      actorId: caller.activity.actor.id ?? null,
      actorLabel: caller.activity.actor.label,
      source: "api",
      visibility: "internal",
      payload: body.payload,
      changes: null,
      correlationId: null,
      dedupeKey: body.dedupe_key ?? null,
      ipAddress: caller.activity.ip ?? null,
      userAgent: caller.activity.userAgent ?? null,
      occurredAt,
    };
    const inserted = await insertActivityRows(caller.db, [row]);
    id = inserted.size ? row.id : "";
  } else {
    if (!isEventType(body.type))
      throw badRequest(
        `type: unknown event type "${body.type}"; use a catalog type or custom.*`,
        "unknown_type",
      );
    if (body.level || body.message)
      throw badRequest(
        "level and message come from the catalog for catalog types; leave them out",
        "invalid_request",
      );
    const definition = catalog[body.type];
    const parsed = definition.payload.safeParse(body.payload);
    if (!parsed.success)
      throw badRequest(
        parsed.error.issues.map((i) => `payload.${i.path.join(".")}: ${i.message}`).join("; "),
        "invalid_payload",
      );
    const result = await caller.db.transaction((tx) =>
      logEventStrict(tx, caller.activity, body.type as never, parsed.data as never, options),
    );
    id = result.status === "written" ? result.id : "";
  }

  if (!id) {
    const [existing] = await caller.db
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, caller.storeId), eq(activityLog.dedupeKey, body.dedupe_key!)));
    if (!existing) throw new AppError("conflict", "The event could not be recorded. Please retry.", 409);
    if (existing.eventType !== body.type)
      throw new AppError(
        "dedupe_conflict",
        `dedupe_key "${body.dedupe_key}" was already used for a ${existing.eventType} event.`,
        409,
      );
    return Response.json({ data: eventJson(existing), duplicate: true }, { status: 200 });
  }
  return Response.json({ data: eventJson(await findEvent(caller, id)), duplicate: false }, { status: 201 });
}
