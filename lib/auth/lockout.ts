import { and, desc, eq, gt } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

/**
 * Five failed sign-ins for one email from one IP within 15 minutes lock that pair out for
 * 15 minutes from the fifth failure. A success clears the count. Returns when the lock ends,
 * or null when the pair may try.
 */
export async function getLockout(db: Db, email: string, ip: string, now = new Date()): Promise<Date | null> {
  const recent = await db
    .select({ outcome: loginAttempts.outcome, at: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.ipAddress, ip),
        gt(loginAttempts.attemptedAt, new Date(now.getTime() - LOCKOUT_WINDOW_MS - LOCKOUT_DURATION_MS)),
      ),
    )
    .orderBy(desc(loginAttempts.attemptedAt))
    .limit(50);
  const lastSuccess = recent.findIndex((a) => a.outcome === "success");
  const failures = (lastSuccess === -1 ? recent : recent.slice(0, lastSuccess))
    .filter((a) => a.outcome === "failure")
    .map((a) => a.at.getTime());
  let lockedUntil = 0;
  for (let i = 0; i + LOCKOUT_FAILURES - 1 < failures.length; i++) {
    if (failures[i]! - failures[i + LOCKOUT_FAILURES - 1]! <= LOCKOUT_WINDOW_MS) {
      lockedUntil = Math.max(lockedUntil, failures[i]! + LOCKOUT_DURATION_MS);
    }
  }
  return lockedUntil > now.getTime() ? new Date(lockedUntil) : null;
}
