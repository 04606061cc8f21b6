/** Printify's timestamps look like `2017-04-18 13:24:28+00:00` (a space, not a `T`). */
export function parsePrintifyTime(value: unknown): Date | null {
  if (typeof value !== "string" || !value.trim()) return null;
  const date = new Date(value.trim().replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? null : date;
}
