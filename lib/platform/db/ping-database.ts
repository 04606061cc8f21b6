import { sql } from "drizzle-orm";
import { asDatabaseUnavailable } from "../database-unavailable";
import type { Db } from "./types";

/** Whether the database answers a trivial query, and if not, why. */
export async function pingDatabase(db: Db): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await db.execute(sql`select 1`);
    return { ok: true };
  } catch (error) {
    const reason = asDatabaseUnavailable(error) ?? error;
    return { ok: false, error: reason instanceof Error ? reason.message : String(reason) };
  }
}
