"use client";

import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import { useId } from "react";
import type { ActivityLevel } from "@/db/schema";
import type { ActivityByDay, ActivityDay } from "@/lib/activity/read/count-activity-by-day";

/** The drawing's own units: each day is 10 wide, the tallest day 100 high. */
const DAY_WIDTH = 10;
const PLOT_HEIGHT = 100;

/** Bottom to top; each level keeps the colour of its icon in the feed. */
const STACK: { level: ActivityLevel; label: string; className: string }[] = [
  { level: "info", label: "Info", className: "fill-emerald-500 dark:fill-emerald-400" },
  { level: "warning", label: "Warnings", className: "fill-amber-500 dark:fill-amber-400" },
  { level: "error", label: "Errors", className: "fill-red-600 dark:fill-red-400" },
];

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
/** A YYYY-MM-DD calendar day as "12 Mar" (the day is already the store's, so read it in UTC). */
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

const total = (d: ActivityDay) => d.counts.info + d.counts.warning + d.counts.error;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describeDay(d: ActivityDay): string {
  const parts = [
    plural(d.counts.info, "info", "info"),
    plural(d.counts.warning, "warning", "warnings"),
    plural(d.counts.error, "error", "errors"),
  ];
  return `${formatDay(d.day)}: ${plural(total(d), "event", "events")} (${parts.join(", ")}), ${d.needsAttention} still ${
    d.needsAttention === 1 ? "needs" : "need"
  } attention. Open that day's feed.`;
}

type Props = {
  data: ActivityByDay;
  title?: string;
  /** Drawn in its own card, with space below: for the top of a page. */
  framed?: boolean;
};

/** The feed's URL for one calendar day of the store: `?from=2026-03-01&to=2026-03-01`. */
export const feedDayHref = (day: string) => `/admin/activity?from=${day}&to=${day}`;

/**
 * Events per day, stacked by level, and below them that day's events still needing attention
 * on their own scale. Every day is a link to the feed filtered to that day, with a sentence for
 * screen readers; levels are told apart by their legend and order, not colour alone. The bars
 * are drawn in the drawing's own units and stretched to the box (strokes keep their width), and
 * the labels are HTML placed by percentage, so the server's render fits any width as it is.
 */
