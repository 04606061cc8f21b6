import type { EventType } from "@/lib/activity/catalog/catalog";
import type { Db } from "@/lib/platform/db/types";
import type { ActivityContext } from "./activity-context";
import { buildActivityRow, buildCustomActivityRow, type CustomEvent, type LogOptions } from "./build-row";
import { type LogResult, writeRowStrict } from "./log-event";

/**
 * An event whose type is known only at run time (sent to the REST API): a catalog type, its
 * payload still to be checked against the catalog, or a `custom.*` event.
 */
export type ExternalEvent = { type: EventType; payload: unknown } | CustomEvent;

const isCustom = (event: ExternalEvent): event is CustomEvent => "message" in event;

/**
 * `logEventStrict` for an external event: the same row builder and checks, the same strict
 * insert. A catalog payload that fails its schema, or a row the database refuses, throws
 * `ActivityWriteError`; a dedupe key already used is `duplicate`, not an error.
 */
export function logExternalEventStrict(
  db: Db,
  activity: ActivityContext,
  event: ExternalEvent,
  options: LogOptions = {},
): Promise<LogResult> {
  return writeRowStrict(
    db,
    isCustom(event)
      ? buildCustomActivityRow(activity, event, options)
      : buildActivityRow(activity, event.type, event.payload, options),
  );
}
