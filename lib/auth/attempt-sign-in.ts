import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEvent } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { listMemberships } from "./list-memberships";
import {
  countRecentFailures,
  findLocks,
  LOCKOUT_FAILURES,
  reserveAttempt,
  settleAttempt,
  UNKNOWN_ADDRESS,
} from "./lockout";
import { hashPassword, verifyPassword } from "./passwords";

export type SignInInput = { email: string; password: string; ip: string | null; userAgent: string | null };

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

let dummyHash: Promise<string> | undefined;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks an email and password, applies the lockout rules, records the attempt, and logs
 * `auth.login_succeeded` / `auth.login_failed` / `auth.locked_out` in every store the user
 * belongs to, with IP and user agent. (An email that matches no user belongs to no store:
 * its attempts are kept in `login_attempts` and count towards the lockout all the same.)
 * No password is checked while the account or the address is locked; `auth.locked_out` is
 * logged once per lock, by the failure that started it.
 */
export async function attemptSignIn(db: Db, input: SignInInput): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const ip = input.ip ?? UNKNOWN_ADDRESS;
  if (!email || !input.password) return { ok: false, reason: "invalid" };

  const reservation = await reserveAttempt(db, email, ip);
  if ("lockedUntil" in reservation)
    return { ok: false, reason: "locked", lockedUntil: reservation.lockedUntil };

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  // Verify against a dummy hash for unknown emails, so timing does not reveal who has an account.
  dummyHash ??= hashPassword("storyline-dummy-password");
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  const ok = !!user && valid;
  await settleAttempt(db, reservation.attemptId, ok ? "success" : "failure");

  const storeIds = user ? (await listMemberships(db, user.id)).map((m) => m.storeId) : [];
  const context = (storeId: string): ActivityContext => ({
    storeId,
    actor: { type: "user", id: user?.id ?? null, label: ok ? user!.name : email },
    source: "admin",
    ip: input.ip,
    userAgent: input.userAgent,
  });
  const entity = { type: "user", id: user?.id ?? null };

  if (ok) {
    await Promise.all(
      storeIds.map((s) => logEvent(db, context(s), "auth.login_succeeded", { email }, { entity })),
    );
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }

  // One mistyped password is information; a run of them within the window is a warning.
  const recentFailures = storeIds.length ? Math.max(await countRecentFailures(db, email), 1) : 1;
  await Promise.all(
    storeIds.map((s) =>
      logEvent(
        db,
        context(s),
        "auth.login_failed",
        { email, reason: user ? "wrong password" : "unknown email", recentFailures },
        { entity },
      ),
    ),
  );
  if (!user) console.warn(`[auth] failed sign-in for unknown email ${email} from ${ip}`);

  const locks = await findLocks(db, email, ip);
  if (!locks.account && !locks.address) return { ok: false, reason: "invalid" };
  const lockedUntil = new Date(
    Math.max(locks.account?.until.getTime() ?? 0, locks.address?.until.getTime() ?? 0),
  );
  // Only the failure that started the account's lock reports it: once per lock.
  if (locks.account?.lastFailureId === reservation.attemptId) {
    const until = locks.account.until.toISOString();
    await Promise.all(
      storeIds.map((s) =>
        logEvent(
          db,
          context(s),
          "auth.locked_out",
          { email, failures: LOCKOUT_FAILURES, lockedUntil: until },
          { entity },
        ),
      ),
    );
    if (!user) console.warn(`[auth] ${email} locked out until ${until}`);
  }
  if (locks.address?.lastFailureId === reservation.attemptId)
    console.warn(`[auth] sign-in from ${ip} locked out until ${locks.address.until.toISOString()}`);
  return { ok: false, reason: "locked", lockedUntil };
}

/** Logs `auth.logout` in every store of the user. */
export async function logSignOut(
  db: Db,
  user: { id: string; email: string; name: string },
  request: { ip: string | null; userAgent: string | null },
) {
  const stores = await listMemberships(db, user.id);
  await Promise.all(
    stores.map((m) =>
      logEvent(
        db,
        {
          storeId: m.storeId,
          actor: { type: "user", id: user.id, label: user.name },
          source: "admin",
          ip: request.ip,
          userAgent: request.userAgent,
        },
        "auth.logout",
        { email: user.email },
        { entity: { type: "user", id: user.id } },
      ),
    ),
  );
}
