/** The activity core: write through `logEvent`, read through the list/count functions. */

export {
  catalog,
  type EventType,
  eventGroups,
  eventTypes,
  isEventType,
  type Payload,
  type PayloadInput,
} from "./catalog/catalog";
export { ActivityFilters } from "./read/activity-filters";
export { countNeedsAttention } from "./read/count-needs-attention";
export { decodeCursor, encodeCursor } from "./read/cursor";
export { type ActivityPage, listActivity } from "./read/list-activity";
export { listOrderTimeline } from "./read/list-order-timeline";
export type { ActivityContext } from "./write/activity-context";
export type { LogOptions } from "./write/build-row";
export { diffChanges } from "./write/diff-changes";
export { type DroppedPartition, dropExpiredPartitions } from "./write/drop-expired-partitions";
export { ActivityWriteError, type LogResult, logEvent, logEventStrict } from "./write/log-event";
export { maintainActivityPartitions, type PartitionMaintenance } from "./write/maintain-activity-partitions";
export { purgeExpiredActivity } from "./write/purge-expired-activity";
export {
  activityWriterHealth,
  replaySpool,
  startSpoolReplayer,
  stopSpoolReplayer,
} from "./write/replay-spool";
export { type ResolveResult, resolveEvents } from "./write/resolve-events";
export { resolveSuperseded } from "./write/resolve-superseded";
