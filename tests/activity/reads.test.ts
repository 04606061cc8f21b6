import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRow } from "@/db/schema";
import {
  type ActivityContext,
  countNeedsAttention,
  encodeCursor,
  listActivity,
  listOrderTimeline,
  logEvent,
  resolveEvents,
} from "@/lib/activity";
import type { Db } from "@/lib/platform/db/types";
import {
  createStore,
  expectAppError,
  rowsOfStore,
  staffContext,
  systemContext,
} from "@/tests/helpers/activity-fixtures";
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

const at = (iso: string) => new Date(iso);

/** Every page of a filtered feed, following the cursors to the end. */
async function allPages(db: Db, storeId: string, filters: unknown, limit: number) {
  const pages: ActivityRow[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listActivity(db, storeId, filters, { cursor, limit });
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error("pagination does not end");
  } while (cursor);
  return pages;
}

/** Newest first: (occurred_at desc, id desc). */
function newestFirst(a: ActivityRow, b: ActivityRow) {
  const byTime = b.occurredAt.getTime() - a.occurredAt.getTime();
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("listOrderTimeline", () => {
  it("returns the order's events oldest first, ties broken by id", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const otherOrder = uuidv7();
    const tie = at("2025-03-01T10:00:00.000Z");
    // Logged out of order: the late webhook arrives first.
    const delivered = await logEvent(
      handle.db,
      activity,
      "order.delivered",
      {},
      { orderId, occurredAt: at("2025-03-05T09:00:00Z") },
    );
    const sameMs = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        logEvent(
          handle.db,
          activity,
          "order.submission_retried",
          { attempt: i + 1, maxAttempts: 5 },
          {
            orderId,
            occurredAt: tie,
          },
        ),
      ),
    );
    const created = await logEvent(
      handle.db,
      activity,
      "order.created",
      { amount: 2800, currency: "GBP" },
      { orderId, occurredAt: at("2025-02-28T08:00:00Z") },
    );
    await logEvent(handle.db, activity, "order.delivered", {}, { orderId: otherOrder });

    const timeline = await listOrderTimeline(handle.db, storeId, orderId);

    const tieIds = ids(sameMs).sort();
    expect(ids(timeline)).toEqual([created.id, ...tieIds, delivered.id]);
  });

  it("customerOnly returns only customer-visible events; debug events only when asked for", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const placed = await logEvent(
      handle.db,
      activity,
      "order.created",
      { amount: 100, currency: "GBP" },
      { orderId },
    );
    const note = await logEvent(
      handle.db,
      staffContext(storeId, uuidv7()),
      "order.note_added",
      { note: "VIP" },
      {
        orderId,
      },
    );
    const shipped = await logEvent(
      handle.db,
      activity,
      "order.shipped",
      { carrier: "DHL", trackingNumber: "1Z" },
      { orderId },
    );
    const hiddenShip = await logEvent(
      handle.db,
      activity,
      "order.shipped",
      { carrier: "DHL", trackingNumber: "2Z" },
      { orderId, visibility: "internal" },
    );
    const debug = await logEvent(
      handle.db,
      activity,
      "webhook.ignored",
      { provider: "Printify", type: "order:sent-to-production" },
      { orderId },
    );

    expect(ids(await listOrderTimeline(handle.db, storeId, orderId, { customerOnly: true }))).toEqual([
      placed.id,
      shipped.id,
    ]);
    expect(ids(await listOrderTimeline(handle.db, storeId, orderId))).toEqual([
      placed.id,
      note.id,
      shipped.id,
      hiddenShip.id,
    ]);
    expect(ids(await listOrderTimeline(handle.db, storeId, orderId, { includeDebug: true }))).toEqual([
      placed.id,
      note.id,
      shipped.id,
      hiddenShip.id,
      debug.id,
    ]);
  });
});

