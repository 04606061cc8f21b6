import { listActivity } from "@/lib/activity/read/list-activity";
import { eventPageResponse } from "../event-json";
import type { ApiCaller } from "../handle-api-request";
import { parseListQuery } from "./parse-list-query";

/** GET /api/v1/activity: the store's feed, newest first, filtered and paged. */
export async function listEventsEndpoint(caller: ApiCaller, request: Request) {
  const { filters, cursor, limit } = await parseListQuery(caller, new URL(request.url));
  const page = await listActivity(caller.db, caller.storeId, filters, { cursor, limit });
  caller.countRows(page.items.length);
  return eventPageResponse(page);
}
