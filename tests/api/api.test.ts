import { and, count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, apiKeys, orders, stores } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { DEMO_API_KEY } from "@/lib/api-keys/api-key-token";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { attentionCountEndpoint } from "@/lib/http/api/endpoints/count-needs-attention";
import { createEventEndpoint } from "@/lib/http/api/endpoints/create-event";
import { getEventEndpoint } from "@/lib/http/api/endpoints/get-event";
import { listEventsEndpoint } from "@/lib/http/api/endpoints/list-events";
import { orderActivityEndpoint } from "@/lib/http/api/endpoints/list-order-activity";
import { resolveEventEndpoint } from "@/lib/http/api/endpoints/resolve-event";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { callApi, demoStore, keyFor, sessionOf } from "./api-fixtures";

let handle: TestDatabase;
let demo: Awaited<ReturnType<typeof demoStore>>;
let north: Awaited<ReturnType<typeof demoStore>>;
let demoRead: string;
let demoWrite: string;
let northKey: string;

const db = () => handle.db;
const owner = (s: typeof demo) => s.members.find((m) => m.role === "owner")!;
const member = (s: typeof demo, role: "owner" | "manager" | "staff") =>
  s.members.find((m) => m.role === role)!;
const rowCount = async () => (await db().select({ n: count() }).from(activityLog))[0]!.n;

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now: new Date() });
  demo = await demoStore(handle.db, "demo");
  north = await demoStore(handle.db, "north");
  demoRead = await keyFor(handle.db, demo.store.id, owner(demo).id, ["activity:read"], "Reader");
  demoWrite = await keyFor(
    handle.db,
    demo.store.id,
    owner(demo).id,
    ["activity:read", "activity:write"],
    "Writer",
  );
  northKey = await keyFor(
    handle.db,
    north.store.id,
    owner(north).id,
    ["activity:read", "activity:write"],
    "North",
  );
});
afterAll(() => handle?.dispose());

