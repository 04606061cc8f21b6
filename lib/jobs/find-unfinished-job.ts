import { sqlExecutor } from "@/lib/platform/db/sql-executor";
import type { Db } from "@/lib/platform/db/types";
import type { JobName } from "./definitions";

export type UnfinishedState = "created" | "retry" | "active";

/**
 * The state of an order's newest unfinished job of `name` — queued, waiting to retry, or
 * running — or null. pg-boss keeps finished jobs for a week; only these three can still act.
 */
export async function findUnfinishedJob(
  db: Db,
  name: JobName,
  storeId: string,
  orderId: string,
): Promise<UnfinishedState | null> {
  const { rows } = await sqlExecutor(db).executeSql(
    `select state::text as state from pgboss.job
      where name = $1 and data->>'storeId' = $2 and data->>'orderId' = $3
        and state in ('created', 'retry', 'active')
      order by created_on desc limit 1`,
    [name, storeId, orderId],
  );
  return (rows[0] as { state: UnfinishedState } | undefined)?.state ?? null;
}
