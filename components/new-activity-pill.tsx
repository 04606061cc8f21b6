"use client";

import { ArrowUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { type LiveActivityEvent, useActivityStream } from "./use-activity-stream";

/** What the feed counts as new (see `liveFeedMatch`): null fields match anything. */
type Match = { levels: string[] | null; type: string | null; orderId: string | null };

type Props = {
  match: Match;
  /** Where the stream starts (the render) and the rendered rows it will repeat. */
  after: string;
  seen: string[];
};

function matches(event: LiveActivityEvent, match: Match): boolean {
  if (match.levels && !match.levels.includes(event.level)) return false;
  if (match.orderId && event.orderId !== match.orderId) return false;
  if (match.type) {
    if (match.type.endsWith(".*")) return event.type.startsWith(match.type.slice(0, -1));
    return event.type === match.type;
  }
  return true;
}

/**
 * "3 new events" above the feed: new rows matching the filters are counted, not inserted, so
 * the list never moves under the reader; a click shows them (the page renders again on the
 * server). The count is announced politely to screen readers.
 */
export function NewActivityPill({ match, after, seen }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [fresh, setFresh] = useState<string[]>([]);
  const [overflow, setOverflow] = useState(false);
  const [url] = useState(() => `/api/activity/stream?after=${after}`);
  const rendered = useRef(new Set(seen));

  useEffect(() => {
    rendered.current = new Set(seen);
    setFresh((ids) => ids.filter((id) => !rendered.current.has(id)));
  }, [seen]);

  useActivityStream(
    url,
    (events) => {
      const added = events.filter((event) => matches(event, match) && !rendered.current.has(event.id));
      if (added.length) setFresh((ids) => [...ids, ...added.map((event) => event.id)]);
    },
    () => setOverflow(true),
  );

  const show = () =>
    startTransition(() => {
      setFresh([]);
      setOverflow(false);
      router.refresh();
    });

  const count = fresh.length;
  const label = overflow ? "New events" : `${count} new ${count === 1 ? "event" : "events"}`;
  return (
    <div aria-live="polite" className="flex justify-center" data-testid="new-activity">
      {count || overflow ? (
        <button
          type="button"
          onClick={show}
          disabled={pending}
          className="mb-3 inline-flex items-center gap-1.5 rounded-full bg-brand-600 px-3 py-1 text-sm font-medium text-white shadow-sm hover:bg-brand-700 dark:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-70"
        >
          <ArrowUp aria-hidden className="size-3.5" />
          {pending ? "Loading…" : label}
          <span className="sr-only">: show them</span>
        </button>
      ) : null}
    </div>
  );
}
