"use client";

import { useQuery } from "@tanstack/react-query";

export const attentionCountKey = ["activity", "attention-count"] as const;

async function fetchAttentionCount(): Promise<number> {
  const response = await fetch("/api/activity/attention-count", { cache: "no-store" });
  if (!response.ok) throw new Error(`attention count: HTTP ${response.status}`);
  return ((await response.json()) as { count: number }).count;
}

/**
 * The Needs-attention count on the Activity nav item: rendered with the server's figure,
 * polled every 60 s, refetched when the window regains focus, and invalidated by a resolve.
 * Hidden at zero; "99+" past 99.
 */
export function AttentionBadge({ initial }: { initial: number }) {
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