export function ActivityChart({ data, title = "Activity, last 30 days", framed }: Props) {
  const titleId = useId();
  const { days } = data;
  const width = days.length * DAY_WIDTH;
  const max = Math.max(1, ...days.map(total));
  const x = scaleBand<string>({ domain: days.map((d) => d.day), range: [0, width], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, max], range: [PLOT_HEIGHT, 0], nice: true });
  const [top] = y.domain().slice(-1) as [number];
  const maxOpen = Math.max(1, ...days.map((d) => d.needsAttention));
  const open = scaleLinear<number>({ domain: [0, maxOpen], range: [PLOT_HEIGHT - 8, 8] });
  const center = (d: ActivityDay) => (x(d.day) ?? 0) + x.bandwidth() / 2;
  const percent = (value: number) => `${(value / width) * 100}%`;
  // Today and every seventh day before it.
  const ticks = days.filter((_, i) => (days.length - 1 - i) % 7 === 0);
  const sums = days.reduce(
    (acc, d) => ({ events: acc.events + total(d), attention: acc.attention + d.needsAttention }),
    { events: 0, attention: 0 },
  );

  return (
    <figure
      data-testid="activity-chart"
      className={
        framed
          ? "mb-6 min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          : "min-w-0"
      }
    >
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <span id={titleId} className="text-sm font-semibold">
          {title}
        </span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {plural(sums.events, "event", "events")} · {sums.attention} still{" "}
          {sums.attention === 1 ? "needs" : "need"} attention
        </span>
      </figcaption>
      <div className="grid grid-cols-[2rem_1fr] text-[11px] text-zinc-600 tabular-nums dark:text-zinc-400">
        <div aria-hidden className="relative h-36">
          {[0, top / 2, top].map((tick) => (
            <span
              key={tick}
              className="absolute right-1.5 -translate-y-1/2"
              style={{ top: `${(y(tick) / PLOT_HEIGHT) * 100}%` }}
            >
              {Number.isInteger(tick) ? tick : ""}
            </span>
          ))}
        </div>
        <svg
          className="h-36 w-full overflow-visible"
          viewBox={`0 0 ${width} ${PLOT_HEIGHT}`}
          preserveAspectRatio="none"
          aria-labelledby={titleId}
        >
          <title>{title}</title>
          {[0, top / 2, top].map((tick) => (
            <line
              key={tick}
              aria-hidden
              x1={0}
              x2={width}
              y1={y(tick)}
              y2={y(tick)}
              vectorEffect="non-scaling-stroke"
              className="stroke-zinc-200 dark:stroke-zinc-800"
            />
          ))}
          {days.map((d) => {
            const left = x(d.day) ?? 0;
            let base = 0;
            return (
              <a
                key={d.day}
                href={feedDayHref(d.day)}
                aria-label={describeDay(d)}
                className="group outline-none"
              >
                <title>{describeDay(d)}</title>
                <rect
                  x={left - (x.step() - x.bandwidth()) / 2}
                  y={0}
                  width={x.step()}
                  height={PLOT_HEIGHT}
                  vectorEffect="non-scaling-stroke"
                  strokeWidth={2}
                  className="fill-transparent group-hover:fill-zinc-100 group-focus-visible:fill-zinc-100 group-focus-visible:stroke-brand-600 dark:group-hover:fill-zinc-800 dark:group-focus-visible:fill-zinc-800"
                />
                {STACK.map(({ level, className }) => {
                  const value = d.counts[level];
                  if (!value) return null;
                  const barTop = y(base + value);
                  const height = y(base) - barTop;
                  base += value;
                  return (
                    <Bar
                      key={level}
                      x={left}
                      y={barTop}
                      width={x.bandwidth()}
                      height={height}
                      className={className}
                    />
                  );
                })}
              </a>
            );
          })}
        </svg>
        <span aria-hidden />
        <div aria-hidden className="relative h-5">
          {ticks.map((d) => (
            <span
              key={d.day}
              className="absolute top-1 -translate-x-1/2 whitespace-nowrap last:-translate-x-full"
              style={{ left: percent(center(d)) }}
            >
              {formatDay(d.day)}
            </span>
          ))}
        </div>
        <div aria-hidden className="relative h-10">
          <span className="absolute top-0 right-1.5">{maxOpen}</span>
          <span className="absolute right-1.5 bottom-0">0</span>
        </div>
        <svg
          aria-hidden
          className="h-10 w-full overflow-visible"
          viewBox={`0 0 ${width} ${PLOT_HEIGHT}`}
          preserveAspectRatio="none"
        >
          <line
            x1={0}
            x2={width}
            y1={open(0)}
            y2={open(0)}
            vectorEffect="non-scaling-stroke"
            className="stroke-zinc-200 dark:stroke-zinc-800"
          />
          <LinePath<ActivityDay>
            data={days}
            x={center}
            y={(d) => open(d.needsAttention)}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
            className="fill-none stroke-amber-700 dark:stroke-amber-400"
          />
        </svg>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {STACK.map(({ level, label, className }) => (
          <li key={level} className="flex items-center gap-1.5">
            <svg aria-hidden className="size-2.5" viewBox="0 0 10 10">
              <rect width={10} height={10} rx={2} className={className} />
            </svg>
            {label}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <svg aria-hidden className="h-2.5 w-4" viewBox="0 0 16 10">
            <line
              x1={0}
              x2={16}
              y1={5}
              y2={5}
              strokeWidth={2}
              className="stroke-amber-700 dark:stroke-amber-400"
            />
          </svg>
          Still needs attention (below, on its own scale)
        </li>
      </ul>
    </figure>
  );
}
