import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";

/** The log's own story: exports, API reads, purges and the history's checks. */
export const activityGroup = defineFeedGroup({
  key: "activity",
  label: "Activity log",
  allLabel: "All exports, API reads, purges and history checks",
});

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** The filters of an export, as text: `{ level: "warning,error", from: "2026-03-01T00:00:00.000Z" }`. */
const ExportFilters = z.record(z.string(), z.string());

function describeFilters(filters: Record<string, string>): string {
  const parts = Object.entries(filters).map(([name, value]) => `${name}: ${value}`);
  return parts.length ? `matching ${parts.join("; ")}` : "of the whole log";
}

/** Who read the log in bulk, and what retention removed from it. */
export const activityEvents = {
  "activity.exported": defineEvent({
    label: "Activity exported",
    level: "info",
    entity: "store",
    feedGroup: activityGroup,
    payload: z.object({
      format: z.enum(["csv", "ndjson"]),
      /** Rows sent to the client. */
      rows: z.number().int().min(0),
      /** Rows the export had when it started (what a complete download holds). */
      expectedRows: z.number().int().min(0),
      /** False when the download was cut off (the client went away, or the database failed). */
      complete: z.boolean(),
      filters: ExportFilters,
    }),
    message: (p, c) =>
      p.complete
        ? `${c.actorLabel} exported ${plural(p.rows, "event")} as ${p.format.toUpperCase()}, ${describeFilters(p.filters)}`
        : `${c.actorLabel}’s ${p.format.toUpperCase()} export stopped after ${plural(p.rows, "event")} of ${p.expectedRows.toLocaleString("en-GB")}, ${describeFilters(p.filters)}`,
  }),
  "activity.api_reads": defineEvent({
    label: "API key reads",
    level: "info",
    entity: "store",
    feedGroup: activityGroup,
    payload: z.object({
      keyId: z.string().min(1),
      keyName: z.string().min(1),
      /** The hour counted, `[hourStart, hourStart + 1 h)`, as ISO-8601. */
      hourStart: z.string().min(1),
      requests: z.number().int().min(1),
      rows: z.number().int().min(0),
    }),
    message: (p) =>
      `API key “${p.keyName}” made ${plural(p.requests, "read request")} returning ${plural(p.rows, "event")} in the hour from ${p.hourStart.slice(11, 16)} UTC`,
  }),
  "activity.purged": defineEvent({
    label: "Activity purged",
    level: "info",
    entity: "store",
    feedGroup: activityGroup,
    payload: z.object({
      deleted: z.number().int().min(1),
      retentionDays: z.number().int().min(30),
      /** Rows that occurred and were recorded before this were expired. */
      before: z.string().min(1),
      oldest: z.string().min(1),
      newest: z.string().min(1),
    }),
    // Written by the database's activity_purge_expired(), which composes the same sentence.
    message: (p) =>
      `Retention removed ${p.deleted} ${p.deleted === 1 ? "event" : "events"} that occurred before ${p.before.slice(0, 10)}`,
  }),
  "activity.retention_applied": defineEvent({
    label: "Retention applied",
    level: "info",
    entity: "store",
    feedGroup: activityGroup,
    payload: z.object({
      /** Rows the daily job removed, in all its batches. */
      removed: z.number().int().min(0),
      retentionDays: z.number().int().min(30).nullable(),
      /** Rows that occurred and were recorded before this were expired; null when none were. */
      cutoff: z.string().nullable(),
      oldest: z.string().nullable(),
      newest: z.string().nullable(),
      /** Rows whose personal data was scrubbed (past the personal-data window). */
      scrubbed: z.number().int().min(0),
      personalDataDays: z.number().int().min(1),
    }),
    message: (p) =>
      [
        p.removed > 0
          ? `Retention removed ${plural(p.removed, "event")} that occurred before ${p.cutoff?.slice(0, 10)}`
          : null,
        p.scrubbed > 0
          ? `${p.removed > 0 ? "scrubbed" : "Retention scrubbed"} the personal data of ${plural(p.scrubbed, "event")} older than ${p.personalDataDays} days`
          : null,
      ]
        .filter(Boolean)
        .join("; ") || "Retention found nothing to remove",
  }),
  "activity.partition_default_used": defineEvent({
    label: "Events without a monthly partition",
    level: "warning",
    entity: "store",
    feedGroup: activityGroup,
    payload: z.object({
      /** This store's rows that had landed in the DEFAULT partition and were moved out. */
      rows: z.number().int().min(1),
      /** The monthly partitions they were moved into (made for them if new). */
      partitions: z.array(z.string().min(1)).min(1),
    }),
    message: (p) =>
      `${plural(p.rows, "event")} occurred in a month the log had no partition for; moved into ${p.partitions.join(", ")}`,
  }),
} as const;
