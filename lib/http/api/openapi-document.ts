import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  AttentionCount,
  CreatedEvent,
  CreateEventBody,
  ErrorBody,
  Event,
  EventPage,
  ListQuery,
  ResolveBody,
  ResolveResult,
} from "./schemas";

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: {
          400: "Bad input (the message names the field)",
          401: "No or invalid API key / session",
          403: "Missing scope, or staff",
          404: "Not in this store",
          409: "Conflict",
          413: "Body too large",
          415: "Not JSON",
          429: "Rate limited (see Retry-After)",
        }[status]!,
        content: { "application/json": { schema: ErrorBody } },
      },
    ]),
  );

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const idParam = z.object({ id: z.uuid() });

/** The OpenAPI 3.1 document of `/api/v1`, built from the schemas the endpoints validate with. */
export function buildOpenApiDocument(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key from Settings → API keys (`sl_…`). A signed-in owner or manager session works too.",
  });
  const security = [{ [bearer.name]: [] }];
  registry.registerPath({
    method: "get",
    path: "/api/v1/activity",
    summary: "List the store's activity, newest first (scope activity:read)",
    security,
    request: { query: ListQuery },
    responses: { 200: json(EventPage, "A page of events"), ...errors(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/activity/{id}",
    summary: "One event (scope activity:read)",
    security,
    request: { params: idParam },
    responses: { 200: json(z.object({ data: Event }), "The event"), ...errors(401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/activity/{id}/resolve",
    summary: "Resolve a warning or error, with an optional note (scope activity:write)",
    security,
    request: { params: idParam, body: { content: { "application/json": { schema: ResolveBody } } } },
    responses: {
      200: json(ResolveResult, "The event, resolved"),
      ...errors(400, 401, 403, 404, 409, 415, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/activity/attention-count",
    summary: "How many warnings and errors are unresolved (scope activity:read)",
    security,
    responses: { 200: json(AttentionCount, "The count"), ...errors(401, 403, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/orders/{id}/activity",
    summary: "An order's events, newest first (scope activity:read)",
    security,
    request: { params: idParam, query: ListQuery.omit({ order: true, order_id: true }) },
    responses: { 200: json(EventPage, "A page of events"), ...errors(400, 401, 403, 404, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/events",
    summary: "Record an event: a catalog type, or custom.* (scope activity:write)",
    security,
    request: { body: { content: { "application/json": { schema: CreateEventBody } } } },
    responses: {
      201: json(CreatedEvent, "Recorded"),
      200: json(CreatedEvent, "Already recorded with this dedupe_key: nothing new written"),
      ...errors(400, 401, 403, 404, 409, 413, 415, 429),
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Storyline activity API",
      version: "1",
      description:
        "The store's activity log: read it, resolve what needs attention, and write your own events.",
    },
    servers: [{ url: serverUrl }],
  });
}
