import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import { parseFeedParams } from "@/lib/activity/read/parse-feed-params";
import { resolveFeedFilters } from "@/lib/orders/resolve-feed-filters";
import { badRequest, notFound } from "@/lib/platform/errors";
import type { ApiCaller } from "../handle-api-request";
import { ListQuery } from "../schemas";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Query parameters → feed filters, strictly: any bad value is a 400 that names it, an order
 * number the store does not have is a 404. `from`/`to` are a day in the store's time zone (as
 * on the activity page) or an ISO-8601 instant.
 */
export async function parseListQuery(caller: ApiCaller, url: URL, extra: Partial<ActivityFilters> = {}) {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    raw[key] = values.length > 1 ? values : values[0]!;
  }
  const query = ListQuery.parse(raw);
  const instants: Partial<ActivityFilters> = {};
  const days: Record<string, string | string[] | undefined> = {
    level: query.level,
    type: query.type,
    q: query.q,
    order: query.order,
    tab: query.needs_attention === "true" ? "attention" : undefined,
  };
  for (const field of ["from", "to"] as const) {
    const value = query[field];
    if (value === undefined) continue;
    if (ISO_INSTANT.test(value)) {
      const at = new Date(value);
      if (Number.isNaN(at.getTime()))
        throw badRequest(`${field}: not a valid ISO-8601 time`, "invalid_filter");
      instants[field] = at;
    } else days[field] = value;
  }
  const parsed = parseFeedParams(days, await storeTimeZone(caller));
  if (parsed.problems.length) throw badRequest(parsed.problems.join(" "), "invalid_filter");
  const filters: ActivityFilters = { ...parsed.filters, ...instants, ...extra };
  if (query.order_id) filters.orderId = query.order_id;
  const resolved = await resolveFeedFilters(caller.db, caller.storeId, {
    filters,
    orderNumber: parsed.orderNumber,
  });
  if (resolved.missingOrder !== null) throw notFound(resolved.missingOrder);
  return { filters: resolved.filters, cursor: query.cursor ?? null, limit: query.limit ?? 50 };
}

async function storeTimeZone(caller: ApiCaller): Promise<string> {
  const [store] = await caller.db
    .select({ timeZone: stores.timeZone })
    .from(stores)
    .where(eq(stores.id, caller.storeId));
  return store?.timeZone ?? "UTC";
}
