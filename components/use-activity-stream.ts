"use client";

import { useEffect, useRef, useState } from "react";

/** An event as the activity stream announces it (see app/api/activity/stream). */
export type LiveActivityEvent = {
  id: string;
  type: string;
  level: "info" | "warning" | "error";
  orderId: string | null;
};

export type StreamState = "connecting" | "live" | "reconnecting";

/** Every stream on the page announces its events here too, for the nav badge. */
export const LIVE_ACTIVITY_EVENT = "storyline:activity";

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const REMEMBERED_IDS = 2_000;

/**
 * Opens the activity stream at `url` (or nothing, when null) for as long as the component is
 * mounted, and calls `onEvents` with each event once (replays overlap; ids are remembered).
 * The browser reconnects by itself after a dropped connection, sending `Last-Event-ID`; after a
 * refusal (503, 401) the stream is opened again with a growing delay from the last event seen.
 * `onResync` is called when more was missed than the server replays: look again from scratch.
 */
export function useActivityStream(
  url: string | null,
  onEvents: (events: LiveActivityEvent[]) => void,
  onResync?: () => void,
): StreamState {
  const [state, setState] = useState<StreamState>("connecting");
  const handlers = useRef({ onEvents, onResync });
  handlers.current = { onEvents, onResync };

  useEffect(() => {
    if (!url) return;
    const seen = new Set<string>();
    const order: string[] = [];
    let lastId: string | null = null;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let backoff = BACKOFF_MIN_MS;
    let batch: LiveActivityEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const flush = () => {
      flushTimer = undefined;
      const events = batch;
      batch = [];
      if (!events.length) return;
      handlers.current.onEvents(events);
      window.dispatchEvent(new CustomEvent(LIVE_ACTIVITY_EVENT, { detail: events }));
    };

    const onActivity = (message: MessageEvent<string>) => {
      let event: LiveActivityEvent;
      try {
        event = JSON.parse(message.data) as LiveActivityEvent;
      } catch {
        return;
      }
      lastId = message.lastEventId || event.id;
      if (seen.has(event.id)) return;
      seen.add(event.id);
      order.push(event.id);
      if (order.length > REMEMBERED_IDS) seen.delete(order.shift()!);
      batch.push(event);
      // Events that arrive together (a replay, a batch) are handed over together.
      flushTimer ??= setTimeout(flush, 50);
    };

    const connect = () => {
      if (stopped) return;
      const target = new URL(url, window.location.href);
      if (lastId) target.searchParams.set("after", lastId);
      source = new EventSource(target);
      source.addEventListener("activity", onActivity as EventListener);
      source.addEventListener("resync", () => handlers.current.onResync?.());
      source.onopen = () => {
        backoff = BACKOFF_MIN_MS;
        setState("live");
      };
      source.onerror = () => {
        if (!source) return;
        setState("reconnecting");
        // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up
        // (an error status); open it again later, from the last event seen.
        if (source.readyState !== EventSource.CLOSED) return;
        source.close();
        source = null;
        const delay = backoff * (0.8 + Math.random() * 0.4);
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
        retryTimer = setTimeout(connect, delay);
      };
    };

    setState("connecting");
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
      source?.close();
    };
  }, [url]);

  return state;
}
