"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { LIVE_ACTIVITY_EVENT, type LiveActivityEvent } from "./use-activity-stream";

export const attentionCountKey = ["activity", "attention-count"] as const;

async function fetchAttentionCount(): Promise<number> {
  const response = await fetch("/api/activity/attention-count", { cache: "no-store" });
  if (!response.ok) throw new Error(`attention count: HTTP ${response.status}`);
  return ((await response.json()) as { count: number }).count;
}

/** Refetches the count when a live stream on the page announces a new warning or error. */
function useLiveInvalidation() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onActivity = (event: Event) => {
      const events = (event as CustomEvent<LiveActivityEvent[]>).detail;
      if (!events.some((e) => e.level !== "info")) return;
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: attentionCountKey }), 250);
    };
    window.addEventListener(LIVE_ACTIVITY_EVENT, onActivity);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(LIVE_ACTIVITY_EVENT, onActivity);
    };
  }, [queryClient]);
}

/**
 * The Needs-attention count on the Activity nav item: rendered with the server's figure,
 * polled every 60 s, refetched when the window regains focus, invalidated by a resolve, and
 * refetched when a live stream on the page (the order page, the feed) brings a new problem.
 * Hidden at zero; "99+" past 99.
 */
export function AttentionBadge({ initial }: { initial: number }) {
  useLiveInvalidation();
  const { data } = useQuery({
    queryKey: attentionCountKey,
    queryFn: fetchAttentionCount,
    initialData: initial,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  if (!data) return null;
  return (
    <span
      data-testid="attention-badge"
      className="ml-auto rounded-full bg-amber-700 px-1.5 text-xs font-semibold text-white dark:bg-amber-400 dark:text-zinc-950"
    >
      <span className="sr-only">Needs attention: </span>
      {data > 99 ? "99+" : data}
    </span>
  );
}
