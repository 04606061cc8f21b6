import {
  countExportRows,
  type ExportFormat,
  exportActivity,
  exportFormats,
} from "@/lib/activity/export/export-activity";
import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
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
 * `X-Export-Rows` so a client can show progress.
 */
export async function exportResponse(
  db: Db,
  store: { storeId: string; slug: string },
  filters: ActivityFilters,
  format: ExportFormat,
): Promise<Response> {
  const rows = await countExportRows(db, store.storeId, filters);
  const day = new Date().toISOString().slice(0, 10);
  const { contentType, extension } = exportFormats[format];
  return new Response(exportActivity(db, store.storeId, filters, format), {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="activity-${store.slug}-${day}.${extension}"`,
      "x-export-rows": String(rows),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
