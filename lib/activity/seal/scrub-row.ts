import { REDACTED } from "@/lib/activity/catalog/payload-fields";
import { commitment, payloadKey, personalColumns, personalPayloadFields } from "./seal-forms";
import type { SealedRow } from "./sealed-row";

export { REDACTED };

/** The columns a scrub writes. */
export type ScrubbedColumns = Pick<
  SealedRow,
  "message" | "payload" | "changes" | "ip_address" | "user_agent" | "redactions" | "seal_salt"
>;

/**
 * The stored form of a row once its personal data is scrubbed: the catalog's personal payload
 * fields replaced by a marker, the message replaced (re-rendered by the caller from the scrubbed
 * payload), changes, IP and user agent removed; the commitment to every personal value kept in
 * `redactions`, and the salt dropped, so the seal still verifies and the commitments cannot be
 * brute-forced. Scrubbing a scrubbed row again keeps its first commitments.
 */
export function scrubbedRowForm(row: SealedRow, message: string = REDACTED): ScrubbedColumns {
  const redactions: Record<string, string> = { ...row.redactions };
  const keep = (key: string, value: unknown) => {
    const committed = commitment(row.seal_salt, key, value);
    if (committed !== null) redactions[key] ??= committed;
  };
  for (const column of personalColumns) keep(column, row[column]);
  const payload: Record<string, unknown> = { ...row.payload };
  for (const field of personalPayloadFields(row.event_type)) {
    if (!Object.hasOwn(payload, field) && !row.redactions?.[payloadKey(field)]) continue;
    keep(payloadKey(field), payload[field]);
    payload[field] = REDACTED;
  }
  return { message, payload, changes: null, ip_address: null, user_agent: null, redactions, seal_salt: null };
}
