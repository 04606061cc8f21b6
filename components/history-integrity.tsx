import { ShieldAlert, ShieldCheck, ShieldEllipsis } from "lucide-react";
import { Card } from "./page-header";

export type HistoryIntegrityView =
  | { state: "verified"; throughIso: string | null; through: string; rows: number }
  | { state: "failed"; failure: string; failedAt: string | null }
  | { state: "pending" };

/**
 * The sealed history's last check, for Settings: "History verified through …", or in red what
 * the check found wrong. Owners also get the signed checkpoints to keep elsewhere.
 */
export function HistoryIntegrity({
  view,
  checkpointsHref,
}: {
  view: HistoryIntegrityView;
  checkpointsHref: string | null;
}) {
  return (
    <Card title="History integrity">
      <div data-testid="history-integrity">
        {view.state === "verified" ? (
          <p className="flex items-start gap-2 text-sm text-emerald-700 dark:text-emerald-400">
            <ShieldCheck aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              History verified through{" "}
              {view.throughIso ? <time dateTime={view.throughIso}>{view.through}</time> : view.through} (
              {view.rows.toLocaleString("en-GB")} sealed rows).
            </span>
          </p>
        ) : view.state === "failed" ? (
          <p role="alert" className="flex items-start gap-2 text-sm text-red-700 dark:text-red-400">
            <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span className="min-w-0 break-words">
              The history failed its integrity check{view.failedAt ? ` on ${view.failedAt}` : ""}:{" "}
              {view.failure}
            </span>
          </p>
        ) : (
          <p className="flex items-start gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <ShieldEllipsis aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>The history is sealed as it is written; its first check runs within the hour.</span>
          </p>
        )}
        {checkpointsHref ? (
          <a
            href={checkpointsHref}
            className="mt-2 inline-block text-sm font-medium text-brand-600 hover:underline dark:text-blue-300"
            download
          >
            Download signed checkpoints
          </a>
        ) : null}
      </div>
    </Card>
  );
}