describe("authentication", () => {
  it("answers 401 without a key or session, and for a malformed, unknown or revoked key", async () => {
    const none = await callApi(db(), listEventsEndpoint, "activity:read");
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: "unauthorized" });
    for (const authorization of ["Bearer", "Basic abc", "Bearer sl_short", `Bearer sl_${"x".repeat(43)}`]) {
      const r = await callApi(db(), listEventsEndpoint, "activity:read", { authorization });
      expect(r.status, authorization).toBe(401);
      expect(r.json.error.message).toBeTruthy();
    }
    const doomed = await keyFor(db(), demo.store.id, owner(demo).id, ["activity:read"], "Doomed");
    expect((await callApi(db(), listEventsEndpoint, "activity:read", { key: doomed })).status).toBe(200);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.name, "Doomed"));
    await revokeApiKey(
      db(),
      {
        storeId: demo.store.id,
        actor: { type: "user", id: owner(demo).id, label: "Olivia" },
        source: "admin",
      },
      row!.id,
    );
    const revoked = await callApi(db(), listEventsEndpoint, "activity:read", { key: doomed });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.message).toMatch(/revoked/);
  });

  it("works with the demo key the README uses, and records when a key was last used", async () => {
    const r = await callApi(db(), attentionCountEndpoint, "activity:read", { key: DEMO_API_KEY });
    expect(r.status).toBe(200);
    expect(r.json.count).toBe(await countNeedsAttention(db(), demo.store.id));
    const [key] = await db().select().from(apiKeys).where(eq(apiKeys.name, "Demo integration"));
    expect(key!.lastUsedAt).not.toBeNull();
  });

  it("answers 403 for a key without the scope, and for staff; owners and managers get in", async () => {
    const r = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoRead,
      body: { type: "custom.test", message: "x" },
    });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("insufficient_scope");
    const staff = await callApi(db(), listEventsEndpoint, "activity:read", {
      session: sessionOf(db(), demo.store, member(demo, "staff")),
    });
    expect(staff.status).toBe(403);
    for (const role of ["owner", "manager"] as const) {
      const ok = await callApi(db(), listEventsEndpoint, "activity:read", {
        session: sessionOf(db(), demo.store, member(demo, role)),
      });
      expect(ok.status, role).toBe(200);
    }
  });

  it("refuses a cookie-authenticated write from another origin, or from nowhere; keys are unaffected", async () => {
    const [open] = await db()
      .select({ id: activityLog.id })
      .from(activityLog)
      .where(
        and(
          eq(activityLog.storeId, demo.store.id),
          eq(activityLog.level, "warning"),
          isNull(activityLog.resolvedAt),
        ),
      )
      .limit(1);
    const session = sessionOf(db(), demo.store, owner(demo));
    const before = await countNeedsAttention(db(), demo.store.id);
    for (const origin of ["http://evil.localhost", "https://localhost", "null"]) {
      const r = await callApi(db(), resolveEventEndpoint, "activity:write", {
        session,
        method: "POST",
        params: { id: open!.id },
        headers: { origin },
      });
      expect(r.status, origin).toBe(403);
      expect(r.json.error.code).toBe("cross_origin");
      expect(r.json.error.message).toContain("may not change anything");
    }
    // No Origin and no Sec-Fetch-Site: refused too (a browser always sends one of them).
    const request = new Request(`http://localhost/api/v1/activity/${open!.id}/resolve`, { method: "POST" });
    const { handleApiRequest } = await import("@/lib/http/api/handle-api-request");
    const bare = await handleApiRequest(request, "activity:write", { db: db(), session }, () =>
      Promise.resolve(new Response("reached")),
    );
    expect(bare.status).toBe(403);
    expect(await countNeedsAttention(db(), demo.store.id)).toBe(before);
    // Reads by cookie from anywhere are fine (nothing changes), and a key needs no Origin.
    const read = await callApi(db(), attentionCountEndpoint, "activity:read", {
      session,
      headers: { origin: "http://evil.localhost" },
    });
    expect(read.status).toBe(200);
    const byKey = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      body: { type: "custom.from_a_script", message: "No Origin needed with a key" },
      headers: { origin: "http://evil.localhost" },
    });
    expect(byKey.status).toBe(201);
  });

  it("throttles wrong keys per client address: the 11th wrong key in a minute is a 429, before any lookup", async () => {
    const { createRateLimiter } = await import("@/lib/http/rate-limit");
    const { PEER_ADDRESS_HEADER, peerAddressStamp } = await import("@/lib/platform/peer-address");
    const authFailures = createRateLimiter({
      name: "test-auth-failures",
      points: 10,
      durationSeconds: 60,
      db: db(),
    });
    // The socket's address, as the server stamps it; a client-written X-Forwarded-For is not believed.
    const from = (ip: string) => ({
      [PEER_ADDRESS_HEADER]: peerAddressStamp(ip),
      "x-forwarded-for": `10.0.0.${ip.length}`,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await callApi(db(), attentionCountEndpoint, "activity:read", {
        key: `sl_live_${"x".repeat(40)}${i}`,
        headers: from("203.0.113.7"),
        authFailures,
      });
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(190);
    const limited = await callApi(db(), attentionCountEndpoint, "activity:read", {
      key: demoRead,
      headers: from("203.0.113.7"),
      authFailures,
    });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("too_many_failed_attempts");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await callApi(db(), attentionCountEndpoint, "activity:read", {
      key: demoRead,
      headers: from("198.51.100.2"),
      authFailures,
    });
    expect(other.status).toBe(200);
  });

  it("limits each key to its rate and says when to retry", async () => {
    const busy = await keyFor(db(), demo.store.id, owner(demo).id, ["activity:read"], "Busy");
    let limited: Awaited<ReturnType<typeof callApi>> | null = null;
    let ok = 0;
    for (let i = 0; i < 200 && !limited; i++) {
      const r = await callApi(db(), attentionCountEndpoint, "activity:read", { key: busy });
      if (r.status === 429) limited = r;
      else ok++;
    }
    expect(ok).toBe(120);
    expect(limited!.json.error.code).toBe("rate_limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key is not affected.
    expect((await callApi(db(), attentionCountEndpoint, "activity:read", { key: demoRead })).status).toBe(
      200,
    );
  });
});

describe("GET /api/v1/activity", () => {
  it("lists the key's store only, newest first, with the feed's filters", async () => {
    const r = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?limit=200",
    });
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(200);
    const ids = new Set(r.json.data.map((e: { id: string }) => e.id));
    const northIds = await db()
      .select({ id: activityLog.id })
      .from(activityLog)
      .where(eq(activityLog.storeId, north.store.id));
    expect(northIds.some((n) => ids.has(n.id))).toBe(false);
    const times = r.json.data.map((e: { occurred_at: string }) => e.occurred_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(r.json.data.every((e: { visibility: string }) => e.visibility !== "debug")).toBe(true);

    const errors = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?level=error&level=warning&type=order.*&needs_attention=true",
    });
    expect(errors.status).toBe(200);
    expect(errors.json.data.length).toBeGreaterThan(0);
    for (const e of errors.json.data) {
      expect(["warning", "error"]).toContain(e.level);
      expect(e.type).toMatch(/^order\./);
      expect(e.resolved).toBeNull();
    }
  });

  it("pages over events that share a timestamp without skipping or repeating any", async () => {
    const at = new Date("2026-01-05T10:00:00.000Z");
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const result = await logEvent(
        db(),
        { storeId: north.store.id, actor: { type: "system", label: "Test" }, source: "system" },
        "sync.started",
        { provider: "Printify" } as never,
        { occurredAt: at },
      );
      written.push(result.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/api/v1/activity?type=sync.started&from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const r = await callApi(db(), listEventsEndpoint, "activity:read", { key: northKey, path: query });
      expect(r.status).toBe(200);
      seen.push(...r.json.data.map((e: { id: string }) => e.id));
      cursor = r.json.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(written));
  });

  it("filters by integrations' own types: custom.* and one exact custom type, in the list and the export", async () => {
    for (const [type, message] of [
      ["custom.invoice_sent", "Invoice INV-7 sent"],
      ["custom.review_received", "Five-star review from Ana"],
    ] as const) {
      const written = await callApi(db(), createEventEndpoint, "activity:write", {
        key: demoWrite,
        body: { type, message },
      });
      expect(written.status).toBe(201);
    }
    const all = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?type=custom.*&limit=200",
    });
    expect(all.status).toBe(200);
    const types = all.json.data.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(["custom.invoice_sent", "custom.review_received"]));
    expect(types.every((t: string) => t.startsWith("custom."))).toBe(true);

    const one = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?type=custom.review_received",
    });
    expect(one.status).toBe(200);
    expect(one.json.data.map((e: { message: string }) => e.message)).toEqual(["Five-star review from Ana"]);

    const { exportEventsEndpoint } = await import("@/lib/http/api/endpoints/export-events");
    const exported = await callApi(db(), exportEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity/export?format=ndjson&type=custom.*",
    });
    expect(exported.status).toBe(200);
    const lines = exported.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((row) => row.type.startsWith("custom."))).toBe(true);

    // Not a custom type, and not in the catalog: still a 400.
    const bad = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?type=custom",
    });
    expect(bad.status).toBe(400);
  });

  it("answers 400 naming the bad parameter", async () => {
    for (const [query, pattern] of [
      ["level=fatal", /level/],
      ["type=nope.nothing", /event type/],
      ["limit=500", /limit/],
      ["limit=0", /limit/],
      ["cursor=abc", /cursor/i],
      ["from=2026-13-45", /date|from/i],
      ["from=2026-01-01T99:00:00Z", /from/],
      ["colour=red", /colour|unrecognized/i],
      ["order_id=12", /order_id/],
    ] as const) {
      const r = await callApi(db(), listEventsEndpoint, "activity:read", {
        key: demoRead,
        path: `/api/v1/activity?${query}`,
      });
      expect(r.status, query).toBe(400);
      expect(r.json.error.message, query).toMatch(pattern);
    }
    const missing = await callApi(db(), listEventsEndpoint, "activity:read", {
      key: demoRead,
      path: "/api/v1/activity?order=999999",
    });
    expect(missing.status).toBe(404);
  });
});

