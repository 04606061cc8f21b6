import { count, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog } from "@/db/schema";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { attentionCountEndpoint } from "@/lib/http/api/endpoints/count-needs-attention";
import { createEventEndpoint } from "@/lib/http/api/endpoints/create-event";
import { exportEventsEndpoint } from "@/lib/http/api/endpoints/export-events";
import { getEventEndpoint } from "@/lib/http/api/endpoints/get-event";
import { listEventsEndpoint } from "@/lib/http/api/endpoints/list-events";
import { orderActivityEndpoint } from "@/lib/http/api/endpoints/list-order-activity";
import { resolveEventEndpoint } from "@/lib/http/api/endpoints/resolve-event";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { callApi, demoStore, type Endpoint, keyFor, sessionOf } from "./api-fixtures";

let handle: TestDatabase;
let writeKey: string;
let readKey: string;
let session: ReturnType<typeof sessionOf>;
let staffSession: ReturnType<typeof sessionOf>;

const fingerprint = async () => {
  const [row] = await handle.db
    .select({ n: count(), resolved: sql<number>`count(${activityLog.resolvedAt})::int` })
    .from(activityLog);
  return `${row!.n}/${row!.resolved}`;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now: new Date() });
  const demo = await demoStore(handle.db, "demo");
  const owner = demo.members.find((m) => m.role === "owner")!;
  writeKey = await keyFor(handle.db, demo.store.id, owner.id, ["activity:read", "activity:write"]);
  readKey = await keyFor(handle.db, demo.store.id, owner.id, ["activity:read"]);
  session = sessionOf(handle.db, demo.store, owner);
  staffSession = sessionOf(handle.db, demo.store, demo.members.find((m) => m.role === "staff")!);
});
afterAll(() => handle?.dispose());

const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "info",
    "error",
    "order.*",
    "2026-01-01",
    "2026-01-01T00:00:00Z",
    "true",
    "#10001",
    "200",
    "-1",
    "1e9",
  ),
);
const query = fc
  .dictionary(
    fc.constantFrom(
      "level",
      "type",
      "from",
      "to",
      "q",
      "order",
      "order_id",
      "needs_attention",
      "cursor",
      "limit",
      "format",
      "zz",
    ),
    queryValue,
    { maxKeys: 5 },
  )
  .map((params) => new URLSearchParams(params).toString());
const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }));
const authorization = fc.oneof(
  fc.constant<string | undefined>(undefined),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
  fc.string({ maxLength: 60 }),
);
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc
    .record(
      {
        type: fc.oneof(
          fc.constantFrom("custom.fuzz", "order.note_added", "order.shipped", "nope"),
          fc.string(),
        ),
        message: fc.oneof(fc.string({ maxLength: 600 }), fc.integer()),
        level: fc.oneof(fc.constantFrom("info", "warning", "error"), fc.string()),
        payload: fc.oneof(fc.object({ maxDepth: 2 }), fc.string(), fc.constant(null)),
        order_id: id,
        dedupe_key: fc.string({ maxLength: 250 }),
        occurred_at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        note: fc.string({ maxLength: 1200 }),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

type Route = {
  name: string;
  endpoint: Endpoint;
  scope: "activity:read" | "activity:write";
  method: string;
  path: string;
};
const routes: Route[] = [
  {
    name: "list",
    endpoint: listEventsEndpoint,
    scope: "activity:read",
    method: "GET",
    path: "/api/v1/activity",
  },
  {
    name: "export",
    endpoint: exportEventsEndpoint,
    scope: "activity:read",
    method: "GET",
    path: "/api/v1/activity/export",
  },
  {
    name: "one",
    endpoint: getEventEndpoint,
    scope: "activity:read",
    method: "GET",
    path: "/api/v1/activity/x",
  },
  {
    name: "order",
    endpoint: orderActivityEndpoint,
    scope: "activity:read",
    method: "GET",
    path: "/api/v1/orders/x/activity",
  },
  {
    name: "count",
    endpoint: attentionCountEndpoint,
    scope: "activity:read",
    method: "GET",
    path: "/api/v1/activity/attention-count",
  },
  {
    name: "resolve",
    endpoint: resolveEventEndpoint,
    scope: "activity:write",
    method: "POST",
    path: "/api/v1/activity/x/resolve",
  },
  {
    name: "events",
    endpoint: createEventEndpoint,
    scope: "activity:write",
    method: "POST",
    path: "/api/v1/events",
  },
];

describe("every /api/v1 route, fuzzed", () => {
  for (const route of routes) {
    it(`${route.method} ${route.name}: never a 5xx, a JSON error with a message on every 4xx, nothing written on rejection`, async () => {
      await fc.assert(
        fc.asyncProperty(
          query,
          id,
          body,
          fc.constantFrom("writeKey", "readKey", "session", "staff", "random"),
          authorization,
          fc.constantFrom("application/json", "text/plain", undefined),
          async (q, params, payload, who, randomAuth, contentType) => {
            const before = await fingerprint();
            const r = await callApi(handle.db, route.endpoint, route.scope, {
              method: route.method,
              path: `${route.path}?${q}`,
              params: { id: params },
              key: who === "writeKey" ? writeKey : who === "readKey" ? readKey : null,
              authorization: who === "random" ? randomAuth : undefined,
              session: who === "session" ? session : who === "staff" ? staffSession : undefined,
              rawBody: route.method === "POST" ? payload : undefined,
              headers: contentType && route.method === "POST" ? { "content-type": contentType } : {},
              unlimited: true,
            });
            expect(r.status, `${route.name} ${q}`).toBeLessThan(500);
            if (r.status >= 400) {
              expect(typeof r.json?.error?.code).toBe("string");
              expect(r.json.error.message.length).toBeGreaterThan(0);
              expect(await fingerprint()).toBe(before);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
