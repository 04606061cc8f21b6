const widths = ["w-3/4", "w-1/2", "w-2/3", "w-5/6", "w-2/5", "w-3/5"];

/** Placeholder rows for the feed while a filter, tab or page loads. */
export function ActivityFilterSkeleton() {
  return (
    <div data-testid="activity-loading">
      <p role="status" className="sr-only">
        Loading activity…
      </p>
      <ul aria-hidden className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {widths.map((width) => (
          <li key={width} className="flex items-start gap-3 py-2.5">
            <span className="mt-1 size-4 shrink-0 animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800" />
            <span className="mt-1 h-3 w-20 shrink-0 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
            <span className="flex-1 space-y-1.5">
              <span className={`block h-3.5 ${width} animate-pulse rounded bg-zinc-200 dark:bg-zinc-800`} />
              <span className="block h-3 w-1/3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
