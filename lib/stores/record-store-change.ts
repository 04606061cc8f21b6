import { eq, type InferSelectModel } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";

type StoreRow = InferSelectModel<typeof stores>;

/**
 * Owners change fields of their own store: the row updated and `settings.updated` logged with
 * `changes` in one transaction, its summary naming what changed ("the store name, currency").
 * Nothing changed: no write and no event.
 */
export function recordStoreChange<K extends keyof StoreRow & string>(
  db: Db,
  activity: ActivityContext,
  patch: Pick<StoreRow, K>,
  labels: Record<K, string>,
) {
  return recordChange(db, activity, {
    table: stores,
    storeColumn: stores.id,
    match: eq(stores.id, activity.storeId),
    entity: { type: "store", id: activity.storeId },
    patch: patch as Partial<StoreRow>,
    labels: labels as Partial<Record<keyof StoreRow & string, string>>,
    event: "settings.updated",
    payload: (_before, _after, changes) => ({
      summary: `the ${Object.values(changes)
        .map((c) => c.label?.replace(/ \(days\)$/, "").toLowerCase())
        .filter(Boolean)
        .join(", ")}`,
    }),
  });
}
