import { z } from "zod";
import { activityLevels, apiScopes } from "@/db/schema";

/** The API's shapes: the same objects validate requests and generate `/api/v1/openapi.json`. */

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: "Error", description: "Every error: a stable code and a human message." });

export const Event = z
  .object({
    id: z.uuid(),
    type: z.string().meta({ example: "order.shipped" }),
    level: z.enum(activityLevels),
    message: z.string(),
    entity: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    order_id: z.uuid().nullable(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    source: z.string(),
    visibility: z.enum(["internal", "customer", "debug"]),
    payload: z.record(z.string(), z.unknown()),
    changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })).nullable(),
    correlation_id: z.string().nullable(),
    dedupe_key: z.string().nullable(),
    occurred_at: z.iso.datetime(),
    inserted_at: z.iso.datetime(),
    resolved: z
      .object({ at: z.iso.datetime(), by: z.uuid().nullable(), note: z.string().nullable() })
      .nullable(),
  })
  .meta({ id: "Event", description: "One activity log row." });

export const EventPage = z.object({ data: z.array(Event), next_cursor: z.string().nullable() }).meta({
  id: "EventPage",
  description: "A page of events, newest first; pass `next_cursor` as `cursor` for the next.",
});

export const ListQuery = z
  .object({
    level: z
      .union([z.enum(activityLevels), z.array(z.enum(activityLevels))])
      .optional()
      .meta({ description: "info, warning or error; repeat for several" }),
    type: z.string().optional().meta({ description: "an event type, or a group such as `order.*`" }),
    from: z
      .string()
      .optional()
      .meta({ description: "a day (YYYY-MM-DD, the store's time zone) or an ISO-8601 instant; inclusive" }),
    to: z.string().optional().meta({ description: "a day (inclusive) or an ISO-8601 instant (exclusive)" }),
    q: z.string().optional().meta({ description: "text in the message (at most 200 characters)" }),
    order: z.string().optional().meta({ description: "an order number (1042 or #1042)" }),
    order_id: z.uuid().optional(),
    needs_attention: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "only unresolved warnings and errors" }),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: "1–200, default 50" }),
  })
  .strict();

export const ResolveBody = z
  .object({ note: z.string().trim().max(1000, "the note is limited to 1000 characters").optional() })
  .strict()
  .meta({ id: "ResolveRequest" });

export const ResolveResult = z
  .object({ data: Event, resolved: z.boolean().meta({ description: "false when it was already resolved" }) })
  .meta({ id: "ResolveResult" });

export const AttentionCount = z
  .object({ count: z.number().int().nonnegative() })
  .meta({ id: "AttentionCount" });

export const MAX_CUSTOM_PAYLOAD_BYTES = 8 * 1024;
export const MAX_EVENT_BODY_BYTES = 64 * 1024;

export const CreateEventBody = z
  .object({
    type: z
      .string()
      .min(3)
      .max(100)
      .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, "use a namespaced type such as custom.invoice_sent")
      .meta({ description: "a catalog type, or `custom.<name>` for your own events" }),
    payload: z.record(z.string(), z.unknown()).default({}),
    level: z.enum(activityLevels).optional().meta({ description: "custom events only (default info)" }),
    message: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: "custom events only; required for them" }),
    order_id: z.uuid().optional(),
    entity: z.object({ type: z.string().min(1).max(50), id: z.string().min(1).max(200) }).optional(),
    dedupe_key: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "makes a retry harmless; in this key's own namespace" }),
    occurred_at: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: "when it happened: at most 30 days back, not before the store existed" }),
  })
  .strict()
  .meta({ id: "CreateEventRequest" });

export const CreatedEvent = z
  .object({
    data: Event,
    duplicate: z
      .boolean()
      .meta({ description: "true when `dedupe_key` was seen before: nothing new was written" }),
  })
  .meta({ id: "CreatedEvent" });

export const ScopeList = z.array(z.enum(apiScopes));
