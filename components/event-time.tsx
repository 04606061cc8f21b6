"use client";

import { Tooltip } from "./ui/tooltip";

/**
 * A time as the log shows it ("14:23", "2 hours ago") with the exact date and time in a tooltip
 * (on hover and on keyboard focus), in `dateTime`, and as visually hidden text for screen readers. The texts are
 * formatted on the server, in the store's time zone.
 */
export function EventTime({
  iso,
  label,
  full,
  className,
  focusable = true,
}: {
  iso: string;
  label: string;
  full: string;
  className?: string;
  /** False inside an element that takes focus itself (a `<summary>`): no second tab stop. */
  focusable?: boolean;
}) {
  return (
    <Tooltip content={full}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the exact time must be reachable by keyboard too */}
      <time dateTime={iso} tabIndex={focusable ? 0 : undefined} className={className}>
        {label}
        <span className="sr-only"> ({full})</span>
      </time>
    </Tooltip>
  );
}
