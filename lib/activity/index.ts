/** The activity core: write through `logEvent`, read through the list/count functions. */
export { ActivityFilters } from "./activity-filters";
export type { ActivityContext, LogOptions } from "./build-row";
export {
  catalog,
  type EventType,
  eventGroups,
  eventTypes,
  isEventType,
  type Payload,
  type PayloadInput,
} from "./catalog";
export { countNeedsAttention } from "./count-needs-attention";
export { decodeCursor, encodeCursor } from "./cursor";
export { diffChanges } from "./diff-changes";
export { type ActivityPage, listActivity } from "./list-activity";
export { listOrderTimeline } from "./list-order-timeline";
export { ActivityWriteError, type LogResult, logEvent, logEventStrict } from "./log-event";
export { purgeExpiredActivity } from "./purge-expired-activity";
export { activityWriterHealth, replaySpool, startSpoolReplayer, stopSpoolReplayer } from "./replay-spool";
export { type ResolveResult, resolveEvents } from "./resolve-events";
export { resolveSuperseded } from "./resolve-superseded";
