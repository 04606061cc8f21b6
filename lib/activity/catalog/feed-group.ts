/**
 * A group of the feed's event-type filter ("Orders", "Emails"…). Its key prefixes every event
 * type in it, so "All … events" filters by `key.*`; the feed shows groups in catalog order.
 */
export type FeedGroup<K extends string = string> = {
  key: K;
  label: string;
  /** The "All … events" choice. */
  allLabel: string;
};

export function defineFeedGroup<const K extends string>(group: FeedGroup<K>): FeedGroup<K> {
  return group;
}
