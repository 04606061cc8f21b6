import { uuidv7 } from "uuidv7";
import { describe, expect, it } from "vitest";
import type { ActivityRow } from "@/db/schema";
import type { EventType, PayloadInput } from "@/lib/activity/catalog/catalog";
import {
  collapseRetryChains,
  countTimes,
  type TimelineItem,
} from "@/lib/activity/read/collapse-retry-chains";
import { buildActivityRow } from "@/lib/activity/write/build-row";

const storeId = uuidv7();
const worker = {
  storeId,
  actor: { type: "worker" as const, label: "Order submission worker" },
  source: "worker" as const,
};
let clock = Date.parse("2026-02-16T10:00:00Z");

/** A row as the database would return it, built through the real catalog. */
function row<T extends EventType>(type: T, payload: PayloadInput<T>, orderId: string): ActivityRow {
  clock += 60_000;
  const { row } = buildActivityRow(worker, type, payload, { orderId, occurredAt: new Date(clock) });
  return {
    ...row,
    entityType: row.entityType ?? null,
    entityId: row.entityId ?? null,
    orderId: row.orderId ?? null,
    actorId: row.actorId ?? null,
    visibility: row.visibility ?? "internal",
    payload: row.payload ?? {},
    changes: row.changes ?? null,
    correlationId: row.correlationId ?? null,
    dedupeKey: row.dedupeKey ?? null,
    ipAddress: row.ipAddress ?? null,
    userAgent: row.userAgent ?? null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
    sealSalt: null,
    redactions: null,
    redactedAt: null,
    occurredAt: row.occurredAt,
    insertedAt: row.occurredAt,
  };
}

const failed = (orderId: string, attempt: number, final = false) =>
  row(
    "order.submission_failed",
    { reason: "Printify API timed out", attempt, maxAttempts: 3, retryable: !final, final },
    orderId,
  );
const retried = (orderId: string, attempt: number) =>
  row("order.submission_retried", { attempt, maxAttempts: 3 }, orderId);
const submitted = (orderId: string) => row("order.submitted", { providerOrderId: "PFY-1" }, orderId);
const created = (orderId: string) => row("order.created", { amount: 4300, currency: "GBP" }, orderId);
const email = (orderId: string) => row("order.email.confirmation_sent", { to: "c@example.com" }, orderId);

/** A readable shape of the result: event types for events, the summary for chains. */
function shape(items: TimelineItem[]) {
  return items.map((item) =>
    item.kind === "event"
      ? item.row.eventType
      : { summary: item.summary, level: item.level, outcome: item.outcome, rows: item.rows.length },
  );
}

describe("collapseRetryChains", () => {
  it("folds one failure, its retry and the success into one warning entry", () => {
    const o = uuidv7();
    const rows = [created(o), failed(o, 1), retried(o, 2), submitted(o), email(o)];
    const items = collapseRetryChains(rows);
    expect(shape(items)).toEqual([
      "order.created",
      { summary: "Submitted after failing once", level: "info", outcome: "succeeded", rows: 3 },
      "order.email.confirmation_sent",
    ]);
    const chain = items[1]!;
    expect(chain.kind === "chain" && chain.rows.map((r) => r.id)).toEqual(rows.slice(1, 4).map((r) => r.id));
  });

  it("counts two failures as twice", () => {
    const o = uuidv7();
    const items = collapseRetryChains([
      failed(o, 1),
      retried(o, 2),
      failed(o, 2),
      retried(o, 3),
      submitted(o),
    ]);
    expect(shape(items)).toEqual([
      { summary: "Submitted after failing twice", level: "info", outcome: "succeeded", rows: 5 },
    ]);
  });

  it("leaves a timeline without failures alone", () => {
    const o = uuidv7();
    const rows = [created(o), email(o), submitted(o)];
    const items = collapseRetryChains(rows);
    expect(items).toEqual(rows.map((r) => ({ kind: "event", row: r })));
  });

  it("a chain that ends in a final failure is an error: failed N times", () => {
    const o = uuidv7();
    const rows = [
      created(o),
      failed(o, 1),
      retried(o, 2),
      failed(o, 2),
      retried(o, 3),
      failed(o, 3, true),
      email(o),
    ];
    expect(shape(collapseRetryChains(rows))).toEqual([
      "order.created",
      { summary: "Submission failed 3 times", level: "error", outcome: "failed", rows: 5 },
      "order.email.confirmation_sent",
    ]);
  });

  it("a chain still retrying at the end of the rows is pending", () => {
    const o = uuidv7();
    expect(shape(collapseRetryChains([created(o), failed(o, 1), retried(o, 2)]))).toEqual([
      "order.created",
      { summary: "Submission failed once, still retrying", level: "warning", outcome: "pending", rows: 2 },
    ]);
  });

  it("a lone failure (final, or with no retry yet) keeps its own message", () => {
    const a = uuidv7();
    const b = uuidv7();
    expect(shape(collapseRetryChains([failed(a, 1, true), failed(b, 1)]))).toEqual([
      "order.submission_failed",
      "order.submission_failed",
    ]);
  });

  it("events between attempts do not break the chain: they follow its entry in their own order", () => {
    const o = uuidv7();
    const first = failed(o, 1);
    const between = email(o);
    const retry = retried(o, 2);
    const note = row("order.note_added", { note: "Printify is slow today" }, o);
    const ok = submitted(o);
    const items = collapseRetryChains([created(o), first, between, retry, note, ok]);
    expect(shape(items)).toEqual([
      "order.created",
      { summary: "Submitted after failing once", level: "info", outcome: "succeeded", rows: 3 },
      "order.email.confirmation_sent",
      "order.note_added",
    ]);
    const chain = items[1]!;
    expect(chain.kind === "chain" && chain.rows).toEqual([first, retry, ok]);
  });

  it("keeps the chains of different orders apart", () => {
    const a = uuidv7();
    const b = uuidv7();
    const items = collapseRetryChains([
      failed(a, 1),
      failed(b, 1),
      retried(a, 2),
      submitted(b),
      submitted(a),
    ]);
    expect(shape(items)).toEqual([
      { summary: "Submitted after failing once", level: "info", outcome: "succeeded", rows: 3 },
      { summary: "Submitted after failing once", level: "info", outcome: "succeeded", rows: 2 },
    ]);
    expect(items.map((i) => i.kind === "chain" && i.rows[0]!.orderId)).toEqual([a, b]);
  });

  it("a success after a finished chain is a plain event", () => {
    const o = uuidv7();
    expect(shape(collapseRetryChains([failed(o, 1), submitted(o), retried(o, 1), submitted(o)]))).toEqual([
      { summary: "Submitted after failing once", level: "info", outcome: "succeeded", rows: 2 },
      "order.submission_retried",
      "order.submitted",
    ]);
  });

  it("says once, twice, N times", () => {
    expect([1, 2, 3, 10].map(countTimes)).toEqual(["once", "twice", "3 times", "10 times"]);
  });
});
