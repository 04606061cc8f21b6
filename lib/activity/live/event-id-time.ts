/**
 * Activity ids are UUIDv7: their first 48 bits are the Unix time in milliseconds, so ids sort by
 * the time they were made. These helpers turn a time into the smallest id of that millisecond
 * and back, for "everything after this id" replays.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The millisecond an id was made in, or null when it is not a uuid. */
export function eventIdTime(id: string): number | null {
  if (!UUID.test(id)) return null;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** The smallest id of millisecond `ms`: every id made at or after `ms` sorts above it. */
export function eventIdFloor(ms: number): string {
  const hex = Math.max(0, Math.trunc(ms)).toString(16).padStart(12, "0").slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
