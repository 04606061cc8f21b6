import { and, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type OrderStatus, orders } from "@/db/schema";
import { orderNeedsAttention } from "@/lib/activity/read/order-needs-attention";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

/** One row of the orders list. */
export type OrderListItem = {
  id: string;
  number: number;
  placedAt: Date;
  customerEmail: string;
  status: OrderStatus;
  totalAmount: number;
  currency: string;
  /** The order has unresolved warnings or errors in the activity log. */
  needsAttention: boolean;
};

export type OrderListPage = { items: OrderListItem[]; nextCursor: string | null };

export type ListOrdersOptions = {
  q?: string | null;
  /** Only orders still on their way: paid, submitted or in production. */
  inProgress?: boolean;
  cursor?: string | null;
  limit?: number;
};

/** An order "in progress": paid for and not yet shipped, delivered or cancelled. */
export const inProgressStatuses = ["paid", "submitted", "in_production"] as const satisfies OrderStatus[];

const MAX_ORDER_NUMBER = 2_147_483_647;

const Search = z
  .string()
  .trim()
  .max(200, "The search is longer than 200 characters; search by an order number or an email.")
  .regex(/^[^\p{Cc}]*$/u, "The search contains control characters; search by an order number or an email.");

/**
 * A cursor is the `(placed_at, id)` of the last order shown. `placed_at` is kept as text to the
 * microsecond (a JS Date keeps only milliseconds, and `now()` defaults are finer than that), so
 * orders placed within the same millisecond are neither skipped nor repeated.
 */
const CursorShape = z.tuple([z.iso.datetime({ precision: 6 }), z.uuid()]);

function encodeOrderCursor(placedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([placedAt, id])).toString("base64url");
}

function decodeOrderCursor(value: string): { placedAt: string; id: string } {
  try {
    const [placedAt, id] = CursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { placedAt, id };
  } catch {
    throw badRequest("The page cursor is not valid; start again from the newest orders.", "invalid_cursor");
  }
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `#1042` finds order 1042 only; `1042` finds order 1042 or an email containing "1042"; any
 * other text is a case-insensitive substring of the customer's email.
 */
function searchCondition(q: string): SQL | undefined {
  const hashed = /^#\s*(\d+)$/.exec(q);
  if (hashed) {
    const number = Number(hashed[1]);
    if (number < 1 || number > MAX_ORDER_NUMBER) {
      throw badRequest(`“${q}” is not an order number like #1042.`, "invalid_search");
    }
    return eq(orders.number, number);
  }
  const email = ilike(orders.customerEmail, `%${escapeLike(q)}%`);
  if (/^\d{1,10}$/.test(q) && Number(q) >= 1 && Number(q) <= MAX_ORDER_NUMBER) {
    return or(eq(orders.number, Number(q)), email);
  }
  return email;
}

/**
 * A store's orders, newest first `(placed_at desc, id desc)`, one page at a time, optionally
 * searched by number or email. Each row says whether the order needs attention: an `exists`
 * probe on the activity log with the predicate `countNeedsAttention` uses, so the list and the
 * badge agree.
 * A bad cursor or search is an AppError 400, never a database error.
 */
export async function listOrders(
  db: Db,
  storeId: string,
  options: ListOrdersOptions = {},
): Promise<OrderListPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 200);
  const conditions: (SQL | undefined)[] = [eq(orders.storeId, storeId)];

  if (options.q) {
    const parsed = Search.safeParse(options.q);
    if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message, "invalid_search");
    if (parsed.data) conditions.push(searchCondition(parsed.data));
  }
  if (options.inProgress) conditions.push(inArray(orders.status, [...inProgressStatuses]));
  if (options.cursor) {
    const cursor = decodeOrderCursor(options.cursor);
    conditions.push(
      sql`(${orders.placedAt}, ${orders.id}) < (${cursor.placedAt}::timestamptz, ${cursor.id}::uuid)`,
    );
  }

  const needsAttention = orderNeedsAttention(db, storeId, orders.id);

  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      placedAt: orders.placedAt,
      placedAtKey: sql<string>`to_char(${orders.placedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      customerEmail: orders.customerEmail,
      status: orders.status,
      totalAmount: orders.totalAmount,
      currency: orders.currency,
      needsAttention: sql<boolean>`${needsAttention}`.mapWith(Boolean),
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);

  const items = rows.slice(0, limit).map(({ placedAtKey: _, ...item }) => item);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeOrderCursor(last.placedAtKey, last.id) : null };
}

/** How many orders a store has in each status. */
export async function countOrdersByStatus(db: Db, storeId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: orders.status, value: count() })
    .from(orders)
    .where(and(eq(orders.storeId, storeId)))
    .groupBy(orders.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.value)]));
}
