import { sql } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";

/** The most distinct types the walk visits (catalog types plus custom ones), so it stays bounded. */
const MAX_TYPES_VISITED = 1_000;

/**
 * The integrations' own event types (`custom.*`) that a store's log holds, alphabetically, for
 * the feed's type filter. A walk over the store's distinct types in the type index
 * (`store_id, event_type, …`): one index probe per type (`event_type > the last one`), never a
 * scan of the store's rows. A `like 'custom.%'` alone cannot be an index range under most
 * collations (only "C" makes it one), and read every row of the store: at millions of rows, the
 * feed page's slowest query. The prefix is matched on the few types found instead.
 */
export async function listCustomEventTypes(db: Db, storeId: string, limit = 100): Promise<string[]> {
  const result: unknown = await db.execute(sql`
    with recursive types (type, visited) as (
      (select event_type, 1 from activity_log
        where store_id = ${storeId} and visibility <> 'debug'
        order by event_type limit 1)
      union all
      select next.event_type, types.visited + 1
        from types
        cross join lateral (
          select event_type from activity_log
           where store_id = ${storeId} and event_type > types.type and visibility <> 'debug'
           order by event_type limit 1
        ) as next
       where types.visited < ${MAX_TYPES_VISITED}
    )
    select type from types where type like 'custom.%' order by type limit ${limit}`);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  return (rows as { type: string }[]).map((row) => row.type);
}
