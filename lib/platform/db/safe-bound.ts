import { sql } from "drizzle-orm";
import { isoMicros } from "./query-rows";

/**
 * A time no row still to commit can be stamped before, as exact UTC text: now less
 * `lagSeconds`, or the start of the oldest transaction still open in this database if earlier
 * (a row's `inserted_at` is its transaction's start, and it becomes visible only at commit).
 * What a job that follows the log by `inserted_at` may safely read up to.
 */
export const safeBound = (lagSeconds: number) =>
  sql.raw(
    isoMicros(`least(now() - interval '${Number(lagSeconds)} seconds', (select min(xact_start) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null))`),
  );
