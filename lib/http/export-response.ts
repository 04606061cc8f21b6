import {
  countExportRows,
  type ExportFormat,
  exportActivity,
  exportFormats,
} from "@/lib/activity/export/export-activity";
import { recordedExport } from "@/lib/activity/export/record-export";
import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";

/** `format=csv|ndjson` (CSV when absent), or a 400. */
export function parseExportFormat(value: string | null): ExportFormat {
  if (value === null || value === "") return "csv";
  if (value === "csv" || value === "ndjson") return value;
  throw badRequest(`format: use csv or ndjson, not "${value.slice(0, 40)}"`, "invalid_format");
}

/**
 * The export as a download: streamed, with the number of rows it will have (up to 5M) in
 * `X-Export-Rows` so a client can show progress. When the download ends, an
 * `activity.exported` event records who (`activity`: the person or the API key) exported what.
 */
export async function exportResponse(
  db: Db,
  activity: ActivityContext,
  store: { storeId: string; slug: string },
  filters: ActivityFilters,
  format: ExportFormat,
): Promise<Response> {
  const rows = await countExportRows(db, store.storeId, filters);
  const day = new Date().toISOString().slice(0, 10);
  const { contentType, extension } = exportFormats[format];
  const stream = recordedExport(exportActivity(db, store.storeId, filters, format), {
    db,
    activity,
    format,
    filters,
    expectedRows: rows,
  });
  return new Response(stream, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="activity-${store.slug}-${day}.${extension}"`,
      "x-export-rows": String(rows),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
