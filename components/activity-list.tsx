import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import type { ActivityRow } from "@/db/schema";
import type { OrderSummary } from "@/lib/orders/list-order-summaries";
import { problemFix } from "@/lib/orders/problem-fix";
import { dateFormat, dayInZone } from "@/lib/platform/format/date-format";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { EventTime } from "./event-time";
import { LevelIcon, ResolvedIcon } from "./level-icon";
import { OrderActions } from "./order-actions";
import { ResolutionLine } from "./resolution-line";
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
  /** The orders the rows are about: each order row then leads with its number and customer. */
  orders?: Map<string, OrderSummary>;
  /** Group the rows under day headings ("Today", "Yesterday", "Mon 30 Nov"). */
  dayHeadings?: boolean;
};

type Row = ActivityRow;

const dayKey = (date: Date, timeZone: string) => dayInZone(date, timeZone);

/** "Today", "Yesterday", "Mon 30 Nov", and the year when it is not this one. */
export function dayHeading(date: Date, timeZone: string, now: Date): string {
  const day = dayKey(date, timeZone);
  if (day === dayKey(now, timeZone)) return "Today";
  if (day === dayKey(new Date(now.getTime() - 86_400_000), timeZone)) return "Yesterday";
  const sameYear = day.slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return dateFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  })
    .format(date)
    .replace(",", "");
}

/** Rows by day, newest day first, keeping their order. */
function byDay(rows: Row[], timeZone: string): Row[][] {
  const days: Row[][] = [];
  let last: string | null = null;
  for (const row of rows) {
    const key = dayKey(row.occurredAt, timeZone);
    if (key !== last) days.push([]);
    days.at(-1)!.push(row);
    last = key;
  }
  return days;
}

/** Activity rows: a feed (relative times, order links) or an order's timeline (clock times). */
export function ActivityList(props: Props) {
  const { rows, timeZone, mode, now = new Date(), dayHeadings = false } = props;
  if (rows.length === 0) {
    return (
      <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        Nothing has happened here yet.
      </p>
    );
  }
  const list = (items: Row[], label?: string) => (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={label}>
      {items.map((row) => (
        <ActivityRowItem key={row.id} row={row} {...props} now={now} />
      ))}
    </ol>
  );
  if (!dayHeadings) return <div data-testid={`activity-${mode}`}>{list(rows)}</div>;
  return (
    <div data-testid={`activity-${mode}`} className="space-y-3">
      {byDay(rows, timeZone).map((day) => {
        const heading = dayHeading(day[0]!.occurredAt, timeZone, now);
        return (
          <section key={day[0]!.id} aria-label={heading}>
            <h3
              className="sticky top-0 z-[1] -mx-1 bg-white/95 px-1 py-1 text-xs font-semibold tracking-wide text-zinc-700 uppercase dark:bg-zinc-900/95 dark:text-zinc-300"
              data-testid="day-heading"
            >
              {heading}
            </h3>
            {list(day)}
          </section>
        );
      })}
    </div>
  );
}

function ActivityRowItem({
  row,
  timeZone,
  mode,
  now,
  resolvable = false,
  resolvers,
  typeLabels,
  repeats,
  orders,
}: Props & { row: Row; now: Date }) {
  const time = formatEventTime(row.occurredAt, timeZone, now);
  const needsAttention = row.level !== "info" && !row.resolvedAt;
  const order = row.orderId ? orders?.get(row.orderId) : undefined;
  const fix = resolvable && needsAttention && order ? problemFix(row, order) : null;
  const repeat = repeats?.get(row.id);
  return (
    <li
      className="flex items-start gap-3 py-2.5"
      data-event-id={row.id}
      data-event-type={row.eventType}
      data-level={row.level}
      data-resolved={row.resolvedAt ? "true" : undefined}
    >
      {resolvable ? (
        <span className="mt-0.5 flex w-4 shrink-0 justify-center">
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
      <span className="mt-0.5 flex w-4 shrink-0 justify-center">
        {row.resolvedAt && row.level !== "info" ? (
          <ResolvedIcon level={row.level} />
        ) : (
          <LevelIcon level={row.level} />
        )}
      </span>
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <p className="min-w-0 break-words">
            {order ? (
              <Link
                href={`/admin/orders/${order.id}`}
                className="mr-1.5 font-semibold text-brand-700 underline underline-offset-2 dark:text-blue-300"
                data-testid="row-order"
              >
                #{order.number} · {order.customer}
              </Link>
            ) : null}
            <span className={row.resolvedAt ? "text-zinc-600 dark:text-zinc-400" : ""}>{row.message}</span>
          </p>
          <EventTime
            iso={row.occurredAt.toISOString()}
            label={
              mode === "timeline" ? time.short : formatDistanceToNow(row.occurredAt, { addSuffix: true })
            }
            full={time.full}
            className="shrink-0 text-xs whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400"
          />
        </div>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          <span className="font-mono break-all">{row.eventType}</span>
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
          {mode === "feed" && row.orderId && !order ? (
            <>
              {" · "}
              <Link
                href={`/admin/orders/${row.orderId}`}
                className="text-brand-700 underline dark:text-blue-300"
              >
                View order
              </Link>
            </>
          ) : null}
        </p>
        {/* An integration says when its event happened: show when we recorded it too. */}
        {row.source === "api" && Math.abs(row.insertedAt.getTime() - row.occurredAt.getTime()) > 60_000 ? (
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="recorded-at">
            Recorded{" "}
            <EventTime
              iso={row.insertedAt.toISOString()}
              label={formatEventTime(row.insertedAt, timeZone, now).full}
              full={formatEventTime(row.insertedAt, timeZone, now).full}
            />
          </p>
        ) : null}
        {repeat && repeat.count > 1 ? (
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="repeats">
            {repeat.count.toLocaleString("en-GB")} times, the last{" "}
            <EventTime
              iso={repeat.lastRejectedAt.toISOString()}
              label={formatDistanceToNow(repeat.lastRejectedAt, { addSuffix: true })}
              full={formatEventTime(repeat.lastRejectedAt, timeZone, now).full}
            />
          </p>
        ) : null}
        {row.resolvedAt ? (
          <ResolutionLine row={row} resolvers={resolvers ?? new Map()} timeZone={timeZone} now={now} />
        ) : null}
        {resolvable && needsAttention ? (
          <div className="mt-1.5 flex flex-wrap items-center gap-2" data-testid="row-actions">
            {fix && order ? (
              <OrderActions
                orderId={order.id}
                customerEmail={order.customerEmail}
                atPrintify={order.providerOrderId !== null}
                available={{
                  resendConfirmation: true,
                  resendShipping: true,
                  resubmit: true,
                  cancel: false,
                  markDelivered: false,
                }}
                only={[fix]}
                short
              />
            ) : null}
            {order ? (
              <Link
                href={`/admin/orders/${order.id}`}
                className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Open order
              </Link>
            ) : null}
            <ResolveButton ids={[row.id]} />
          </div>
        ) : null}
      </div>
    </li>
  );
}
