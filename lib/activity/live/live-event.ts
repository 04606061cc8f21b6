import { type ActivityLevel, activityLevels } from "@/db/schema";

/** What an open page hears of a new activity row: enough to decide whether to look again. */
export type LiveEvent = {
  id: string;
  storeId: string;
  orderId: string | null;
  level: ActivityLevel;
  type: string;
};

/** The channel the `activity_log_notify` trigger announces committed inserts on. */
export const ACTIVITY_CHANNEL = "activity_log";

const isLevel = (value: unknown): value is ActivityLevel =>
  typeof value === "string" && (activityLevels as readonly string[]).includes(value);

/**
 * The events in one notification: a JSON array of `[store_id, id, order_id, level, event_type]`
 * (see the migration that adds the trigger). Malformed entries are skipped, never thrown.
 */
export function parseActivityNotification(payload: string): LiveEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const events: LiveEvent[] = [];
  for (const entry of parsed) {
    if (!Array.isArray(entry)) continue;
    const [storeId, id, orderId, level, type] = entry as unknown[];
    if (typeof storeId !== "string" || typeof id !== "string" || typeof type !== "string") continue;
    if (!isLevel(level) || (orderId !== null && typeof orderId !== "string")) continue;
    events.push({ id, storeId, orderId, level, type });
  }
  return events;
}
