import type { ActivityLevel, ActivityRow } from "@/db/schema";

export type RetryChainOutcome = "succeeded" | "failed" | "pending";

export type TimelineItem =
  | { kind: "event"; row: ActivityRow }
  | {
      kind: "chain";
      /** "Submission failed twice, then succeeded". */
      summary: string;
      level: ActivityLevel;
      /** The attempts, oldest first: failures, retries and the closing success or final failure. */
      rows: ActivityRow[];
      outcome: RetryChainOutcome;
      /** Nothing left to do: it succeeded, or every failure in it has been resolved. */
      resolved: boolean;
    };

const FAILED = "order.submission_failed";
const RETRIED = "order.submission_retried";
const SUBMITTED = "order.submitted";

/** A chain that is still open, with where its entry sits in the output. */
type OpenChain = { index: number; rows: ActivityRow[] };

/**
 * Folds each order's submission retries into one timeline entry. Input and output are in
 * timeline order (oldest first); the function is pure.
 *
 * The rule:
 * - A chain starts at an `order.submission_failed` of an order that has no open chain, takes
 *   every later `order.submission_failed` / `order.submission_retried` of the same order, and
 *   ends at that order's `order.submitted` (outcome `succeeded`, info level: it reads as the
 *   success it ended in) or at a failure
 *   with `final: true` (outcome `failed`, error level). A chain the rows end inside is `pending`
 *   (still retrying, warning level).
 * - Other events between attempts (a confirmation email, a staff note) do NOT break the chain:
 *   they are not part of the submission story, so they stay separate entries. The chain entry
 *   sits where its first attempt happened, and those events follow it in their own order —
 *   so entries stay sorted by their first time.
 * - Only a chain of two or more rows collapses: a lone failure (a final, non-retryable one)
 *   keeps its own, more specific message. A retry or a success with no open chain is a plain
 *   event.
 */
export function collapseRetryChains(rows: readonly ActivityRow[]): TimelineItem[] {
  const items: (TimelineItem | null)[] = [];
  const open = new Map<string, OpenChain>();

  const close = (orderId: string, outcome: RetryChainOutcome) => {
    const chain = open.get(orderId);
    if (!chain) return;
    open.delete(orderId);
    items[chain.index] =
      chain.rows.length < 2 ? { kind: "event", row: chain.rows[0]! } : toChain(chain.rows, outcome);
  };

  for (const row of rows) {
    const orderId = row.orderId;
    const chain = orderId ? open.get(orderId) : undefined;
    if (orderId && row.eventType === FAILED) {
      if (chain) chain.rows.push(row);
      else {
        open.set(orderId, { index: items.length, rows: [row] });
        items.push(null); // placeholder, filled when the chain closes
      }
      if (isFinal(row)) close(orderId, "failed");
    } else if (orderId && chain && row.eventType === RETRIED) {
      chain.rows.push(row);
    } else if (orderId && chain && row.eventType === SUBMITTED) {
      chain.rows.push(row);
      close(orderId, "succeeded");
    } else {
      items.push({ kind: "event", row });
    }
  }
  for (const orderId of [...open.keys()]) close(orderId, "pending");
  return items.filter((item): item is TimelineItem => item !== null);
}

function isFinal(row: ActivityRow): boolean {
  const payload = row.payload as { final?: unknown } | null;
  return payload?.final === true;
}

/** "once", "twice", "3 times". */
export function countTimes(n: number): string {
  if (n === 1) return "once";
  if (n === 2) return "twice";
  return `${n} times`;
}

function toChain(rows: ActivityRow[], outcome: RetryChainOutcome): TimelineItem {
  const times = countTimes(rows.filter((r) => r.eventType === FAILED).length);
  const summary =
    outcome === "succeeded"
      ? `Submitted after failing ${times}`
      : outcome === "failed"
        ? `Submission failed ${times}`
        : `Submission failed ${times}, still retrying`;
  const level = outcome === "succeeded" ? "info" : outcome === "failed" ? "error" : "warning";
  const resolved =
    outcome === "succeeded" || rows.every((row) => row.level === "info" || row.resolvedAt !== null);
  return { kind: "chain", summary, level, rows, outcome, resolved };
}
