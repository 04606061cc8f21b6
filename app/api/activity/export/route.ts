import { type FeedSearchParams, parseFeedParams } from "@/lib/activity/read/parse-feed-params";
import { requireApiAccess } from "@/lib/http/access";
import { appErrorResponse } from "@/lib/http/error-response";
import { exportResponse, parseExportFormat } from "@/lib/http/export-response";
import { resolveFeedFilters } from "@/lib/orders/resolve-feed-filters";
import { AppError, badRequest, notFound } from "@/lib/platform/errors";

export const dynamic = "force-dynamic";

/**
 * The feed's current view (the same URL parameters as /admin/activity) as a CSV or NDJSON
 * download. Owners and managers. Unlike the page, a bad filter is a 400: an export must be
 * exactly what was asked for.
 */
export async function GET(request: Request) {
  const access = await requireApiAccess("activity:read");
  if (access instanceof Response) return access;
  try {
    const url = new URL(request.url);
    const format = parseExportFormat(url.searchParams.get("format"));
    const params: FeedSearchParams = {};
    for (const key of new Set(url.searchParams.keys())) {
      if (key === "format" || key === "cursor") continue;
      const values = url.searchParams.getAll(key);
      params[key] = values.length > 1 ? values : values[0];
    }
    const parsed = parseFeedParams(params, access.store.timeZone);
    if (parsed.problems.length) throw badRequest(parsed.problems.join(" "), "invalid_filter");
    const { filters, missingOrder } = await resolveFeedFilters(access.db, access.store.storeId, parsed);
    if (!filters) throw notFound(missingOrder);
    return await exportResponse(access.db, access.activity, access.store, filters, format);
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
