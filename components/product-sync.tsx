"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

type SyncRun = {
  id: string;
  status: "running" | "completed" | "failed";
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  error: string | null;
  startedAt: string;
};

const key = ["products", "sync"] as const;

async function fetchRun(): Promise<SyncRun | null> {
  const response = await fetch("/api/products/sync", { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { run: SyncRun | null }).run;
}

/** "Sync with Printify" and the running sync's progress (polled every second while it runs). */
export function ProductSync({ initial, canSync }: { initial: SyncRun | null; canSync: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: run } = useQuery({
    queryKey: key,
    queryFn: fetchRun,
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: async () => {
      const response = await fetch("/api/products/sync", { method: "POST" });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      return body.run as SyncRun;
    },
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
  const wasRunning = useRef(run?.status === "running");
  useEffect(() => {
    if (wasRunning.current && run?.status !== "running") router.refresh();
    wasRunning.current = run?.status === "running";
  }, [run?.status, router]);

  const running = run?.status === "running";
  const percent = running && run.total ? Math.min(100, Math.round((run.processed / run.total) * 100)) : null;
  return (
    <div className="flex flex-col items-end gap-1 text-sm" data-testid="product-sync">
      {canSync ? (
        <button
          type="button"
          onClick={() => start.mutate()}
          disabled={running || start.isPending}
          className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 dark:bg-brand-700 dark:hover:bg-brand-800 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          <RefreshCw className={`size-4 ${running ? "animate-spin" : ""}`} aria-hidden />
          {running ? "Syncing…" : "Sync with Printify"}
        </button>
      ) : null}
      <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {start.error ? <span className="text-red-600">{start.error.message}</span> : null}
        {!start.error && running
          ? `Syncing… ${run.processed}${run.total ? ` of ${run.total}` : ""} products${percent !== null ? ` (${percent}%)` : ""}`
          : null}
        {!start.error && run?.status === "completed"
          ? `Last sync: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged`
          : null}
        {!start.error && run?.status === "failed" ? (
          <span className="text-red-600">Last sync failed: {run.error}</span>
        ) : null}
      </p>
      {running ? (
        <div
          className="h-1.5 w-48 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
          role="progressbar"
          aria-valuenow={percent ?? undefined}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label="Sync progress"
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent ?? 10}%` }} />
        </div>
      ) : null}
    </div>
  );
}
