import { parse } from "csv-parse/sync";
import { and, count, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ActivityRow, activityLog, stores, users } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { exportActivity } from "@/lib/activity/export/export-activity";
import { exportRowCounter, recordedExport } from "@/lib/activity/export/record-export";
import { ApiKeyReads } from "@/lib/activity/write/api-key-reads";
import { exportEventsEndpoint } from "@/lib/http/api/endpoints/export-events";
import { getEventEndpoint } from "@/lib/http/api/endpoints/get-event";
import { listEventsEndpoint } from "@/lib/http/api/endpoints/list-events";
import { exportResponse } from "@/lib/http/export-response";
import type { Db } from "@/lib/platform/db/types";
import { callApi, keyFor, sessionOf } from "@/tests/api/api-fixtures";
import { createStore, staffContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

const HOUR = 60 * 60 * 1000;
const bytes = (text: string) => new TextEncoder().encode(text);

/** A store with `n` notes, one of them with a newline and quotes in its message, by its owner. */
async function storeWithNotes(n: number) {
  const storeId = await createStore(handle.db);
  const [user] = await handle.db
    .insert(users)
    .values({ email: `${uuidv7()}@example.com`, name: "Owner", passwordHash: "-" })
    .returning({ id: users.id });
  const userId = user!.id;
  for (let i = 0; i < n; i++)
    await logEvent(handle.db, staffContext(storeId, userId), "order.note_added", {
      note: i === 0 ? 'two lines,\n"quoted"' : `note ${i}`,
    });
  const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
  return { storeId, slug: store!.slug, userId };
}

async function eventsOf(storeId: string, type: string): Promise<ActivityRow[]> {
  return handle.db
    .select()
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.eventType, type)));
}

