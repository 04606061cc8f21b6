import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderStatus, orders } from "@/db/schema";
import { logEvent, resolveEvents } from "@/lib/activity";
import { listOrders, type OrderListItem } from "@/lib/orders/list-orders";
import type { Db } from "@/lib/platform/db/types";
import { createStore, expectAppError, systemContext } from "@/tests/helpers/activity-fixtures";
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

let nextNumber = 5000;

async function createOrder(
  db: Db,
  storeId: string,
  values: { number?: number; email?: string; placedAt?: Date; status?: OrderStatus } = {},
): Promise<{ id: string; number: number }> {
  const [row] = await db
    .insert(orders)
    .values({
      storeId,
      number: values.number ?? nextNumber++,
      status: values.status ?? "paid",
      currency: "GBP",
      totalAmount: 2800,
      customerEmail: values.email ?? "customer@example.com",
      publicToken: randomBytes(24).toString("base64url"),
      ...(values.placedAt ? { placedAt: values.placedAt } : {}),
    })
    .returning({ id: orders.id, number: orders.number });
  return row!;
}

/** Every page of the list, following the cursors to the end. */
async function allPages(storeId: string, options: { q?: string; limit: number }) {
  const pages: OrderListItem[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listOrders(handle.db, storeId, { ...options, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error("pagination does not end");
  } while (cursor);
  return pages;
}

const numbers = (items: { number: number }[]) => items.map((o) => o.number);
const at = (iso: string) => new Date(iso);

describe("listOrders ordering and pagination", () => {
  it("lists newest first, ties on placed_at by id, and pages to the end without repeats or gaps", async () => {
    const storeId = await createStore(handle.db);
    const tie = at("2026-03-01T10:00:00.000Z");
    const created = [
      await createOrder(handle.db, storeId, { placedAt: at("2026-02-27T09:00:00Z") }),
      ...(await Promise.all(
        Array.from({ length: 7 }, () => createOrder(handle.db, storeId, { placedAt: tie })),
      )),
      await createOrder(handle.db, storeId, { placedAt: at("2026-03-02T08:00:00Z") }),
      await createOrder(handle.db, storeId, { placedAt: at("2026-03-03T08:00:00Z") }),
    ];
    const [oldest, ...rest] = created;
    const tied = rest.slice(0, 7).sort((a, b) => (a.id < b.id ? 1 : -1));
    const expected = [created[9]!, created[8]!, ...tied, oldest!].map((o) => o.number);

    const everything = await listOrders(handle.db, storeId, { limit: 50 });
    expect(numbers(everything.items)).toEqual(expected);
    expect(everything.nextCursor).toBeNull();

    for (const limit of [1, 2, 3, 4, 10]) {
      const pages = await allPages(storeId, { limit });
      expect(numbers(pages.flat()), `limit ${limit}`).toEqual(expected);
      expect(pages.every((page) => page.length <= limit && page.length > 0)).toBe(true);
    }
  });

  it("keeps orders placed within the same millisecond apart (placed_at is microseconds)", async () => {
    const storeId = await createStore(handle.db);
    const a = await createOrder(handle.db, storeId);
    const b = await createOrder(handle.db, storeId);
    const c = await createOrder(handle.db, storeId);
    // b is the newest, a and c share the same millisecond but not the same microsecond.
    await handle.query("update orders set placed_at = $1 where id = $2", [
      "2026-03-01T10:00:00.123100Z",
      a.id,
    ]);
    await handle.query("update orders set placed_at = $1 where id = $2", [
      "2026-03-01T10:00:00.123900Z",
      b.id,
    ]);
    await handle.query("update orders set placed_at = $1 where id = $2", [
      "2026-03-01T10:00:00.123500Z",
      c.id,
    ]);

    const pages = await allPages(storeId, { limit: 1 });
    expect(numbers(pages.flat())).toEqual([b.number, c.number, a.number]);
  });

  it("returns the row fields the list shows", async () => {
    const storeId = await createStore(handle.db);
    const placedAt = at("2026-01-05T12:30:00Z");
    const order = await createOrder(handle.db, storeId, { email: "Sam@Example.com", placedAt });
    const { items } = await listOrders(handle.db, storeId, { limit: 10 });
    expect(items).toEqual([
      {
        id: order.id,
        number: order.number,
        placedAt,
        customerEmail: "Sam@Example.com",
        status: "paid",
        totalAmount: 2800,
        currency: "GBP",
        needsAttention: false,
      },
    ]);
  });
});

describe("listOrders search", () => {
  let storeId: string;
  let other: string;
  const o: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    storeId = await createStore(handle.db);
    other = await createStore(handle.db, "Other store");
    o.n1042 = await createOrder(handle.db, storeId, {
      number: 1042,
      email: "ada@lovelace.example",
      placedAt: at("2026-03-01T10:00:00Z"),
    });
    o.n1043 = await createOrder(handle.db, storeId, {
      number: 1043,
      email: "Grace.Hopper@Navy.example",
      placedAt: at("2026-03-02T10:00:00Z"),
    });
    o.digits = await createOrder(handle.db, storeId, {
      number: 1100,
      email: "fan1042@mail.example",
      placedAt: at("2026-03-03T10:00:00Z"),
    });
    o.percent = await createOrder(handle.db, storeId, {
      number: 1101,
      email: "100%_real@odd.example",
      placedAt: at("2026-03-04T10:00:00Z"),
    });
    // Same number and email in another store: never found from this one.
    o.theirs = await createOrder(handle.db, other, { number: 1042, email: "ada@lovelace.example" });
  });

  const search = async (q: string, limit = 50) =>
    numbers((await listOrders(handle.db, storeId, { q, limit })).items);

  it("finds an order by number, with or without #", async () => {
    expect(await search("#1042")).toEqual([1042]);
    expect(await search("# 1043")).toEqual([1043]);
    expect(await search("  #1043  ")).toEqual([1043]);
    expect(await search("#9999")).toEqual([]);
  });

  it("a bare number also matches emails containing it", async () => {
    expect(await search("1042")).toEqual([1100, 1042]);
    expect(await search("1043")).toEqual([1043]);
  });

  it("finds by email, case-insensitively, as a prefix or a substring", async () => {
    expect(await search("ADA@")).toEqual([1042]);
    expect(await search("grace.hopper@navy.example")).toEqual([1043]);
    expect(await search("hopper")).toEqual([1043]);
    expect(await search(".example")).toEqual([1101, 1100, 1043, 1042]);
    expect(await search("nobody@")).toEqual([]);
  });

  it("treats LIKE wildcards in the search as plain text", async () => {
    expect(await search("%")).toEqual([1101]);
    expect(await search("_")).toEqual([1101]);
    expect(await search("0%_r")).toEqual([1101]);
  });

  it("pages through search results with the same cursor rules", async () => {
    const pages = await allPages(storeId, { q: ".example", limit: 3 });
    expect(pages.map(numbers)).toEqual([[1101, 1100, 1043], [1042]]);
  });

  it("a blank search lists everything", async () => {
    expect(await search("   ")).toEqual([1101, 1100, 1043, 1042]);
  });

  it("refuses a malformed search with a 400", async () => {
    const long = await expectAppError(
      listOrders(handle.db, storeId, { q: "a".repeat(201), limit: 10 }),
      400,
      "invalid_search",
    );
    expect(long.message).toMatch(/200 characters/);
    await expectAppError(
      listOrders(handle.db, storeId, { q: "ada\u0000", limit: 10 }),
      400,
      "invalid_search",
    );
    const huge = await expectAppError(
      listOrders(handle.db, storeId, { q: "#99999999999", limit: 10 }),
      400,
      "invalid_search",
    );
    expect(huge.message).toMatch(/not an order number/);
    // A bare number too large to be an order number is still a fine email search.
    expect(await search("99999999999")).toEqual([]);
  });

  it("never shows another store's orders", async () => {
    const mine = (await listOrders(handle.db, storeId, { limit: 50 })).items.map((i) => i.id);
    expect(mine).not.toContain(o.theirs!.id);
    expect(mine).toHaveLength(4);
    const theirs = await listOrders(handle.db, other, { q: "1042", limit: 50 });
    expect(theirs.items.map((i) => i.id)).toEqual([o.theirs!.id]);
  });
});

