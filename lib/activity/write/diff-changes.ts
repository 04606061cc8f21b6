import { isDeepStrictEqual } from "node:util";
import type { Changes } from "@/db/schema";

/**
 * `{ field: { old, new } }` for the fields that differ between `before` and `after`, with an
 * optional human label per field. Only fields present in `after` (or in `labels`) are compared;
 * unchanged fields are left out. Dates compare by instant and are stored as ISO strings.
 */
export function diffChanges<T extends Record<string, unknown>>(
  before: Partial<T> | null | undefined,
  after: Partial<T>,
  labels: Partial<Record<keyof T & string, string>> = {},
): Changes {
  const changes: Changes = {};
  const fields = new Set([...Object.keys(after), ...Object.keys(labels)]);
  for (const field of fields) {
    if (!(field in after)) continue;
    const oldValue = normalize(before?.[field]);
    const newValue = normalize(after[field]);
    if (isDeepStrictEqual(oldValue, newValue)) continue;
    const label = labels[field as keyof T & string];
    changes[field] = label ? { old: oldValue, new: newValue, label } : { old: oldValue, new: newValue };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
