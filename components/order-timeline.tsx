import { ChevronRight } from "lucide-react";
import type { ActivityRow } from "@/db/schema";
import { collapseRetryChains, type TimelineItem } from "@/lib/activity/read/collapse-retry-chains";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { EventTime } from "./event-time";
import { LevelIcon, ResolvedIcon } from "./level-icon";
import { EventDetails } from "./order-timeline-details";
import { ResolutionLine } from "./resolution-line";

type Props = {
  /** The order's rows, oldest first (as `listOrderTimeline` returns them). */
  rows: ActivityRow[];
  timeZone: string;
  /** Names of the people who resolved events, by user id. */
  resolvers?: Map<string, string>;
  now?: Date;
};

type EntryProps = { timeZone: string; now: Date; resolvers: Map<string, string> };

/**
 * An order's whole story, oldest first: one entry per event, submission retries folded into
 * one entry. Every entry opens (a native <details>, so keyboard and screen readers just work)
 * to its details.
 */
export function OrderTimeline({ rows, timeZone, resolvers = new Map(), now = new Date() }: Props) {
  if (rows.length === 0) {
    return (
      <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        Nothing has happened to this order yet.
      </p>
    );
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
            data-resolved={item.row.resolvedAt ? "true" : undefined}
          >
            <TimelineEntry row={item.row} timeZone={timeZone} now={now} resolvers={resolvers} />
          </li>
        ) : (
          <li
            key={item.rows[0]!.id}
            data-testid="retry-chain"
            data-outcome={item.outcome}
            data-level={item.level}
            data-resolved={item.resolved ? "true" : undefined}
          >
            <RetryChain chain={item} timeZone={timeZone} now={now} resolvers={resolvers} />
          </li>
        ),
      )}
    </ol>
  );
}

const summaryClass =
  "-mx-1.5 flex cursor-pointer list-none items-start gap-2.5 rounded-md px-1.5 py-2.5 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 sm:gap-3 dark:hover:bg-zinc-800/60 [&::-webkit-details-marker]:hidden";

/** Today: "14:23". Before: the day, and the time under it ("16 Feb" / "14:23"). */
function EntryTime({ at, timeZone, now }: { at: Date; timeZone: string; now: Date }) {
  const time = formatEventTime(at, timeZone, now);
  return (
    <span className="w-14 shrink-0 pt-px text-xs text-zinc-600 tabular-nums sm:w-20 dark:text-zinc-400">
      <EventTime iso={at.toISOString()} label={time.short} full={time.full} focusable={false} />
      {time.today ? null : (
        <span aria-hidden className="block">
          {time.clock}
        </span>
      )}
    </span>
  );
}

/** A resolved warning or error reads as dealt with: a tick, muted text. */
function EntryIcon({ level, resolved }: { level: ActivityRow["level"]; resolved: boolean }) {
  return (
    <span className="mt-0.5 flex w-4 shrink-0 justify-center">
      {resolved && level !== "info" ? <ResolvedIcon level={level} /> : <LevelIcon level={level} />}
    </span>
  );
}

function TimelineEntry({ row, timeZone, now, resolvers }: { row: ActivityRow } & EntryProps) {
  const resolved = row.resolvedAt !== null;
  return (
    <details className="group/entry">
      <summary className={summaryClass}>
        <EntryIcon level={row.level} resolved={resolved} />
        <EntryTime at={row.occurredAt} timeZone={timeZone} now={now} />
        <span className="min-w-0 flex-1 text-sm">
          <span className={`block break-words ${resolved ? "text-zinc-600 dark:text-zinc-400" : ""}`}>
            {row.message}
          </span>
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">{row.actorLabel}</span>
          <ResolutionLine row={row} resolvers={resolvers} timeZone={timeZone} now={now} />
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
  resolvers,
}: { chain: Extract<TimelineItem, { kind: "chain" }> } & EntryProps) {
  const first = chain.rows[0]!;
  const actors = [...new Set(chain.rows.map((r) => r.actorLabel))].join(", ");
  // A failed chain that someone (or a later resubmission) dealt with: its last failure says how.
  const resolution = chain.outcome === "failed" ? chain.rows.findLast((r) => r.resolvedAt) : undefined;
  const muted = chain.resolved && chain.outcome !== "succeeded";
  return (
    <details className="group/chain">
      <summary className={summaryClass}>
        {chain.outcome === "succeeded" ? (
          <span className="mt-0.5 flex w-4 shrink-0 justify-center">
            <ResolvedIcon level="warning" label="Succeeded" />
          </span>
        ) : (
          <EntryIcon level={chain.level} resolved={chain.resolved} />
        )}
        <EntryTime at={first.occurredAt} timeZone={timeZone} now={now} />
        <span className="min-w-0 flex-1 text-sm">
          <span
            className={`block break-words ${muted ? "text-zinc-600 dark:text-zinc-400" : ""}`}
            data-testid="retry-chain-summary"
          >
            {chain.summary}
          </span>
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">
            {actors} · {chain.rows.length} steps
          </span>
          {resolution ? (
            <ResolutionLine row={resolution} resolvers={resolvers} timeZone={timeZone} now={now} />
          ) : null}
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
            <TimelineEntry row={row} timeZone={timeZone} now={now} resolvers={resolvers} />
          </li>
        ))}
      </ol>
    </details>
  );
}
