"use client";

import { Download, X } from "lucide-react";
import { useRef, useState } from "react";
import { DropdownMenu, MenuItem } from "./ui/dropdown-menu";

type Progress = { rows: number; total: number | null };

/**
 * Export the feed's current view (its filters and tab) as CSV or NDJSON. The file streams from
 * the server; while it does, the rows received so far are shown against the total, with a
 * way to cancel. Errors (a bad filter, a lost connection) are shown in place.
 */
export function ExportActivity({ query }: { query: string }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function run(format: "csv" | "ndjson") {
    setError(null);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ rows: 0, total: null });
    try {
      const params = new URLSearchParams(query);
      params.set("format", format);
      const response = await fetch(`/api/activity/export?${params}`, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        throw new Error(body?.error?.message ?? `The export failed (${response.status}).`);
      }
      const total = Number(response.headers.get("x-export-rows") ?? Number.NaN);
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let newlines = 0;
      let last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) newlines++;
        const now = performance.now();
        if (now - last > 100) {
          last = now;
          // CSV has a header line (and may have line breaks inside messages): never show more than the total.
          const rows = Math.max(0, format === "csv" ? newlines - 1 : newlines);
          setProgress({
            rows: Number.isFinite(total) ? Math.min(rows, total) : rows,
            total: Number.isFinite(total) ? total : null,
          });
        }
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
      const url = URL.createObjectURL(
        new Blob(chunks as BlobPart[], { type: response.headers.get("content-type") ?? "" }),
      );
      const link = document.createElement("a");
      link.href = url;
      link.download = name ?? `activity.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setProgress(null);
    } catch (caught) {
      setProgress(null);
      if (controller.signal.aborted) return;
      setError(caught instanceof Error ? caught.message : "The export failed.");
    } finally {
      abort.current = null;
    }
  }

  if (progress) {
    const percent = progress.total ? Math.round((progress.rows / Math.max(progress.total, 1)) * 100) : null;
    return (
      <div className="flex items-center gap-2 text-xs" data-testid="export-progress">
        <div
          role="progressbar"
          aria-label="Export progress"
          aria-valuemin={0}
          aria-valuemax={progress.total ?? undefined}
          aria-valuenow={progress.rows}
          className="h-1.5 w-28 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent ?? 30}%` }} />
        </div>
        <span role="status" className="tabular-nums text-zinc-600 dark:text-zinc-400">
          Exporting {progress.rows.toLocaleString("en-GB")}
          {progress.total !== null ? ` of ${progress.total.toLocaleString("en-GB")}` : ""} rows…
        </span>
        <button
          type="button"
          onClick={() => abort.current?.abort()}
          className="rounded-md p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          aria-label="Cancel the export"
        >
          <X aria-hidden className="size-3.5" />
        </button>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <DropdownMenu
        trigger={
          <button
            type="button"
            className="flex items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <Download aria-hidden className="size-3.5" />
            Export
          </button>
        }
      >
        <MenuItem onSelect={() => void run("csv")}>CSV (spreadsheets)</MenuItem>
        <MenuItem onSelect={() => void run("ndjson")}>NDJSON (one JSON event per line)</MenuItem>
      </DropdownMenu>
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
