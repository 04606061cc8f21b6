import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRow, NewActivityRow } from "@/db/schema";
import { uuidv7 } from "@/db/schema/ids";
import { listActivity } from "@/lib/activity";
import { backslashUndoubler, csvColumns, exportActivity } from "@/lib/activity/export/export-activity";
import { insertActivityRows } from "@/lib/activity/write/insert-rows";
import { exportEventsEndpoint } from "@/lib/http/api/endpoints/export-events";
import { eventJson } from "@/lib/http/api/event-json";
import { createStore } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { callApi, keyFor } from "../api/api-fixtures";

let handle: TestDatabase;
let store: string;
let other: string;
const ROWS = 6000;

const tricky = [
  "Plain message",
  'Quotes "inside", and commas, too',
  "Two\nlines\r\nand a CR",
  "Unicode: café ✓ 日本 🚚",
  '=HYPERLINK("http://evil")',
  "+1 refund",
  "-5 items",
  "@SUM(A1)",
  "\tTabbed",
  "",
  `${String.raw`Back\slashes: C:\temp\new, a \"quoted\" one, and one at the end `}\\`,
];

function row(storeId: string, i: number, base: number): NewActivityRow {
  // Groups of three share a timestamp, so pages must break ties by id.
  const occurredAt = new Date(base - Math.floor(i / 3) * 1000);
  const level = i % 10 === 0 ? "error" : i % 7 === 0 ? "warning" : "info";
  return {
    id: uuidv7(),
    storeId,
    eventType: i % 5 === 0 ? "sync.failed" : "order.note_added",
    level,
    message: `${tricky[i % tricky.length]} #${i}`,
    entityType: "order",
    entityId: `e-${i}`,
    orderId: null,
    actorType: i % 2 ? "user" : "system",
    actorId: i % 2 ? "u1" : null,
    actorLabel: i % 3 ? 'Ana, "the" manager' : "=cmd",
    source: "admin",
    visibility: i % 50 === 0 ? "debug" : i % 4 === 0 ? "customer" : "internal",
    payload: { i, note: tricky[i % tricky.length], nested: { list: [1, "two", null] } },
    changes: i % 9 === 0 ? { status: { old: "paid", new: "shipped" } } : null,
    correlationId: i % 11 === 0 ? `corr-${i}` : null,
    dedupeKey: null,
    ipAddress: null,
    userAgent: null,
    occurredAt,
    resolvedAt: level !== "info" && i % 3 === 0 ? new Date(base) : null,
    resolvedBy: null,
    resolutionNote: level !== "info" && i % 3 === 0 ? 'done, "quoted"' : null,
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Every row `listActivity` pages through for these filters: what an export must equal. */
async function expected(filters: Record<string, unknown>): Promise<ActivityRow[]> {
  const all: ActivityRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await listActivity(handle.db, store, filters, { cursor, limit: 200 });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const unguard = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  store = await createStore(handle.db, "Export store");
  other = await createStore(handle.db, "Other store");
  const base = Date.parse("2026-03-01T12:00:00Z");
  const rows = Array.from({ length: ROWS }, (_, i) => row(store, i, base));
  for (let i = 0; i < rows.length; i += 1000) await insertActivityRows(handle.db, rows.slice(i, i + 1000));
  await insertActivityRows(
    handle.db,
    Array.from({ length: 50 }, (_, i) => row(other, i, base)),
  );
});
afterAll(() => handle?.dispose());

describe("backslashUndoubler", () => {
  it("makes every doubled backslash one, also across chunk boundaries", () => {
    const input = String.raw`a\\b\\\\c\\`; // what COPY writes for a\b\\c\
    const want = `${String.raw`a\b\\c`}\\`;
    for (let cut = 0; cut <= input.length; cut++) {
      const undouble = backslashUndoubler();
      const out = Buffer.concat([
        undouble(Buffer.from(input.slice(0, cut))),
        undouble(Buffer.from(input.slice(cut))),
      ]).toString();
      expect(out, `cut at ${cut}`).toBe(want);
    }
  });
});

describe("exportActivity", () => {
  // Chunked, and (on the server) straight from COPY: the same file either way.
  it.each([
    ["in chunks", { chunkRows: 700 }],
    ["as the app does it (COPY on the server)", {}],
  ])("CSV %s parses back to exactly the rows of the feed, in its order", async (_how, options) => {
    const want = await expected({});
    expect(want.length).toBe(ROWS - ROWS / 50);
    const text = await readAll(exportActivity(handle.db, store, {}, "csv", options));
    const [header, ...records] = parse(text, { relax_column_count: false }) as string[][];
    expect(header).toEqual([...csvColumns]);
    expect(records).toHaveLength(want.length);
    records.forEach((cells, i) => {
      const r = want[i]!;
      const get = (name: (typeof csvColumns)[number]) => cells[csvColumns.indexOf(name)]!;
      expect(get("id")).toBe(r.id);
      expect(unguard(get("message"))).toBe(r.message);
      expect(unguard(get("actor_label"))).toBe(r.actorLabel);
      expect(get("occurred_at")).toBe(r.occurredAt.toISOString());
      expect(JSON.parse(get("payload"))).toEqual(r.payload);
      expect(get("changes") ? JSON.parse(get("changes")) : null).toEqual(r.changes);
      expect(get("resolved_at")).toBe(r.resolvedAt?.toISOString() ?? "");
      expect(unguard(get("resolution_note"))).toBe(r.resolutionNote ?? "");
      expect(get("visibility")).not.toBe("debug");
    });
    // Spreadsheet formulas are defused.
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toContain("'=HYPERLINK");
  });

  it.each([
    ["in chunks", { chunkRows: 97 }],
    ["as the app does it (COPY on the server)", {}],
  ])("NDJSON %s has one API-shaped event per line, filtered like the feed", async (_how, options) => {
    const filters = { level: ["warning", "error"], type: "order.*" };
    const want = await expected(filters);
    expect(want.length).toBeGreaterThan(100);
    expect(want.some((r) => r.message.includes(String.raw`C:\temp`))).toBe(true);
    const text = await readAll(exportActivity(handle.db, store, filters as never, "ndjson", options));
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(want.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(
      want.map((r) => JSON.parse(JSON.stringify(eventJson(r)))),
    );
  });

  it("a CSV reader that leaves early stops the export, and the database carries on", async () => {
    const reader = exportActivity(handle.db, store, {}, "csv").getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
    // The pool is healthy: the next exports and queries work.
    const again = await readAll(exportActivity(handle.db, store, { level: ["error"] }, "csv"));
    const [, ...records] = parse(again) as string[][];
    expect(records).toHaveLength((await expected({ level: ["error"] })).length);
  });

  it("stops querying when the reader cancels", async () => {
    const stream = exportActivity(handle.db, store, {}, "ndjson", { chunkRows: 100 });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    const after = await reader.read();
    expect(after.done).toBe(true);
  });
});

describe("GET /api/v1/activity/export", () => {
  it("streams the key's store only, with the row count; bad parameters are a 400", async () => {
    const { memberships, users } = await import("@/db/schema");
    const [user] = await handle.db
      .insert(users)
      .values({ email: "o@export.test", name: "O", passwordHash: "x" })
      .returning();
    await handle.db.insert(memberships).values({ userId: user!.id, storeId: store, role: "owner" });
    const key = await keyFor(handle.db, store, user!.id, ["activity:read"]);
    const r = await callApi(handle.db, exportEventsEndpoint, "activity:read", {
      key,
      path: "/api/v1/activity/export?format=ndjson&level=error",
    });
    expect(r.status).toBe(200);
    expect(Number(r.headers.get("x-export-rows"))).toBe((await expected({ level: ["error"] })).length);
    expect(r.headers.get("content-disposition")).toMatch(
      /attachment; filename="activity-t-[a-f0-9]+-\d{4}-\d{2}-\d{2}\.ndjson"/,
    );
    for (const query of ["format=xml", "level=nope", "cursor=abc", "limit=5", "bogus=1"]) {
      const bad = await callApi(handle.db, exportEventsEndpoint, "activity:read", {
        key,
        path: `/api/v1/activity/export?${query}`,
      });
      expect(bad.status, query).toBe(400);
      expect(bad.json.error.message).toBeTruthy();
    }
    // Fuzzed query strings: a 200 stream or a 400 with a message, never anything else.
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom("format", "level", "type", "from", "to", "q", "order", "needs_attention", "x"),
          fc.oneof(
            fc.string(),
            fc.constantFrom("csv", "ndjson", "error", "order.*", "2026-03-01", "true", "#12"),
          ),
          { maxKeys: 4 },
        ),
        async (params) => {
          const query = new URLSearchParams(params).toString();
          const res = await callApi(handle.db, exportEventsEndpoint, "activity:read", {
            key,
            path: `/api/v1/activity/export?${query}`,
            unlimited: true,
          });
          expect([200, 400, 404], query).toContain(res.status);
          if (res.status !== 200) expect(res.json.error.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
