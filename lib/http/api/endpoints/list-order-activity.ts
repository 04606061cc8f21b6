import { listActivity } from "@/lib/activity/read/list-activity";
import { eventPageResponse } from "../event-json";
import { findOrder } from "../find-in-store";
import type { ApiCaller } from "../handle-api-request";
import { parseListQuery } from "./parse-list-query";

/** GET /api/v1/orders/{id}/activity: an order's events, newest first, paged like the feed. */
export async function orderActivityEndpoint(caller: ApiCaller, request: Request, params: { id: string }) {
  const order = await findOrder(caller, params.id);
  const { filters, cursor, limit } = await parseListQuery(caller, new URL(request.url), {
    orderId: order.id,
  });
  const page = await listActivity(caller.db, caller.storeId, filters, { cursor, limit });
  caller.countRows(page.items.length);
  return eventPageResponse(page);
}
