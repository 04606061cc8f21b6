import { sql } from "drizzle-orm";
import { countedThrough, notCountedYet } from "@/lib/activity/counts/count-activity";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";

/**
 * The integrations' own event types (`custom.*`) that a store's log holds, alphabetically, for
 * the feed's type filter: the types the count-activity job has recorded
 * (`activity_custom_types`), plus those of the rows written since its bookmark, in one
 * snapshot. Before, this walked the store's distinct types in the type index, one probe per
 * type in every monthly partition: the feed page's slowest read at 25 months.
 */
export async function listCustomEventTypes(db: Db, storeId: string, limit = 100): Promise<string[]> {
  const hint = await countedThrough(db);
  const rows = await queryRows<{ type: string }>(
    db,
    sql`select event_type as type from activity_custom_types where store_id = ${storeId}
        union
        select a.event_type from activity_log a
         where a.store_id = ${storeId} and a.visibility <> 'debug' and a.event_type like 'custom.%'
           and ${notCountedYet(hint)}
        order by 1 limit ${limit}`,
  );
  return rows.map((row) => row.type);
}
