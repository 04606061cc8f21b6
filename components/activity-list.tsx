import { formatDistanceToNow } from "date-fns";
import Link from "next/link";
import type { ActivityRow } from "@/db/schema";
import { formatEventTime } from "@/lib/format/format-event-time";
import { LevelIcon } from "./level-icon";

type Props = { rows: ActivityRow[]; timeZone: string; mode: "feed" | "timeline"; now?: Date };

/** Activity rows: a feed (relative times, order links) or an order's timeline (clock times). */
export function ActivityList({ rows, timeZone, mode, now = new Date() }: Props) {
  if (rows.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-500">Nothing has happened here yet.</p>;
  }
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid={`activity-${mode}`}>
      {rows.map((row) => {
        const time = formatEventTime(row.occurredAt, timeZone, now);
        return (
          <li
            key={row.id}
            className="flex items-start gap-3 py-2.5"
            data-event-type={row.eventType}
            data-level={row.level}
          >
            <span className="mt-1 flex w-4 justify-center">
              <LevelIcon level={row.level} />
            </span>
            <time
              dateTime={row.occurredAt.toISOString()}
              title={time.full}
              className="w-20 shrink-0 text-xs text-zinc-500 tabular-nums"
            >
              {mode === "timeline" ? time.short : formatDistanceToNow(row.occurredAt, { addSuffix: true })}
            </time>
            <div className="min-w-0 flex-1 text-sm">
              <p className="break-words">{row.message}</p>
              <p className="text-xs text-zinc-500">
                <span className="font-mono">{row.eventType}</span> · {row.actorLabel}
                {mode === "feed" && row.orderId ? (
                  <>
                    {" · "}
                    <Link href={`/admin/orders/${row.orderId}`} className="text-brand-600 hover:underline">
                      View order
                    </Link>
                  </>
                ) : null}
                {row.resolvedAt ? " · resolved" : null}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
