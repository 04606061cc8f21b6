import type { ActivityFilters } from "@/lib/activity/read/activity-filters";
import { eventIdFloor, eventIdTime } from "./event-id-time";
import { REPLAY_OVERLAP_MS } from "./list-activity-since";

/** Where a page's live stream starts, and which of its rendered rows the replay will repeat. */
export type LiveCursor = {
  /** Passed as `?after=`: the stream replays from (a little before) the render. */
  after: string;
  /** Rendered rows young enough to be replayed: the page does not count them as new. */
  seen: string[];
};

/** The cursor of a page rendered now with `rows` (any order). */
export function liveCursor(rows: readonly { id: string }[], now = Date.now()): LiveCursor {
  const replayedFrom = now - REPLAY_OVERLAP_MS - 1_000;
  return {
    after: eventIdFloor(now),
    seen: rows.filter((row) => (eventIdTime(row.id) ?? 0) >= replayedFrom).map((row) => row.id),
  };
}

/** What a feed counts as new, judged from a stream event's level, type and order. */
export type LiveFeedMatch = { levels: string[] | null; type: string | null; orderId: string | null };

/**
 * The feed's filters as a live match, or null when a new event cannot be judged from what the
 * stream says of it (a text search, an entity or actor filter, a date range that has ended).
 */
export function liveFeedMatch(filters: ActivityFilters, now = new Date()): LiveFeedMatch | null {
  if (filters.q || filters.entityType || filters.entityId || filters.actorType || filters.actorId)
    return null;
  if (filters.to && filters.to <= now) return null;
  const levels = filters.needsAttention
    ? (filters.level?.length ? filters.level : ["warning", "error"]).filter((level) => level !== "info")
    : filters.level?.length
      ? filters.level
      : null;
  return { levels, type: filters.type ?? null, orderId: filters.orderId ?? null };
}