describe("listOrders needs-attention marker", () => {
  it("marks orders with unresolved warnings or errors, not resolved ones, info, debug or other stores'", async () => {
    const storeId = await createStore(handle.db);
    const other = await createStore(handle.db, "Other store");
    const activity = systemContext(storeId);
    const placedAt = (day: number) => ({ placedAt: at(`2026-04-0${day}T10:00:00Z`) });
    const warned = await createOrder(handle.db, storeId, placedAt(1));
    const resolved = await createOrder(handle.db, storeId, placedAt(2));
    const infoOnly = await createOrder(handle.db, storeId, placedAt(3));
    const errored = await createOrder(handle.db, storeId, placedAt(4));
    const quiet = await createOrder(handle.db, storeId, placedAt(5));
    const debugOnly = await createOrder(handle.db, storeId, placedAt(6));
    const foreign = await createOrder(handle.db, storeId, placedAt(7));

    await logEvent(
      handle.db,
      activity,
      "order.created",
      { amount: 2800, currency: "GBP" },
      { orderId: warned.id },
    );
    await logEvent(
      handle.db,
      activity,
      "order.payment_failed",
      { reason: "Card declined" },
      { orderId: warned.id },
    );
    const toResolve = await logEvent(
      handle.db,
      activity,
      "order.payment_failed",
      { reason: "Card declined" },
      { orderId: resolved.id },
    );
    await resolveEvents(handle.db, { storeId, userId: null }, { ids: [toResolve.id], note: "Paid by phone" });
    await logEvent(
      handle.db,
      activity,
      "order.created",
      { amount: 2800, currency: "GBP" },
      { orderId: infoOnly.id },
    );
    await logEvent(
      handle.db,
      activity,
      "order.payment_failed",
      { reason: "Card declined" },
      { orderId: debugOnly.id, visibility: "debug" },
    );
    await logEvent(
      handle.db,
      activity,
      "order.submission_failed",
      {
        provider: "Printify",
        reason: "Printify is down",
        attempt: 5,
        maxAttempts: 5,
        retryable: false,
        final: true,
      },
      { orderId: errored.id },
    );
    // A warning about this order's id written in another store does not count here.
    await logEvent(
      handle.db,
      systemContext(other),
      "order.payment_failed",
      { reason: "Card declined" },
      { orderId: foreign.id },
    );

    const { items } = await listOrders(handle.db, storeId, { limit: 50 });
    const marked = Object.fromEntries(items.map((i) => [i.id, i.needsAttention]));
    expect(marked).toEqual({
      [warned.id]: true,
      [resolved.id]: false,
      [infoOnly.id]: false,
      [errored.id]: true,
      [quiet.id]: false,
      [debugOnly.id]: false,
      [foreign.id]: false,
    });
  });
});

