import { uuidv7 } from "uuidv7";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { liveCursor } from "@/lib/activity/live/live-cursor";
import { LiveHub } from "@/lib/activity/live/live-hub";
import { buildActivityRow } from "@/lib/activity/write/build-row";
import { insertActivityRows } from "@/lib/activity/write/insert-rows";
import { type ActivityStreamContext, activityStreamResponse } from "@/lib/http/activity-stream";
import { StreamSlots } from "@/lib/http/stream-slots";
import type { Db } from "@/lib/platform/db/types";
import { EventStreamClient } from "@/scripts/bench/event-stream-client";
import { createStore, openUnreachableDatabase, systemContext } from "@/tests/helpers/activity-fixtures";
import { type ServedHandler, serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { untilListening } from "@/tests/helpers/until-listening";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let hub: LiveHub;
const opened: EventStreamClient[] = [];
const served: ServedHandler[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  hub = new LiveHub((channel, handlers) => handle.listen(channel, handlers));
  await hub.start();
  await untilListening(hub);
});

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

afterAll(async () => {
  for (const server of served) await server.close();
  await hub?.stop();
  await handle?.dispose();
  spool?.cleanup();
});

/** The stream handler for one store, served over real HTTP. */
async function serveStream(storeId: string, overrides: Partial<ActivityStreamContext> = {}) {
  const ctx: ActivityStreamContext = {
    db: handle.db,
    live: hub,
    storeId,
    slots: new StreamSlots(),
    maxStreams: 10,
    ...overrides,
  };
  const server = await serveFetchHandler((request) => activityStreamResponse(request, ctx));
  served.push(server);
  return { url: `${server.url}/api/activity/stream`, ctx };
}

async function open(url: string, headers: Record<string, string> = {}) {
  const client = await EventStreamClient.open(url, headers);
  opened.push(client);
  return client;
}

const activityIds = (client: EventStreamClient) =>
  client.events.filter((e) => e.event === "activity").map((e) => e.id!);

const log = (db: Db, storeId: string, orderId?: string) =>
  logEvent(db, systemContext(storeId), "order.note_added", { note: "gift wrap" }, { orderId });

describe("GET /api/activity/stream", () => {
  it("streams the store's new events with their ids, and none of another store's", async () => {
    const [storeId, otherStore] = [await createStore(handle.db), await createStore(handle.db)];
    const { url } = await serveStream(storeId);
    const client = await open(url);
    expect(client.status).toBe(200);
    expect(client.response?.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await client.until(() => client.comments.includes("connected"));

    await log(handle.db, otherStore);
    const orderId = uuidv7();
    const written = await logEvent(handle.db, systemContext(storeId), "order.delivered", {}, { orderId });
    await client.until((events) => events.length === 1);
    const [event] = client.events;
    expect(event).toMatchObject({ id: written.id, event: "activity" });
    expect(JSON.parse(event!.data)).toEqual({
      id: written.id,
      type: "order.delivered",
      level: "info",
      orderId,
    });
  });

  it("with ?order= streams that order's events only", async () => {
    const storeId = await createStore(handle.db);
    const [orderId, otherOrder] = [uuidv7(), uuidv7()];
    const { url } = await serveStream(storeId);
    const client = await open(`${url}?order=${orderId}`);
    await client.until(() => client.comments.includes("connected"));
    await logEvent(handle.db, systemContext(storeId), "order.delivered", {}, { orderId: otherOrder });
    const mine = await logEvent(handle.db, systemContext(storeId), "order.delivered", {}, { orderId });
    await client.until((events) => events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(activityIds(client)).toEqual([mine.id]);
  });

  it("replays what a reconnecting client missed (Last-Event-ID), including a row that committed late", async () => {
    const storeId = await createStore(handle.db);
    const { url } = await serveStream(storeId);
    const first = await open(url);
    await first.until(() => first.comments.includes("connected"));
    const before: string[] = [];
    for (let i = 0; i < 3; i++)
      before.push((await logEvent(handle.db, systemContext(storeId), "sync.started", {})).id);
    await first.until((events) => events.length === 3);
    const lastSeen = first.events.at(-1)!.id!;
    // A row made (id generated) before the last one seen, committed only after it: a slow writer.
    const late = buildActivityRow(systemContext(storeId), "sync.started", {});
    first.close();

    const missed: string[] = [];
    for (let i = 0; i < 4; i++)
      missed.push((await logEvent(handle.db, systemContext(storeId), "sync.started", {})).id);
    await insertActivityRows(handle.db, [late.row]);
    expect(late.row.id < missed[0]!).toBe(true);

    const second = await open(url, { "last-event-id": lastSeen });
    await second.until((events) => [...missed, late.row.id].every((id) => events.some((e) => e.id === id)));
    const replayed = activityIds(second);
    expect(new Set(replayed).size).toBe(replayed.length);
    // What the browser keeps after de-duplicating by id: everything, once.
    const seen = new Set([...activityIds(first), ...replayed]);
    expect([...before, ...missed, late.row.id].every((id) => seen.has(id))).toBe(true);
  });

  it("replays from ?after= (a page's render time) for a page that opens its first stream", async () => {
    const storeId = await createStore(handle.db);
    const { url } = await serveStream(storeId);
    const { after } = liveCursor([]);
    const written = await logEvent(handle.db, systemContext(storeId), "sync.started", {});
    const client = await open(`${url}?after=${after}`);
    expect(client.status).toBe(200);
    await client.until((events) => events.some((e) => e.id === written.id));
  });

  it("refuses a Last-Event-ID that is not an event id, and a bad order id", async () => {
    const { url } = await serveStream(await createStore(handle.db));
    const badId = await fetch(url, { headers: { "last-event-id": "42" } });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { code: string } }).error.code).toBe("invalid_event_id");
    const badOrder = await fetch(`${url}?order=nope`);
    expect(badOrder.status).toBe(400);
  });

  it("serves at most maxStreams at once (503 with a message past it) and frees a slot when a client leaves", async () => {
    const slots = new StreamSlots();
    const { url } = await serveStream(await createStore(handle.db), { slots, maxStreams: 2 });
    const a = await open(url);
    await open(url);
    const refused = await fetch(url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "too_many_streams",
      message: expect.stringContaining("live activity streams"),
    });
    a.close();
    await expect.poll(() => slots.open, { timeout: 3000 }).toBe(1);
    const again = await open(url);
    expect(again.status).toBe(200);
  });

  it("sends heartbeat comments, and ends every stream when the hub closes (shutdown)", async () => {
    const own = new LiveHub((channel, handlers) => handle.listen(channel, handlers));
    await own.start();
    const slots = new StreamSlots();
    const { url } = await serveStream(await createStore(handle.db), { live: own, slots, heartbeatMs: 50 });
    const client = await open(url);
    await client.until(() => client.comments.filter((c) => c === "heartbeat").length >= 2);
    await own.stop();
    await client.ended;
    expect(slots.open).toBe(0);
  });

  it.runIf(process.env.DATABASE_URL)(
    "answers 503 at once when the database is down and a replay is asked for",
    async () => {
      const down = await openUnreachableDatabase(handle.url);
      try {
        const { url } = await serveStream(await createStore(handle.db), { db: down.db });
        const started = Date.now();
        const response = await fetch(url, { headers: { "last-event-id": uuidv7() } });
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBeTruthy();
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await down.close();
      }
    },
  );
});
