import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/**
 * A session is valid only while it carries its user's current `session_version`: the
 * session callbacks compare the two on every request. Null when the user no longer exists.
 */
export async function getSessionVersion(db: Db, userId: string): Promise<number | null> {
  const [row] = await db
    .select({ version: users.sessionVersion })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.version ?? null;
}

/**
 * Ends every session of a user at once (sign-out, a new password, a changed or removed
 * membership): the next request with an older session is treated as signed out. Pass the
 * caller's transaction, so the sessions end only if its change commits.
 */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
