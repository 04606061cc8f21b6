import { ChevronRight } from "lucide-react";
import Link from "next/link";

/** A figure on the dashboard that opens the list it counts; the whole card is the link. */
export function StatCard({
  title,
  value,
  href,
  linkLabel,
  testId,
}: {
  title: string;
  value: number;
  href: string;
  /** A line under the figure saying what the link opens. */
  linkLabel: string;
  testId?: string;
}) {
  return (
    <Link
      href={href}
      className="group block min-w-0 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm sm:p-4 hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-brand-500"
    >
      <span className="flex items-start justify-between gap-1 text-sm font-semibold">
        {title}
        <ChevronRight
          aria-hidden
          className="size-4 text-zinc-500 group-hover:text-brand-600 dark:text-zinc-400"
        />
      </span>
      <span
        className="mt-1 block text-2xl font-semibold tabular-nums sm:mt-2 sm:text-3xl"
        data-testid={testId}
      >
        {value}
      </span>
      <span className="mt-1 hidden text-xs text-zinc-600 sm:block underline-offset-2 group-hover:underline dark:text-zinc-400">
        {linkLabel}
      </span>
    </Link>
  );
}
