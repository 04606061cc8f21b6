import type { FeedGroup } from "./feed-group";

/** The event types in `C` that do not start with their feed group's key. */
type OutsideTheirGroup<C> = {
  [T in keyof C & string]: C[T] extends { feedGroup: FeedGroup<infer K> }
    ? T extends `${K}.${string}`
      ? never
      : T
    : T;
}[keyof C & string];

/**
 * The catalog, checked: every event type starts with its feed group's key, so choosing
 * "All … events" in the feed (a `key.*` filter) finds every type the group lists.
 */
export function defineCatalog<C extends Record<string, { feedGroup: FeedGroup }>>(
  events: C & { [T in OutsideTheirGroup<C>]: `${T} must start with its feed group's key` },
): C {
  return events;
}
