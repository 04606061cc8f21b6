import { ChevronRight } from "lucide-react";
import type { ActivityRow } from "@/db/schema";
import { collapseRetryChains, type TimelineItem } from "@/lib/activity/read/collapse-retry-chains";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { EventTime } from "./event-time";
import { LevelIcon } from "./level-icon";
import { EventDetails } from "./order-timeline-details";

type Props = {
  /** The order's rows, oldest first (as `listOrderTimeline` returns them). */
  rows: ActivityRow[];
  timeZone: string;
  now?: Date;
};

/**
 * An order's whole story, oldest first: one entry per event, submission retries folded into
 * one entry. Every entry opens (a native <details>, so keyboard and screen readers just work)
 * to its details.
 */
export function OrderTimeline({ rows, timeZone, now = new Date() }: Props) {
  if (rows.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-500">Nothing has happened to this order yet.</p>;
  }
  const items = collapseRetryChains(rows);
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="order-timeline">
      {items.map((item) =>
        item.kind === "event" ? (
          <li
            key={item.row.id}
            data-testid="timeline-entry"
            data-event-id={item.row.id}
            data-event-type={item.row.eventType}
            data-level={item.row.level}
          >
            <TimelineEntry row={item.row} timeZone={timeZone} now={now} />
          </li>
        ) : (
          <li
            key={item.rows[0]!.id}
            data-testid="retry-chain"
            data-outcome={item.outcome}
            data-level={item.level}
          >
            <RetryChain chain={item} timeZone={timeZone} now={now} />
          </li>
        ),
      )}
    </ol>
  );
}

const summaryClass =
  "-mx-1.5 flex cursor-pointer list-none items-start gap-2.5 rounded-md px-1.5 py-2.5 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 sm:gap-3 dark:hover:bg-zinc-800/60 [&::-webkit-details-marker]:hidden";

function EntryTime({ at, timeZone, now }: { at: Date; timeZone: string; now: Date }) {
  const time = formatEventTime(at, timeZone, now);
  return (
    <EventTime
      iso={at.toISOString()}
      label={time.short}
      full={time.full}
      focusable={false}
      className="w-12 shrink-0 pt-px text-xs text-zinc-500 tabular-nums sm:w-16"
    />
  );
}

function TimelineEntry({ row, timeZone, now }: { row: ActivityRow; timeZone: string; now: Date }) {
  return (
    <details className="group/entry">
      <summary className={summaryClass}>
        <span className="mt-1 flex w-4 shrink-0 justify-center">
          <LevelIcon level={row.level} />
        </span>
        <EntryTime at={row.occurredAt} timeZone={timeZone} now={now} />
        <span className="min-w-0 flex-1 text-sm">
          <span className="block break-words">{row.message}</span>
          <span className="block text-xs text-zinc-500">{row.actorLabel}</span>
        </span>
        <ChevronRight
          aria-hidden
          className="mt-1 size-3.5 shrink-0 text-zinc-400 transition-transform group-open/entry:rotate-90"
        />
      </summary>
      <EventDetails row={row} timeZone={timeZone} now={now} />
    </details>
  );
}

function RetryChain({
  chain,
  timeZone,
  now,
}: {
  chain: Extract<TimelineItem, { kind: "chain" }>;
  timeZone: string;
  now: Date;
}) {
  const first = chain.rows[0]!;
  const actors = [...new Set(chain.rows.map((r) => r.actorLabel))].join(", ");
  return (
    <details className="group/chain">
      <summary className={summaryClass}>
        <span className="mt-1 flex w-4 shrink-0 justify-center">
          <LevelIcon level={chain.level} />
        </span>
        <EntryTime at={first.occurredAt} timeZone={timeZone} now={now} />
        <span className="min-w-0 flex-1 text-sm">
          <span className="block break-words" data-testid="retry-chain-summary">
            {chain.summary}
          </span>
          <span className="block text-xs text-zinc-500">
            {actors} · {chain.rows.length} steps
          </span>
        </span>
        <ChevronRight
          aria-hidden
          className="mt-1 size-3.5 shrink-0 text-zinc-400 transition-transform group-open/chain:rotate-90"
        />
      </summary>
      <ol
        aria-label="Attempts"
        className="mb-2 ml-2 border-l border-zinc-200 pl-3 sm:ml-6 dark:border-zinc-700"
        data-testid="retry-chain-attempts"
      >
        {chain.rows.map((row) => (
          <li key={row.id} data-event-id={row.id} data-event-type={row.eventType} data-level={row.level}>
            <TimelineEntry row={row} timeZone={timeZone} now={now} />
          </li>
        ))}
      </ol>
    </details>
  );
}
