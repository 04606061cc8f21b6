import { and, desc, eq, sql } from "drizzle-orm";
import { type OutboxEmail, orders, outboxEmails } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OutboxItem = OutboxEmail & { orderNumber: number | null };
export type OutboxPage = { items: OutboxItem[]; nextCursor: string | null };

/**
 * One page of a store's outbox, newest first: sorted by (sent_at desc, id desc), ids break ties.
 * `before` is the id of the last mail of the previous page (its `nextCursor`); the keyset is
 * read from that row in the database, so microsecond timestamps never lose precision in a URL.
 * A cursor from another store matches no row and yields an empty page; a malformed one is a 400.
 */
export async function listOutbox(
  db: Db,
  storeId: string,
  options: { limit?: number; before?: string | null } = {},
): Promise<OutboxPage> {
  if (options.before && !uuidPattern.test(options.before))
    throw badRequest("That page link is not valid.", "invalid_cursor");
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.before
    ? sql`(${outboxEmails.sentAt}, ${outboxEmails.id}) < (
        select c.sent_at, c.id from outbox_emails c where c.id = ${options.before} and c.store_id = ${storeId}
      )`
    : undefined;
  const rows = await db
    .select({ mail: outboxEmails, orderNumber: orders.number })
    .from(outboxEmails)
    .leftJoin(orders, and(eq(orders.id, outboxEmails.orderId), eq(orders.storeId, outboxEmails.storeId)))
    .where(and(eq(outboxEmails.storeId, storeId), after))
    .orderBy(desc(outboxEmails.sentAt), desc(outboxEmails.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r.mail, orderNumber: r.orderNumber }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}
