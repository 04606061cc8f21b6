"use client";

import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import { useId, useLayoutEffect, useRef, useState } from "react";
import type { ActivityLevel } from "@/db/schema";
import type { ActivityByDay, ActivityDay } from "@/lib/activity/read/count-activity-by-day";

const HEIGHT = 176;
const MARGIN = { top: 12, right: 8, bottom: 24, left: 32 };

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

/** The width of the chart's box, measured after mount (the server draws it at a desk's width). */
function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

type Props = {
  data: ActivityByDay;
  /** The feed's URL for one calendar day, e.g. `/admin/activity?from=2026-03-01&to=2026-03-01`. */
  dayHref?: (day: string) => string;
  title?: string;
  /** Drawn in its own card, with space below: for the top of a page. */
  framed?: boolean;
};

export const feedDayHref = (day: string) => `/admin/activity?from=${day}&to=${day}`;

/**
 * Events per day, stacked by level, with the line of that day's events still needing attention.
 * Every day is a link to the feed filtered to that day, with a sentence for screen readers;
 * levels are told apart by their legend and order, not colour alone.
 */
export function ActivityChart({
  data,
  dayHref = feedDayHref,
  title = "Activity, last 30 days",
  framed,
}: Props) {
  const titleId = useId();
  const [ref, width] = useWidth(720);
  const { days } = data;
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...days.map(total));
  const x = scaleBand<string>({ domain: days.map((d) => d.day), range: [0, innerWidth], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true });
  const [top] = y.domain().slice(-1) as [number];
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
      <figcaption className="mb-1 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <span id={titleId} className="text-sm font-semibold">
          {title}
        </span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {plural(sums.events, "event", "events")} · {sums.attention} still{" "}
          {sums.attention === 1 ? "needs" : "need"} attention
        </span>
      </figcaption>
      <div ref={ref} className="w-full">
        <svg width="100%" height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} aria-labelledby={titleId}>
          <title>{title}</title>
          <Group left={MARGIN.left} top={MARGIN.top}>
            {[0, top / 2, top].map((tick) => (
              <g key={tick} aria-hidden>
                <line
                  x1={0}
                  x2={innerWidth}
                  y1={y(tick)}
                  y2={y(tick)}
                  className="stroke-zinc-200 dark:stroke-zinc-800"
                />
                <text
                  x={-6}
                  y={y(tick)}
                  dy="0.32em"
                  textAnchor="end"
                  className="fill-zinc-600 text-[11px] tabular-nums dark:fill-zinc-400"
                >
                  {Number.isInteger(tick) ? tick : ""}
                </text>
              </g>
            ))}
            {days.map((d) => {
              const left = x(d.day) ?? 0;
              let base = 0;
              return (
                <a
                  key={d.day}
                  href={dayHref(d.day)}
                  aria-label={describeDay(d)}
                  className="group outline-none"
                >
                  <title>{describeDay(d)}</title>
                  <rect
                    x={left - (x.step() - x.bandwidth()) / 2}
                    y={0}
                    width={x.step()}
                    height={innerHeight}
                    className="fill-transparent group-hover:fill-zinc-100 group-focus-visible:fill-zinc-100 group-focus-visible:stroke-brand-600 dark:group-hover:fill-zinc-800 dark:group-focus-visible:fill-zinc-800 dark:group-focus-visible:stroke-brand-500"
                    strokeWidth={2}
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
            <LinePath<ActivityDay>
              data={days}
              x={(d) => (x(d.day) ?? 0) + x.bandwidth() / 2}
              y={(d) => y(d.needsAttention)}
              strokeWidth={2}
              strokeDasharray="4 3"
              className="pointer-events-none fill-none stroke-zinc-900 dark:stroke-zinc-100"
              aria-hidden
            />
            {ticks.map((d) => (
              <text
                key={d.day}
                aria-hidden
                x={(x(d.day) ?? 0) + x.bandwidth() / 2}
                y={innerHeight + 16}
                textAnchor="middle"
                className="fill-zinc-600 text-[11px] dark:fill-zinc-400"
              >
                {formatDay(d.day)}
              </text>
            ))}
          </Group>
        </svg>
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
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
              strokeDasharray="4 3"
              className="stroke-zinc-900 dark:stroke-zinc-100"
            />
          </svg>
          Still needs attention
        </li>
      </ul>
    </figure>
  );
}