describe("listActivity filters", () => {
  let storeId: string;
  let other: string;
  const orderA = uuidv7();
  const orderB = uuidv7();
  const userId = uuidv7();
  const e: Record<string, string> = {};

  beforeAll(async () => {
    storeId = await createStore(handle.db);
    other = await createStore(handle.db);
    const sys = systemContext(storeId);
    const staff: ActivityContext = staffContext(storeId, userId, "Ana");
    const worker: ActivityContext = {
      storeId,
      actor: { type: "worker", id: "submit-worker", label: "Order submission worker" },
      source: "worker",
    };
    const log = async (name: string, promise: Promise<{ id: string }>) => {
      e[name] = (await promise).id;
    };
    await log(
      "created",
      logEvent(
        handle.db,
        sys,
        "order.created",
        { amount: 4300, currency: "GBP" },
        {
          orderId: orderA,
          occurredAt: at("2025-01-10T09:00:00Z"),
        },
      ),
    );
    await log(
      "paymentFailed",
      logEvent(
        handle.db,
        sys,
        "order.payment_failed",
        { reason: "card declined" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-11T09:00:00Z"),
        },
      ),
    );
    await log(
      "emailFailed",
      logEvent(
        handle.db,
        sys,
        "order.email.failed",
        { email: "confirmation", to: "c@example.com", reason: "SMTP timeout" },
        { orderId: orderA, occurredAt: at("2025-01-12T09:00:00Z") },
      ),
    );
    await log(
      "submissionFailed",
      logEvent(
        handle.db,
        worker,
        "order.submission_failed",
        { reason: "variant out of stock", attempt: 1, maxAttempts: 3, retryable: true, final: false },
        { orderId: orderA, occurredAt: at("2025-01-13T09:00:00Z") },
      ),
    );
    await log(
      "syncFailed",
      logEvent(
        handle.db,
        sys,
        "sync.failed",
        { reason: "Printify unreachable" },
        {
          occurredAt: at("2025-01-14T09:00:00Z"),
        },
      ),
    );
    await log(
      "productUpdated",
      logEvent(
        handle.db,
        staff,
        "product.updated",
        { title: "Mug" },
        {
          entity: { type: "product", id: "prod_1" },
          occurredAt: at("2025-01-15T09:00:00Z"),
        },
      ),
    );
    await log(
      "notePercent",
      logEvent(
        handle.db,
        staff,
        "order.note_added",
        { note: "shirt is 100% cotton" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-16T09:00:00Z"),
        },
      ),
    );
    await log(
      "noteDigits",
      logEvent(
        handle.db,
        staff,
        "order.note_added",
        { note: "shirt is 1000 cotton" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-16T10:00:00Z"),
        },
      ),
    );
    await log(
      "noteUnderscore",
      logEvent(
        handle.db,
        staff,
        "order.note_added",
        { note: "wrap as gift_box" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-16T11:00:00Z"),
        },
      ),
    );
    await log(
      "noteNoUnderscore",
      logEvent(
        handle.db,
        staff,
        "order.note_added",
        { note: "wrap as giftXbox" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-16T12:00:00Z"),
        },
      ),
    );
    await log(
      "noteBackslash",
      logEvent(
        handle.db,
        staff,
        "order.note_added",
        { note: "saved to C:\\temp" },
        {
          orderId: orderB,
          occurredAt: at("2025-01-16T13:00:00Z"),
        },
      ),
    );
    await log(
      "resolvedWarning",
      logEvent(
        handle.db,
        sys,
        "auth.login_failed",
        { email: "x@example.com", reason: "bad password", recentFailures: 3 },
        {
          occurredAt: at("2025-01-17T09:00:00Z"),
        },
      ),
    );
    await log(
      "debugWarning",
      logEvent(
        handle.db,
        sys,
        "auth.login_failed",
        { email: "y@example.com", reason: "bad password", recentFailures: 3 },
        {
          visibility: "debug",
          occurredAt: at("2025-01-18T09:00:00Z"),
        },
      ),
    );
    await log(
      "debugInfo",
      logEvent(
        handle.db,
        sys,
        "webhook.ignored",
        { provider: "Stripe", type: "charge.updated" },
        {
          orderId: orderA,
          occurredAt: at("2025-01-18T10:00:00Z"),
        },
      ),
    );
    await resolveEvents(handle.db, { storeId, userId }, { ids: [e.resolvedWarning!] });

    // The other store: same shapes, same order ids, same texts; must never show up.
    const otherSys = systemContext(other);
    await logEvent(
      handle.db,
      otherSys,
      "order.payment_failed",
      { reason: "card declined" },
      {
        orderId: orderA,
        occurredAt: at("2025-01-11T09:00:00Z"),
      },
    );
    await logEvent(
      handle.db,
      staffContext(other, userId, "Ana"),
      "order.note_added",
      { note: "100% cotton" },
      {
        orderId: orderB,
        occurredAt: at("2025-01-16T09:00:00Z"),
      },
    );
  });

  const feed = async (filters: unknown) => ids((await listActivity(handle.db, storeId, filters)).items);
  const named = (...names: string[]) => names.map((n) => e[n]!);

  it("without filters lists every non-debug event of the store, newest first", async () => {
    expect(await feed({})).toEqual(
      named(
        "resolvedWarning",
        "noteBackslash",
        "noteNoUnderscore",
        "noteUnderscore",
        "noteDigits",
        "notePercent",
        "productUpdated",
        "syncFailed",
        "submissionFailed",
        "emailFailed",
        "paymentFailed",
        "created",
      ),
    );
  });

  it("filters by level (array or comma-separated)", async () => {
    expect(await feed({ level: ["error"] })).toEqual(named("syncFailed", "emailFailed"));
    expect(await feed({ level: "warning,error" })).toEqual(
      named("resolvedWarning", "syncFailed", "submissionFailed", "emailFailed", "paymentFailed"),
    );
  });

  it("filters by exact event type and by prefix", async () => {
    expect(await feed({ type: "order.payment_failed" })).toEqual(named("paymentFailed"));
    expect(await feed({ type: "order.email.*" })).toEqual(named("emailFailed"));
    expect(await feed({ type: "order.*" })).toEqual(
      named(
        "noteBackslash",
        "noteNoUnderscore",
        "noteUnderscore",
        "noteDigits",
        "notePercent",
        "submissionFailed",
        "emailFailed",
        "paymentFailed",
        "created",
      ),
    );
    expect(await feed({ type: "sync.*" })).toEqual(named("syncFailed"));
    expect(await feed({ type: "order" })).toEqual([]);
  });

  it("filters by date range: from inclusive, to exclusive", async () => {
    expect(await feed({ from: "2025-01-12T09:00:00Z", to: "2025-01-14T09:00:00Z" })).toEqual(
      named("submissionFailed", "emailFailed"),
    );
    expect(await feed({ to: at("2025-01-11T09:00:00.001Z") })).toEqual(named("paymentFailed", "created"));
    expect(await feed({ from: "2025-01-17" })).toEqual(named("resolvedWarning"));
  });

  it("filters by text, case-insensitively, with % _ and \\ taken literally", async () => {
    expect(await feed({ q: "SHIRT" })).toEqual(named("noteDigits", "notePercent"));
    expect(await feed({ q: "100%" })).toEqual(named("notePercent"));
    expect(await feed({ q: "gift_box" })).toEqual(named("noteUnderscore"));
    expect(await feed({ q: "C:\\t" })).toEqual(named("noteBackslash"));
    expect(await feed({ q: "%" })).toEqual(named("notePercent"));
    expect(await feed({ q: "_" })).toEqual(named("noteUnderscore"));
  });

  it("filters by order, entity and actor", async () => {
    expect(await feed({ orderId: orderA })).toEqual(named("submissionFailed", "emailFailed", "created"));
    expect(await feed({ entityType: "product" })).toEqual(named("productUpdated"));
    expect(await feed({ entityType: "product", entityId: "prod_1" })).toEqual(named("productUpdated"));
    expect(await feed({ entityType: "order", entityId: orderA })).toEqual(
      named("submissionFailed", "emailFailed", "created"),
    );
    expect(await feed({ entityId: "prod_2" })).toEqual([]);
    expect(await feed({ actorType: "worker" })).toEqual(named("submissionFailed"));
    expect(await feed({ actorType: "user", actorId: userId })).toEqual(
      named(
        "noteBackslash",
        "noteNoUnderscore",
        "noteUnderscore",
        "noteDigits",
        "notePercent",
        "productUpdated",
      ),
    );
    expect(await feed({ actorId: "submit-worker" })).toEqual(named("submissionFailed"));
  });

  it("filters to what needs attention: unresolved warnings and errors, never debug", async () => {
    const expected = named("syncFailed", "submissionFailed", "emailFailed", "paymentFailed");
    expect(await feed({ needsAttention: true })).toEqual(expected);
    expect(await feed({ needsAttention: "true" })).toEqual(expected);
    expect(await feed({ needsAttention: "1", type: "order.*", level: "error" })).toEqual(
      named("emailFailed"),
    );
    expect(await feed({ needsAttention: "false" })).toHaveLength(12);
    expect(await countNeedsAttention(handle.db, storeId)).toBe(4);
  });

  it("combines filters", async () => {
    expect(await feed({ type: "order.*", level: "warning", orderId: orderB })).toEqual(
      named("paymentFailed"),
    );
    expect(await feed({ q: "cotton", actorType: "user", from: "2025-01-16T09:30:00Z" })).toEqual(
      named("noteDigits"),
    );
  });

  it("never shows debug events in the feed or the count", async () => {
    const all = (await listActivity(handle.db, storeId, {}, { limit: 200 })).items;
    expect(all.some((r) => r.visibility === "debug")).toBe(false);
    expect(await feed({ type: "webhook.*" })).toEqual([]);
    expect(await feed({ type: "auth.login_failed" })).toEqual(named("resolvedWarning"));
    // They are stored, though.
    const stored = await rowsOfStore(handle.db, storeId);
    expect(stored.filter((r) => r.visibility === "debug").map((r) => r.id)).toEqual(
      named("debugWarning", "debugInfo"),
    );
  });

  it.each([
    ["an unknown level", { level: "fatal" }],
    ["a malformed type", { type: "Order Shipped!" }],
    ["a double wildcard", { type: "order.*.*" }],
    ["a non-uuid order id", { orderId: "1234" }],
    ["an unparseable date", { from: "yesterday-ish" }],
    ["an unknown actor type", { actorType: "robot" }],
    ["a too long text", { q: "x".repeat(201) }],
    ["a bad needsAttention flag", { needsAttention: "maybe" }],
  ])("rejects %s with a 400", async (_name, filters) => {
    await expectAppError(listActivity(handle.db, storeId, filters), 400, "invalid_filter");
  });
});

