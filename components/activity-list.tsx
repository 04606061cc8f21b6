import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import type { ActivityRow } from "@/db/schema";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { EventTime } from "./event-time";
import { LevelIcon } from "./level-icon";
import { BULK_FORM_ID, ResolveButton } from "./resolve-controls";

type Props = {
  rows: ActivityRow[];
  timeZone: string;
  mode: "feed" | "timeline";
  now?: Date;
  /** Show Resolve controls on unresolved warnings and errors (owners and managers). */
  resolvable?: boolean;
  /** Names of the people who resolved events, by user id. */
  resolvers?: Map<string, string>;
  /** Labels shown as a badge next to each event type, by type ("Submission failed"). */
  typeLabels?: Record<string, string>;
  /** For an event that stands for repeated occurrences (refused webhooks): how many, and the last. */
  repeats?: Map<string, { count: number; lastRejectedAt: Date }>;
};

/** Activity rows: a feed (relative times, order links) or an order's timeline (clock times). */
export function ActivityList({
  rows,
  timeZone,
  mode,
  now = new Date(),
  resolvable = false,
  resolvers,
  typeLabels,
  repeats,
}: Props) {
  if (rows.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-500">Nothing has happened here yet.</p>;
  }
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid={`activity-${mode}`}>
      {rows.map((row) => {
        const time = formatEventTime(row.occurredAt, timeZone, now);
        const needsAttention = row.level !== "info" && !row.resolvedAt;
        return (
          <li
            key={row.id}
            className="flex items-start gap-3 py-2.5"
            data-event-id={row.id}
            data-event-type={row.eventType}
            data-level={row.level}
          >
            {resolvable ? (
              <span className="mt-0.5 flex w-4 justify-center">
                {needsAttention ? (
                  <input
                    type="checkbox"
                    name="ids"
                    value={row.id}
                    form={BULK_FORM_ID}
                    aria-label={`Select: ${row.message}`}
                    className="size-3.5"
                  />
                ) : null}
              </span>
            ) : null}
            <span className="mt-1 flex w-4 justify-center">
              <LevelIcon level={row.level} />
            </span>
            <EventTime
              iso={row.occurredAt.toISOString()}
              label={
                mode === "timeline" ? time.short : formatDistanceToNow(row.occurredAt, { addSuffix: true })
              }
              full={time.full}
              className="w-20 shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
            />
            <div className="min-w-0 flex-1 text-sm">
              <p className="break-words">{row.message}</p>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                <span className="font-mono">{row.eventType}</span>
                {typeLabels?.[row.eventType] ? (
                  <span
                    data-testid="event-type-label"
                    className="ml-1.5 inline-block rounded border border-zinc-200 bg-zinc-50 px-1 text-[11px] leading-4 font-medium text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                  >
                    {typeLabels[row.eventType]}
                  </span>
                ) : null}{" "}
                ·{" "}
                {row.source === "api" && row.actorType === "integration"
                  ? `via API key “${row.actorLabel}”`
                  : row.actorLabel}
                {mode === "feed" && row.orderId ? (
                  <>
                    {" · "}
                    <Link
                      href={`/admin/orders/${row.orderId}`}
                      className="text-brand-600 underline underline-offset-2"
                    >
                      View order
                    </Link>
                  </>
                ) : null}
              </p>
              {/* An integration says when its event happened: show when we recorded it too. */}
              {row.source === "api" &&
              Math.abs(row.insertedAt.getTime() - row.occurredAt.getTime()) > 60_000 ? (
                <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="recorded-at">
                  Recorded{" "}
                  <EventTime
                    iso={row.insertedAt.toISOString()}
                    label={formatEventTime(row.insertedAt, timeZone, now).full}
                    full={formatEventTime(row.insertedAt, timeZone, now).full}
                  />
                </p>
              ) : null}
              {repeats?.get(row.id) && repeats.get(row.id)!.count > 1 ? (
                <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="repeats">
                  {repeats.get(row.id)!.count.toLocaleString("en-GB")} times, the last{" "}
                  <EventTime
                    iso={repeats.get(row.id)!.lastRejectedAt.toISOString()}
                    label={formatDistanceToNow(repeats.get(row.id)!.lastRejectedAt, { addSuffix: true })}
                    full={formatEventTime(repeats.get(row.id)!.lastRejectedAt, timeZone, now).full}
                  />
                </p>
              ) : null}
              {row.resolvedAt ? (
                <p className="mt-0.5 text-xs text-emerald-700 dark:text-emerald-400" data-testid="resolution">
                  Resolved
                  {resolvers
                    ? ` by ${row.resolvedBy ? (resolvers.get(row.resolvedBy) ?? "a former member") : "the system"}`
                    : ""}{" "}
                  <EventTime
                    iso={row.resolvedAt.toISOString()}
                    label={formatDistanceToNow(row.resolvedAt, { addSuffix: true })}
                    full={formatEventTime(row.resolvedAt, timeZone, now).full}
                  />
                  {row.resolutionNote ? ` — “${row.resolutionNote}”` : null}
                </p>
              ) : null}
            </div>
            {resolvable && needsAttention ? <ResolveButton id={row.id} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
