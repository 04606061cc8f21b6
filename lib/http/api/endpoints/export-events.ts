import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { exportResponse, parseExportFormat } from "@/lib/http/export-response";
import { badRequest } from "@/lib/platform/errors";
import type { ApiCaller } from "../handle-api-request";
import { parseListQuery } from "./parse-list-query";

/** GET /api/v1/activity/export?format=csv|ndjson&…filters: the whole filtered feed, streamed. */
export async function exportEventsEndpoint(caller: ApiCaller, request: Request) {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  url.searchParams.delete("format");
  if (url.searchParams.has("cursor") || url.searchParams.has("limit"))
    throw badRequest(
      "cursor and limit do not apply to an export: it has every matching row",
      "invalid_filter",
    );
  const { filters } = await parseListQuery(caller, url);
  const [store] = await caller.db
    .select({ slug: stores.slug })
    .from(stores)
    .where(eq(stores.id, caller.storeId));
  return exportResponse(
    caller.db,
    caller.activity,
    { storeId: caller.storeId, slug: store?.slug ?? "store" },
    filters,
    format,
  );
}
