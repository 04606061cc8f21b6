import { sql } from "drizzle-orm";
import type { Db } from "@/lib/platform/db/types";

/**
 * What an attacker holding the database's keys could do: runs `statements` — SQL text (several
 * statements split at `;` and a new line) or a function of the transaction — as `db`'s role
 * (the superuser or the tables' owner) with the append-only triggers off.
 */
export async function tamper(db: Db, statements: string | ((tx: Db) => Promise<unknown>)) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    if (typeof statements === "function") await statements(tx);
    else for (const statement of statements.split(/;\s*\n/)) await tx.execute(sql.raw(statement));
  });
}
