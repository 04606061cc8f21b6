import { formatDistanceToNow } from "date-fns";
import type { ActivityRow } from "@/db/schema";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { EventTime } from "./event-time";

/** The API's resolution note starts with the key that resolved it (`Resolved with the API key “CI”.`). */
const API_KEY_NOTE = /^Resolved with the (API key “[^”]+”)\.\s*/;

/**
 * Who resolved an event: a person by name, an API key by its name, or Storyline itself (a
 * later success superseded the failure). `resolvers` maps user ids to names.
 */
export function resolvedByLabel(row: ActivityRow, resolvers: Map<string, string>): string {
  if (row.resolvedBy) return resolvers.get(row.resolvedBy) ?? "a former member";
  const key = row.resolutionNote?.match(API_KEY_NOTE);
  return key ? key[1]! : "Storyline";
}

/** The note as a person wrote it, without the key prefix the API adds (the key is named already). */
function noteOf(row: ActivityRow): string | null {
  const note = row.resolutionNote?.replace(API_KEY_NOTE, "").trim();
  return note || null;
}

/** "Resolved by Olivia · 2 hours ago — “Refunded in full in Stripe.”" */
export function ResolutionLine({
  row,
  resolvers,
  timeZone,
  now,
}: {
  row: ActivityRow;
  resolvers: Map<string, string>;
  timeZone: string;
  now: Date;
}) {
  if (!row.resolvedAt) return null;
  const note = noteOf(row);
  return (
    <span className="mt-0.5 block text-xs text-emerald-800 dark:text-emerald-300" data-testid="resolution">
      Resolved by <span data-testid="resolved-by">{resolvedByLabel(row, resolvers)}</span>
      {" · "}
      <EventTime
        iso={row.resolvedAt.toISOString()}
        label={formatDistanceToNow(row.resolvedAt, { addSuffix: true })}
        full={formatEventTime(row.resolvedAt, timeZone, now).full}
        focusable={false}
      />
      {note ? (
        <span className="block break-words text-zinc-600 dark:text-zinc-400" data-testid="resolution-note">
          “{note}”
        </span>
      ) : null}
    </span>
  );
}