describe("single events, orders, resolve and the count", () => {
  it("reads one event of the store; another store's event, a debug event or a bad id is a 404", async () => {
    const [mine] = await db()
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, demo.store.id), eq(activityLog.visibility, "internal")))
      .limit(1);
    const ok = await callApi(db(), getEventEndpoint, "activity:read", {
      key: demoRead,
      params: { id: mine!.id },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toMatchObject({ id: mine!.id, type: mine!.eventType, message: mine!.message });
    const other = await callApi(db(), getEventEndpoint, "activity:read", {
      key: northKey,
      params: { id: mine!.id },
    });
    expect(other.status).toBe(404);
    const [debug] = await db()
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.storeId, demo.store.id), eq(activityLog.visibility, "debug")))
      .limit(1);
    expect(
      (await callApi(db(), getEventEndpoint, "activity:read", { key: demoRead, params: { id: debug!.id } }))
        .status,
    ).toBe(404);
    expect(
      (await callApi(db(), getEventEndpoint, "activity:read", { key: demoRead, params: { id: "nope" } }))
        .status,
    ).toBe(404);
  });

  it("a NUL or other control character in q is a 400 naming it, on every endpoint that searches", async () => {
    const [order] = await db().select().from(orders).where(eq(orders.storeId, demo.store.id)).limit(1);
    const { exportEventsEndpoint } = await import("@/lib/http/api/endpoints/export-events");
    for (const [name, endpoint, path, params] of [
      ["list", listEventsEndpoint, "/api/v1/activity?q=a%00b", undefined],
      ["export", exportEventsEndpoint, "/api/v1/activity/export?q=%00", undefined],
      ["order", orderActivityEndpoint, `/api/v1/orders/${order!.id}/activity?q=x%07`, { id: order!.id }],
    ] as const) {
      const r = await callApi(db(), endpoint, "activity:read", { key: demoRead, path, params });
      expect(r.status, name).toBe(400);
      expect(r.json.error.message, name).toMatch(/control character/);
    }
  });

  it("lists an order's events; another store's order is a 404", async () => {
    const [order] = await db().select().from(orders).where(eq(orders.storeId, demo.store.id)).limit(1);
    const r = await callApi(db(), orderActivityEndpoint, "activity:read", {
      key: demoRead,
      params: { id: order!.id },
    });
    expect(r.status).toBe(200);
    expect(r.json.data.length).toBeGreaterThan(0);
    expect(r.json.data.every((e: { order_id: string }) => e.order_id === order!.id)).toBe(true);
    expect(
      (
        await callApi(db(), orderActivityEndpoint, "activity:read", {
          key: northKey,
          params: { id: order!.id },
        })
      ).status,
    ).toBe(404);
  });

  it("resolves a warning once, lowers the count, and refuses info events and other stores", async () => {
    const [warning] = await db()
      .select()
      .from(activityLog)
      .where(
        and(
          eq(activityLog.storeId, demo.store.id),
          eq(activityLog.level, "warning"),
          isNull(activityLog.resolvedAt),
          sql`${activityLog.visibility} <> 'debug'`,
        ),
      )
      .limit(1);
    const before = await countNeedsAttention(db(), demo.store.id);
    expect(
      (
        await callApi(db(), resolveEventEndpoint, "activity:write", {
          key: northKey,
          params: { id: warning!.id },
          method: "POST",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callApi(db(), resolveEventEndpoint, "activity:write", {
          key: demoRead,
          params: { id: warning!.id },
          method: "POST",
        })
      ).status,
    ).toBe(403);
    const bad = await callApi(db(), resolveEventEndpoint, "activity:write", {
      key: demoWrite,
      params: { id: warning!.id },
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    const long = await callApi(db(), resolveEventEndpoint, "activity:write", {
      key: demoWrite,
      params: { id: warning!.id },
      body: { note: "x".repeat(1001) },
    });
    expect(long.status).toBe(400);
    const r = await callApi(db(), resolveEventEndpoint, "activity:write", {
      key: demoWrite,
      params: { id: warning!.id },
      body: { note: "Handled in the helpdesk" },
    });
    expect(r.status).toBe(200);
    expect(r.json.resolved).toBe(true);
    expect(r.json.data.resolved.note).toBe("Resolved with the API key “Writer”. Handled in the helpdesk");
    const count = await callApi(db(), attentionCountEndpoint, "activity:read", { key: demoRead });
    expect(count.json.count).toBe(before - 1);
    const again = await callApi(db(), resolveEventEndpoint, "activity:write", {
      key: demoWrite,
      params: { id: warning!.id },
      method: "POST",
    });
    expect(again.status).toBe(200);
    expect(again.json.resolved).toBe(false);
    const [info] = await db()
      .select()
      .from(activityLog)
      .where(
        and(
          eq(activityLog.storeId, demo.store.id),
          eq(activityLog.level, "info"),
          eq(activityLog.visibility, "internal"),
        ),
      )
      .limit(1);
    const refused = await callApi(db(), resolveEventEndpoint, "activity:write", {
      key: demoWrite,
      params: { id: info!.id },
      method: "POST",
    });
    expect(refused.status).toBe(409);
  });
});

describe("POST /api/v1/events", () => {
  it("records a catalog event on an order, as the key", async () => {
    const [order] = await db().select().from(orders).where(eq(orders.storeId, demo.store.id)).limit(1);
    const r = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      body: { type: "order.note_added", order_id: order!.id, payload: { note: "Customer called" } },
    });
    expect(r.status).toBe(201);
    expect(r.json.data).toMatchObject({
      type: "order.note_added",
      order_id: order!.id,
      source: "api",
      message: "Writer: Customer called",
    });
    expect(r.json.data.actor).toMatchObject({ type: "integration", label: "Writer" });
  });

  it("records custom events once per dedupe key; the same key for another type is a 409", async () => {
    // A time two hours ago, written with a +01:00 offset: stored and answered in UTC.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000);
    const twoHoursAgoInParis = {
      iso: `${new Date(at.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`,
      utc: at.toISOString(),
    };
    const body = {
      type: "custom.invoice_sent",
      level: "info",
      message: "Invoice INV-7 sent",
      payload: { invoice: "INV-7" },
      dedupe_key: "inv-7",
      occurred_at: twoHoursAgoInParis.iso,
    };
    const first = await callApi(db(), createEventEndpoint, "activity:write", { key: demoWrite, body });
    expect(first.status).toBe(201);
    expect(first.json.data).toMatchObject({
      type: "custom.invoice_sent",
      message: "Invoice INV-7 sent",
      occurred_at: twoHoursAgoInParis.utc,
      payload: { invoice: "INV-7" },
    });
    const before = await rowCount();
    const again = await callApi(db(), createEventEndpoint, "activity:write", { key: demoWrite, body });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, data: { id: first.json.data.id } });
    const conflict = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      body: { ...body, type: "custom.other" },
    });
    expect(conflict.status).toBe(409);
    expect(await rowCount()).toBe(before);
    // Another store may use the same dedupe key.
    expect((await callApi(db(), createEventEndpoint, "activity:write", { key: northKey, body })).status).toBe(
      201,
    );
  });

  it("cannot forge what Storyline records itself: system types, system dedupe keys, impossible dates", async () => {
    const before = await rowCount();
    const [order] = await db().select().from(orders).where(eq(orders.storeId, demo.store.id)).limit(1);
    for (const [type, payload] of [
      ["auth.login_succeeded", { email: "owner@demo.storyline.test" }],
      ["order.refunded", { amount: 2500, currency: "USD" }],
      ["order.delivered", {}],
      ["order.created", { amount: 1, currency: "GBP", via: "Stripe", orderNumber: 1 }],
    ] as const) {
      const r = await callApi(db(), createEventEndpoint, "activity:write", {
        key: demoWrite,
        body: { type, order_id: order!.id, payload },
      });
      expect(r.status, type).toBe(403);
      expect(r.json.error.code, type).toBe("type_not_allowed");
    }
    const dayBeforeTheStore = new Date(
      (await db().select().from(stores).where(eq(stores.id, demo.store.id)))[0]!.createdAt.getTime() -
        86_400_000,
    );
    for (const occurred_at of [
      "1970-01-01T00:00:00Z",
      "2021-06-01T12:00:00Z",
      dayBeforeTheStore.toISOString(),
    ]) {
      const r = await callApi(db(), createEventEndpoint, "activity:write", {
        key: demoWrite,
        body: { type: "custom.backdated", message: "m", occurred_at },
      });
      expect(r.status, occurred_at).toBe(400);
      expect(r.json.error.message, occurred_at).toMatch(/occurred_at/);
    }
    expect(await rowCount()).toBe(before);

    // A key claims a system dedupe key in advance: it lands in the key's own namespace, and the
    // system's event with that key is still recorded.
    const claim = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      body: { type: "custom.claim", message: "mine", dedupe_key: "order-created:cs_test_claimed" },
    });
    expect(claim.status).toBe(201);
    expect(claim.json.data.dedupe_key).not.toBe("order-created:cs_test_claimed");
    const system = await logEvent(
      db(),
      { storeId: demo.store.id, actor: { type: "integration", label: "Stripe" }, source: "webhook" },
      "order.created",
      { amount: 100, currency: "GBP", via: "Stripe", orderNumber: order!.number },
      { orderId: order!.id, dedupeKey: "order-created:cs_test_claimed" },
    );
    expect(system.status).toBe("written");
  });

  it("rejects bad events with a clear 4xx and writes nothing", async () => {
    const before = await rowCount();
    const cases: [unknown, number, RegExp][] = [
      [{ type: "order.note_added", payload: { note: "" } }, 400, /payload\.note/],
      [{ type: "order.unknown", payload: {} }, 400, /unknown event type/],
      [{ type: "custom.x", payload: {} }, 400, /message/],
      [{ type: "Custom X", message: "m" }, 400, /type/],
      [{ type: "custom.x", message: "m", level: "fatal" }, 400, /level/],
      [{ type: "custom.x", message: "m", occurred_at: "2999-01-01T00:00:00Z" }, 400, /future/],
      [{ type: "custom.x", message: "m", order_id: "00000000-0000-4000-8000-000000000000" }, 404, /order/],
      [{ type: "custom.x", message: "m", payload: { blob: "x".repeat(9000) } }, 413, /8 KB/],
      [{ type: "custom.x", message: "m", extra: 1 }, 400, /extra|unrecognized/i],
      [{ type: "order.note_added", payload: { note: "hi" }, message: "no" }, 400, /catalog/],
      [[1, 2, 3], 400, /body|expected object/i],
    ];
    for (const [body, status, pattern] of cases) {
      const r = await callApi(db(), createEventEndpoint, "activity:write", { key: demoWrite, body });
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.json.error.message).toMatch(pattern);
    }
    const huge = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      rawBody: JSON.stringify({ type: "custom.x", message: "m", payload: { a: "x".repeat(70_000) } }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
    const notJson = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      rawBody: "type=custom.x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(notJson.status).toBe(415);
    const broken = await callApi(db(), createEventEndpoint, "activity:write", {
      key: demoWrite,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(await rowCount()).toBe(before);
  });
});