describe("listOrders cursors", () => {
  it("refuses a malformed or tampered cursor with a 400", async () => {
    const storeId = await createStore(handle.db);
    await createOrder(handle.db, storeId);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "not-a-cursor",
      "%%%",
      encode(["2026-03-01T10:00:00.000000Z"]),
      encode(["yesterday", "0197a000-0000-7000-8000-000000000001"]),
      encode(["2026-03-01T10:00:00.000000Z", "not-a-uuid"]),
      encode({ placedAt: "2026-03-01T10:00:00.000000Z", id: "0197a000-0000-7000-8000-000000000001" }),
      encode(["2026-03-01T10:00:00.000000Z", "0197a000-0000-7000-8000-000000000001", "extra"]),
    ]) {
      const error = await expectAppError(
        listOrders(handle.db, storeId, { cursor, limit: 10 }),
        400,
        "invalid_cursor",
      );
      expect(error.message).toMatch(/cursor is not valid/);
    }
  });

  it("a cursor past the oldest order gives an empty last page", async () => {
    const storeId = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId, { placedAt: at("2026-03-01T10:00:00Z") });
    const first = await listOrders(handle.db, storeId, { limit: 1 });
    expect(numbers(first.items)).toEqual([order.number]);
    expect(first.nextCursor).toBeNull();
    const cursor = Buffer.from(JSON.stringify(["2026-03-01T10:00:00.000000Z", order.id])).toString(
      "base64url",
    );
    const after = await listOrders(handle.db, storeId, { cursor, limit: 10 });
    expect(after).toEqual({ items: [], nextCursor: null });
  });
});

describe("listOrders in progress", () => {
  it("keeps only orders still on their way: paid, submitted or in production", async () => {
    const storeId = await createStore(handle.db);
    const statuses: OrderStatus[] = [
      "pending",
      "paid",
      "submitted",
      "in_production",
      "shipped",
      "delivered",
      "cancelled",
    ];
    const made = new Map<number, OrderStatus>();
    for (const [i, status] of statuses.entries()) {
      const order = await createOrder(handle.db, storeId, {
        status,
        placedAt: new Date(Date.UTC(2026, 2, 1 + i)),
      });
      made.set(order.number, status);
    }
    const { items } = await listOrders(handle.db, storeId, { inProgress: true, limit: 50 });
    expect(items.map((o) => made.get(o.number))).toEqual(["in_production", "submitted", "paid"]);
  });
});
