import { sql } from "drizzle-orm";
import { isoMicros } from "./query-rows";

/**
 * An activity row as the seal reads it: every column, timestamps as exact text (microseconds,
 * UTC), so that the hash does not depend on a driver's date parsing.
 */
export type SealedRow = {
  id: string;
  store_id: string;
  event_type: string;
  level: string;
  message: string;
  entity_type: string | null;
  entity_id: string | null;
  order_id: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  source: string;
  visibility: string;
  payload: Record<string, unknown>;
  changes: unknown;
  correlation_id: string | null;
  dedupe_key: string | null;
  ip_address: string | null;
  user_agent: string | null;
  occurred_at: string;
  inserted_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
  seal_salt: string | null;
  redactions: Record<string, string> | null;
  redacted_at: string | null;
};

/** The select list of a `SealedRow` from `activity_log` aliased as `alias`. */
export function sealedRowColumns(alias = "a") {
  const c = (name: string) => `${alias}.${name}`;
  return sql.raw(
    [
      "id",
      "store_id",
      "event_type",
      "level",
      "message",
      "entity_type",
      "entity_id",
      "order_id",
      "actor_type",
      "actor_id",
      "actor_label",
      "source",
      "visibility",
      "payload",
      "changes",
      "correlation_id",
      "dedupe_key",
      "ip_address",
      "user_agent",
      "resolved_by",
      "resolution_note",
      "seal_salt",
      "redactions",
    ]
      .map(c)
      .concat(
        ["occurred_at", "inserted_at", "resolved_at", "redacted_at"].map(
          (name) => `${isoMicros(c(name))} as ${name}`,
        ),
      )
      .join(", "),
  );
}
