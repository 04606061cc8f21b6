import { and, eq, getTableColumns, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Changes } from "@/db/schema";
import type { EventType, PayloadInput } from "@/lib/activity/catalog/catalog";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { LogOptions } from "@/lib/activity/write/build-row";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";

type StoreTable = PgTable;
type Row<T extends StoreTable> = InferSelectModel<T>;

export type ChangeSpec<T extends StoreTable, E extends EventType> = {
  table: T;
  /** Which record: its conditions besides the store (always added), e.g. `eq(orders.id, id)`. */
  match: SQL;
  /** The column holding the store id: `storeId` unless given (the `stores` table itself: `stores.id`). */
  storeColumn?: PgColumn;
  /** The entity the event is about, when `log` does not say. */
  entity: { type: string; id: string };
  /** The new values of the fields being edited. */
  patch: Partial<Row<T>>;
  /** Bookkeeping set with the change but not shown as part of it (a timestamp). */
  alsoSet?: Partial<Row<T>>;
  /**
   * Field labels for the timeline ("Shipping address"). For an object field (jsonb) each
   * sub-field is compared on its own, labelled `field.sub` if given, else "Label · sub".
   */
  labels: Partial<Record<(keyof Row<T> & string) | `${keyof Row<T> & string}.${string}`, string>>;
  /**
   * How a field's old and new values are written into `changes`, for values that must never
   * be logged as they are (a signing secret: its masked form). Whether it changed is decided
   * on the real values.
   */
  present?: Partial<Record<keyof Row<T> & string, (value: unknown) => unknown>>;
  event: E;
  payload: (before: Row<T>, after: Row<T>, changes: Changes) => PayloadInput<E>;
  /** The event's order, entity…; defaults to the record itself as the entity. */
  log?: (before: Row<T>) => LogOptions;
  /** Checked against the locked current row (a transition the record's state forbids): throw an AppError. */
  check?: (before: Row<T>, after: Row<T>) => void;
  notFoundMessage?: string;
};

export type ChangeResult<T extends StoreTable> = {
  changed: boolean;
  before: Row<T>;
  after: Row<T>;
  changes: Changes;
  eventId: string | null;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Flattens the patched fields: object fields become one entry per sub-field (`shippingAddress.city`). */
function flatten(row: Record<string, unknown>, fields: string[]) {
  const flat: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[field];
    if (isPlainObject(value)) for (const [sub, v] of Object.entries(value)) flat[`${field}.${sub}`] = v;
    else flat[field] = value;
  }
  return flat;
}

/**
 * The way to change a record and have it on the timeline: in one transaction, lock the row
 * (store-scoped), apply the patch, compute `changes` from before and after (only fields that
 * really changed, with their labels), and log the event with the strict logger — so the edit
 * and its event commit together or not at all. Nothing changed: no write and no event.
 */
export async function recordChange<T extends StoreTable, E extends EventType>(
  db: Db,
  activity: ActivityContext,
  spec: ChangeSpec<T, E>,
): Promise<ChangeResult<T>> {
  const columns = getTableColumns(spec.table) as Record<string, PgColumn>;
  const fields = Object.keys(spec.patch).filter((field) => field in columns);
  return db.transaction(async (tx) => {
    const storeColumn = spec.storeColumn ?? columns.storeId;
    if (!storeColumn) throw new Error("recordChange: the table has no storeId column; pass storeColumn");
    const where = and(spec.match, eq(storeColumn, activity.storeId));
    const [before] = (await tx
      .select()
      .from(spec.table as PgTable)
      .where(where)
      .for("update")
      .limit(1)) as Row<T>[];
    if (!before) throw notFound(spec.notFoundMessage ?? "That record is not in this store.");
    const after = { ...before, ...spec.patch } as Row<T>;
    spec.check?.(before, after);

    const flatBefore = flatten(before as Record<string, unknown>, fields);
    const flatAfter = flatten(after as Record<string, unknown>, fields);
    for (const key of Object.keys(flatBefore)) if (!(key in flatAfter)) flatAfter[key] = null;
    const labels: Record<string, string> = {};
    const given = spec.labels as Record<string, string | undefined>;
    for (const key of Object.keys(flatAfter)) {
      const [field, sub] = key.split(".", 2) as [string, string | undefined];
      const label = given[key] ?? (sub && given[field] ? `${given[field]} · ${sub}` : given[field]);
      if (label) labels[key] = label;
    }
    const changes = diffChanges(flatBefore, flatAfter, labels);
    const present = (spec.present ?? {}) as Record<string, ((value: unknown) => unknown) | undefined>;
    for (const [field, change] of Object.entries(changes)) {
      const shown = present[field];
      if (shown) changes[field] = { ...change, old: shown(change.old), new: shown(change.new) };
    }
    if (Object.keys(changes).length === 0)
      return { changed: false, before, after: before, changes, eventId: null };

    const set: Record<string, unknown> = Object.fromEntries(
      fields.map((f) => [f, (spec.patch as Record<string, unknown>)[f]]),
    );
    Object.assign(set, spec.alsoSet);
    if ("updatedAt" in columns && !("updatedAt" in set)) set.updatedAt = new Date();
    const [updated] = (await tx
      .update(spec.table)
      .set(set as never)
      .where(where)
      .returning()) as Row<T>[];
    const options = spec.log?.(before) ?? { entity: spec.entity };
    const logged = await logEventStrict(tx, activity, spec.event, spec.payload(before, updated!, changes), {
      ...options,
      changes,
    });
    return { changed: true, before, after: updated!, changes, eventId: logged.id };
  });
}