describe("store isolation", () => {
  it("no read path returns or touches another store's rows, even given that store's ids", async () => {
    const storeA = await createStore(handle.db);
    const storeB = await createStore(handle.db);
    const orderA = uuidv7();
    const userId = uuidv7();
    const warnA = await logEvent(
      handle.db,
      systemContext(storeA),
      "order.payment_failed",
      { reason: "declined" },
      {
        orderId: orderA,
      },
    );
    const infoA = await logEvent(
      handle.db,
      staffContext(storeA, userId),
      "order.note_added",
      { note: "hello" },
      {
        orderId: orderA,
        entity: { type: "order", id: orderA },
      },
    );
    const warnB = await logEvent(handle.db, systemContext(storeB), "sync.failed", { reason: "down" });

    // Timeline: A's order seen from B is empty.
    expect(await listOrderTimeline(handle.db, storeB, orderA)).toEqual([]);
    expect(await listOrderTimeline(handle.db, storeB, orderA, { includeDebug: true })).toEqual([]);
    expect(ids(await listOrderTimeline(handle.db, storeA, orderA))).toEqual([warnA.id, infoA.id]);

    // Feed: every filter, given A's ids, from B.
    for (const filters of [
      {},
      { orderId: orderA },
      { entityType: "order", entityId: orderA },
      { actorType: "user", actorId: userId },
      { q: "hello" },
      { type: "order.*" },
      { level: "warning" },
      { needsAttention: true },
      { from: "2000-01-01", to: "2100-01-01" },
    ]) {
      const rows = (await listActivity(handle.db, storeB, filters, { limit: 200 })).items;
      expect(rows.every((r) => r.storeId === storeB)).toBe(true);
      expect(ids(rows)).not.toContain(warnA.id);
      expect(ids(rows)).not.toContain(infoA.id);
    }
    expect(ids((await listActivity(handle.db, storeB, {})).items)).toEqual([warnB.id]);

    // Count: one each.
    expect(await countNeedsAttention(handle.db, storeA)).toBe(1);
    expect(await countNeedsAttention(handle.db, storeB)).toBe(1);

    // Resolve: B cannot resolve A's warning.
    const attempt = await resolveEvents(handle.db, { storeId: storeB, userId }, { ids: [warnA.id] });
    expect(attempt).toEqual({ resolved: [], skipped: [warnA.id] });
    const [rowA] = (await rowsOfStore(handle.db, storeA)).filter((r) => r.id === warnA.id);
    expect(rowA?.resolvedAt).toBeNull();
    expect(await countNeedsAttention(handle.db, storeA)).toBe(1);
  });

  it("keeps a paginated feed in its store whatever the cursor says", async () => {
    const storeA = await createStore(handle.db);
    const storeB = await createStore(handle.db);
    const a = await logEvent(handle.db, systemContext(storeA), "sync.started", {});
    const b1 = await logEvent(handle.db, systemContext(storeB), "sync.started", {});
    const b2 = await logEvent(handle.db, systemContext(storeB), "sync.completed", {
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    const first = await listActivity(handle.db, storeB, {}, { limit: 1 });
    expect(ids(first.items)).toEqual([b2.id]);
    const second = await listActivity(handle.db, storeB, {}, { cursor: first.nextCursor, limit: 1 });
    expect(ids(second.items)).toEqual([b1.id]);
    expect(second.nextCursor).toBeNull();
    // A cursor pointing past A's row still pages within B.
    const cursor = encodeCursor({ occurredAt: new Date(Date.now() + 60_000), id: a.id });
    expect(ids((await listActivity(handle.db, storeB, {}, { cursor })).items)).toEqual([b2.id, b1.id]);
  });
});

describe("keyset pagination", () => {
  let storeId: string;
  let expected: ActivityRow[];
  const tie = at("2025-06-01T12:00:00.000Z");

  beforeAll(async () => {
    storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    // 1,000 events in one millisecond (a bulk import), half of them warnings, plus a few on
    // either side of it.
    const shared = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0
        ? logEvent(handle.db, activity, "order.note_added", { note: `bulk ${i}` }, { occurredAt: tie })
        : logEvent(handle.db, activity, "order.payment_failed", { reason: `bulk ${i}` }, { occurredAt: tie }),
    );
    const around = Array.from({ length: 10 }, (_, i) =>
      logEvent(
        handle.db,
        activity,
        "order.payment_failed",
        { reason: `around ${i}` },
        {
          occurredAt: new Date(tie.getTime() + (i % 2 === 0 ? -1 : 1) * (i + 1)),
        },
      ),
    );
    const results = await Promise.all([...shared, ...around]);
    expect(results.every((r) => r.status === "written")).toBe(true);
    expected = (await rowsOfStore(handle.db, storeId)).sort(newestFirst);
    expect(expected).toHaveLength(1010);
  });

  it("returns every row exactly once, in (occurred_at desc, id desc) order, across pages of 7", async () => {
    const pages = await allPages(handle.db, storeId, {}, 7);
    expect(pages).toHaveLength(Math.ceil(1010 / 7));
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    const seen = pages.flat();
    expect(new Set(ids(seen)).size).toBe(1010);
    expect(ids(seen)).toEqual(ids(expected));
  });

  it("paginates a filtered feed the same way", async () => {
    const warnings = expected.filter((r) => r.level === "warning");
    expect(warnings).toHaveLength(510);
    const seen = (await allPages(handle.db, storeId, { level: "warning" }, 7)).flat();
    expect(ids(seen)).toEqual(ids(warnings));

    const bulkText = expected.filter((r) => r.message.includes("bulk 9"));
    const byText = (await allPages(handle.db, storeId, { q: "bulk 9", needsAttention: true }, 7)).flat();
    expect(ids(byText)).toEqual(ids(bulkText.filter((r) => r.level === "warning")));
  });

  it("ends with a null cursor and clamps the page size", async () => {
    const first = await listActivity(handle.db, storeId, {}, { limit: 0 });
    expect(first.items).toHaveLength(1);
    const big = await listActivity(handle.db, storeId, {}, { limit: 10_000 });
    expect(big.items).toHaveLength(200);
    const small = await createStore(handle.db);
    await logEvent(handle.db, systemContext(small), "sync.started", {});
    expect((await listActivity(handle.db, small, {}, { limit: 1 })).nextCursor).toBeNull();
  });

  it.each([
    ["garbage", "not-a-cursor!!"],
    ["valid base64 of something else", Buffer.from("hello").toString("base64url")],
    [
      "a bad id",
      Buffer.from(JSON.stringify(["2025-06-01T12:00:00.000Z", "x' or 1=1 --"])).toString("base64url"),
    ],
    ["a bad date", Buffer.from(JSON.stringify(["yesterday", uuidv7()])).toString("base64url")],
    [
      "a wrong shape",
      Buffer.from(JSON.stringify({ occurredAt: "2025-06-01T12:00:00.000Z" })).toString("base64url"),
    ],
  ])("answers a tampered cursor (%s) with a 400", async (_name, cursor) => {
    await expectAppError(listActivity(handle.db, storeId, {}, { cursor, limit: 7 }), 400, "invalid_cursor");
  });
});

describe("a feed whose pages span the month it first reads", () => {
  it("returns the same pages whether the newest month fills them or not", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const day = 86_400_000;
    const now = Date.now();
    // Around the 31 days a page's first read covers, and far before it.
    const ages = [0, 1, 29, 30.9, 31.1, 32, 60, 400, 401];
    for (const [i, age] of ages.entries())
      await logEvent(
        handle.db,
        activity,
        "order.note_added",
        { note: `age ${i}` },
        {
          occurredAt: new Date(now - age * day - i),
        },
      );
    const expected = (await rowsOfStore(handle.db, storeId)).sort(newestFirst);
    expect(expected).toHaveLength(ages.length);
    for (const limit of [1, 2, 3, 4, 8, 9, 50]) {
      const seen = (await allPages(handle.db, storeId, {}, limit)).flat();
      expect(ids(seen)).toEqual(ids(expected));
    }
    // Bounded by dates on either side of the month, the pages are still the filtered rows.
    const from = new Date(now - 100 * day);
    const to = new Date(now - 0.5 * day);
    const bounded = expected.filter((r) => r.occurredAt >= from && r.occurredAt < to);
    expect(bounded).toHaveLength(6);
    for (const limit of [1, 2, 6])
      expect(ids((await allPages(handle.db, storeId, { from, to }, limit)).flat())).toEqual(ids(bounded));
  });
});
