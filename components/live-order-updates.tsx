"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useActivityStream } from "./use-activity-stream";

const REFRESH_DEBOUNCE_MS = 300;

type Props = {
  orderId: string;
  /** Where the stream starts (the render) and the rendered events it will repeat. */
  after: string;
  seen: string[];
};

/**
 * Keeps the page of an order still on its way up to date: each new event of the order
 * re-renders the page on the server (timeline, status, actions), a few at once. Shows whether
 * it is live, and tells screen readers when the timeline changed.
 */
export function LiveOrderUpdates({ orderId, after, seen }: Props) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [announcement, setAnnouncement] = useState("");
  // The stream opens once per page; a refresh brings a new `after` but must not reconnect.
  const [url] = useState(() => `/api/activity/stream?order=${encodeURIComponent(orderId)}&after=${after}`);
  const rendered = useRef(new Set(seen));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    for (const id of seen) rendered.current.add(id);
  }, [seen]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      startTransition(() => router.refresh());
      setAnnouncement(`Timeline updated at ${new Date().toLocaleTimeString()}`);
    }, REFRESH_DEBOUNCE_MS);
  };

  const state = useActivityStream(
    url,
    (events) => {
      if (events.some((event) => !rendered.current.has(event.id))) refresh();
    },
    refresh,
  );

  return (
    <span
      className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="live-status"
    >
      <span
        aria-hidden
        className={`size-2 rounded-full ${state === "live" ? "bg-emerald-500" : "bg-zinc-400 dark:bg-zinc-500"}`}
      />
      {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
      <span role="status" className="sr-only">
        {announcement}
      </span>
    </span>
  );
}