/** The export's record is written once the stream ends, without holding the download up. */
async function recordOf(storeId: string): Promise<ActivityRow> {
  const until = Date.now() + 5000;
  for (;;) {
    const [row] = await eventsOf(storeId, "activity.exported");
    if (row) return row;
    if (Date.now() > until) throw new Error("no activity.exported event");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("exportRowCounter", () => {
  it("counts CSV rows, not the header, nor a newline inside a quoted field, however the bytes are split", () => {
    const csv = 'id,message\n1,"two\nlines"\n2,"a ""quoted"" word"\n3,plain\n';
    for (let split = 0; split <= csv.length; split++) {
      const counter = exportRowCounter("csv");
      counter.count(bytes(csv.slice(0, split)));
      counter.count(bytes(csv.slice(split)));
      expect(counter.rows, `split at ${split}`).toBe(3);
    }
  });

  it("counts NDJSON lines, and never a row cut off half-way", () => {
    const counter = exportRowCounter("ndjson");
    counter.count(bytes('{"a":"x\\ny"}\n{"a":2}\n{"a":'));
    expect(counter.rows).toBe(2);
  });
});

describe("an export leaves a trace", () => {
  it("the feed's export records who exported what: format, filters and rows, once the download ends", async () => {
    const { storeId, slug, userId } = await storeWithNotes(5);
    const activity = staffContext(storeId, userId, "Olivia Owner");
    const response = await exportResponse(
      handle.db,
      activity,
      { storeId, slug },
      { type: "order.*", from: new Date("2020-01-01T00:00:00Z") },
      "csv",
    );
    const text = await response.text();
    const rows = parse(text, { columns: true }) as unknown[];
    expect(rows).toHaveLength(5);

    const record = await recordOf(storeId);
    expect(record).toMatchObject({
      level: "info",
      actorType: "user",
      actorId: userId,
      actorLabel: "Olivia Owner",
      entityType: "store",
      entityId: storeId,
    });
    expect(record.payload).toEqual({
      format: "csv",
      rows: 5,
      expectedRows: 5,
      complete: true,
      filters: { type: "order.*", from: "2020-01-01T00:00:00.000Z" },
    });
    expect(record.message).toBe(
      "Olivia Owner exported 5 events as CSV, matching type: order.*; from: 2020-01-01T00:00:00.000Z",
    );
  });

  it("an export cut off by the client records what was sent", async () => {
    const { storeId, userId } = await storeWithNotes(6);
    const stream = recordedExport(exportActivity(handle.db, storeId, {}, "ndjson", { chunkRows: 2 }), {
      db: handle.db,
      activity: staffContext(storeId, userId, "Marco"),
      format: "ndjson",
      filters: {},
      expectedRows: 6,
    });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();

    const record = await recordOf(storeId);
    expect(record.payload).toMatchObject({ format: "ndjson", rows: 2, expectedRows: 6, complete: false });
    expect(record.message).toBe("Marco’s NDJSON export stopped after 2 events of 6, of the whole log");
  });

  it("a record that cannot be written never breaks the export", async () => {
    const { storeId, userId } = await storeWithNotes(3);
    const unrecorded = await new Response(exportActivity(handle.db, storeId, {}, "csv")).text();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = new Proxy({} as Db, {
      get() {
        throw new Error("the database went away");
      },
    });
    const stream = recordedExport(exportActivity(handle.db, storeId, {}, "csv"), {
      db: broken,
      activity: staffContext(storeId, userId),
      format: "csv",
      filters: {},
      expectedRows: 3,
    });
    expect(await new Response(stream).text()).toBe(unrecorded);
    // The record was reported (and kept, where the writer can), not thrown at the download.
    await new Promise((r) => setTimeout(r, 50));
    quiet.mockRestore();
  });

  it("an API key's export is recorded as the key's", async () => {
    const { storeId, userId } = await storeWithNotes(4);
    const key = await keyFor(handle.db, storeId, userId, ["activity:read"], "Nightly backup");
    const response = await callApi(handle.db, exportEventsEndpoint, "activity:read", {
      key,
      path: "/api/v1/activity/export?format=ndjson&level=info",
    });
    expect(response.status).toBe(200);
    const record = await recordOf(storeId);
    expect(record).toMatchObject({ actorType: "integration", actorLabel: "Nightly backup", source: "api" });
    // The key's own creation is an event too: 5 info events in all.
    expect(record.payload).toMatchObject({
      format: "ndjson",
      rows: 5,
      complete: true,
      filters: { level: "info" },
    });
  });
});

describe("API keys' reads are recorded per key per hour", () => {
  it("counts requests and rows in memory, and writes one event per key per closed hour", async () => {
    const { storeId, userId } = await storeWithNotes(3);
    const key = await keyFor(handle.db, storeId, userId, ["activity:read"], "Dashboard");
    const reads = new ApiKeyReads();
    const before = (
      await handle.db.select({ n: count() }).from(activityLog).where(eq(activityLog.storeId, storeId))
    )[0]!.n;

    const listed = await callApi(handle.db, listEventsEndpoint, "activity:read", {
      key,
      path: "/api/v1/activity?limit=2",
      reads,
    });
    expect(listed.status).toBe(200);
    await callApi(handle.db, listEventsEndpoint, "activity:read", { key, reads });
    await callApi(handle.db, getEventEndpoint, "activity:read", {
      key,
      path: `/api/v1/activity/${listed.json.data[0].id}`,
      params: { id: listed.json.data[0].id },
      reads,
    });
    // A read by a signed-in person is not a key's read.
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    await callApi(handle.db, listEventsEndpoint, "activity:read", {
      session: sessionOf(handle.db, store!, {
        id: userId,
        name: "Ana",
        email: "ana@example.com",
        role: "owner",
      }),
      reads,
    });

    // No row per request.
    const during = (
      await handle.db.select({ n: count() }).from(activityLog).where(eq(activityLog.storeId, storeId))
    )[0]!.n;
    expect(during).toBe(before);
    expect(reads.pending).toBe(1);

    // The hour is still open: nothing is written yet.
    expect(await reads.flush(handle.db)).toBe(0);
    expect(await reads.flush(handle.db, { now: Date.now() + HOUR })).toBe(1);
    const [event, ...others] = await eventsOf(storeId, "activity.api_reads");
    expect(others).toEqual([]);
    // Rows: 2 listed, then all 4 (3 notes and the key's creation), then 1.
    expect(event!.payload).toMatchObject({ keyName: "Dashboard", requests: 3, rows: 7 });
    expect(event).toMatchObject({
      actorType: "system",
      actorLabel: "API usage",
      source: "system",
      level: "info",
    });
    expect(event!.message).toMatch(
      /^API key “Dashboard” made 3 read requests returning 7 events in the hour from \d\d:00 UTC$/,
    );
    expect(reads.pending).toBe(0);
  });

  it("keeps each hour apart, and writes the open hour too when the process stops", async () => {
    const storeId = await createStore(handle.db);
    const reads = new ApiKeyReads();
    const key = { storeId, keyId: uuidv7(), keyName: "Sync" };
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    reads.add(key, 10, hour - HOUR + 5);
    reads.add(key, 3, hour + 5);
    reads.add(key, 2, hour + 10);
    expect(await reads.flush(handle.db, { now: hour + 20 })).toBe(1);
    expect(await reads.flush(handle.db, { now: hour + 30, all: true })).toBe(1);
    const events = await eventsOf(storeId, "activity.api_reads");
    expect(
      events.map((e) => e.payload).sort((a, b) => String(a.hourStart).localeCompare(String(b.hourStart))),
    ).toEqual([
      expect.objectContaining({ requests: 1, rows: 10, hourStart: new Date(hour - HOUR).toISOString() }),
      expect.objectContaining({ requests: 2, rows: 5, hourStart: new Date(hour).toISOString() }),
    ]);
  });
});
