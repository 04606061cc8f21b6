import { and, desc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Failures within the window that lock an account (an email), from any address. */
export const LOCKOUT_FAILURES = 5;
/** Failures within the window that lock a client address, for every email. */
export const ADDRESS_LOCKOUT_FAILURES = 20;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

/** Where an attempt's client address is not known; such attempts count only per account. */
export const UNKNOWN_ADDRESS = "unknown";

type Attempt = { id: string; outcome: "pending" | "success" | "failure" | "locked"; at: Date };
export type Lock = { until: Date; lastFailureId: string };

/**
 * The lock that `threshold` failures within the window put on, over attempts newest first:
 * it lasts from the newest failure of such a run. A success clears the count before it when
 * `successClears` (per account; never per address, or an attacker's own account would reset
 * it). Pending attempts count as failures, so that concurrent guesses cannot outrun the rule.
 */
export function findLock(
  attempts: Attempt[],
  threshold: number,
  successClears: boolean,
  now: Date,
): Lock | null {
  const lastSuccess = successClears ? attempts.findIndex((a) => a.outcome === "success") : -1;
  const failures = (lastSuccess === -1 ? attempts : attempts.slice(0, lastSuccess)).filter(
    (a) => a.outcome === "failure" || a.outcome === "pending",
  );
  let lock: Lock | null = null;
  for (let i = 0; i + threshold - 1 < failures.length; i++) {
    const newest = failures[i]!;
    if (newest.at.getTime() - failures[i + threshold - 1]!.at.getTime() > LOCKOUT_WINDOW_MS) continue;
    const until = newest.at.getTime() + LOCKOUT_DURATION_MS;
    if (!lock || until > lock.until.getTime()) lock = { until: new Date(until), lastFailureId: newest.id };
  }
  return lock && lock.until.getTime() > now.getTime() ? lock : null;
}

const recentAttempts = (db: Db, match: SQL, now: Date, limit: number) =>
  db
    .select({ id: loginAttempts.id, outcome: loginAttempts.outcome, at: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(
      and(
        match,
        gt(loginAttempts.attemptedAt, new Date(now.getTime() - LOCKOUT_WINDOW_MS - LOCKOUT_DURATION_MS)),
        inArray(loginAttempts.outcome, ["pending", "success", "failure"]),
      ),
    )
    .orderBy(desc(loginAttempts.attemptedAt), desc(loginAttempts.id))
    .limit(limit);

/** Failed (or still pending) attempts for an email within the lockout window. */
export async function countRecentFailures(db: Db, email: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        gt(loginAttempts.attemptedAt, new Date(now.getTime() - LOCKOUT_WINDOW_MS)),
        inArray(loginAttempts.outcome, ["pending", "failure"]),
      ),
    );
  return row?.count ?? 0;
}

/** The account lock and the address lock in force now, if any. */
export async function findLocks(db: Db, email: string, ip: string, now = new Date()) {
  const account = findLock(
    await recentAttempts(db, eq(loginAttempts.email, email), now, 50),
    LOCKOUT_FAILURES,
    true,
    now,
  );
  const address =
    ip === UNKNOWN_ADDRESS
      ? null
      : findLock(
          await recentAttempts(db, eq(loginAttempts.ipAddress, ip), now, 200),
          ADDRESS_LOCKOUT_FAILURES,
          false,
          now,
        );
  return { account, address };
}

/**
 * When sign-in for `email` from `ip` may be tried again, or null when it may be tried now.
 * Five failures for one email within 15 minutes lock that account, from every address, for
 * 15 minutes from the fifth; twenty failures from one address lock that address for all emails.
 */
export async function getLockout(db: Db, email: string, ip: string, now = new Date()): Promise<Date | null> {
  const { account, address } = await findLocks(db, email, ip, now);
  const until = Math.max(account?.until.getTime() ?? 0, address?.until.getTime() ?? 0);
  return until ? new Date(until) : null;
}

/**
 * Checks the locks and, if none is in force, records a `pending` attempt, atomically: the
 * check and the insert hold advisory locks on the email and the address, so that concurrent
 * guesses are counted one after the other and at most `LOCKOUT_FAILURES` passwords of one
 * account are ever checked within a window. The password is checked after this returns,
 * outside the transaction.
 */
export async function reserveAttempt(
  db: Db,
  email: string,
  ip: string,
): Promise<{ attemptId: string } | { lockedUntil: Date }> {
  return db.transaction(async (tx) => {
    // Always the email first, then the address: one order, so no two attempts deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:email:${email}`}, 0))`);
    if (ip !== UNKNOWN_ADDRESS)
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:ip:${ip}`}, 0))`);
    const lockedUntil = await getLockout(tx, email, ip);
    if (lockedUntil) {
      await tx.insert(loginAttempts).values({ email, ipAddress: ip, outcome: "locked" });
      return { lockedUntil };
    }
    const [attempt] = await tx
      .insert(loginAttempts)
      .values({ email, ipAddress: ip, outcome: "pending" })
      .returning({ id: loginAttempts.id });
    return { attemptId: attempt!.id };
  });
}

/** Records how a reserved attempt ended. */
export async function settleAttempt(db: Db, attemptId: string, outcome: "success" | "failure") {
  await db.update(loginAttempts).set({ outcome }).where(eq(loginAttempts.id, attemptId));
}
