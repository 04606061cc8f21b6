import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activityLog, memberships, stores, users } from "@/db/schema";
import { attemptSignIn, logSignOut } from "@/lib/auth/attempt-sign-in";
import { checkStoreAccess } from "@/lib/auth/check-store-access";
import { getLockout, LOCKOUT_DURATION_MS } from "@/lib/auth/lockout";
import { hashPassword } from "@/lib/auth/passwords";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/platform/errors";
import { createTestDatabase, type TestDatabase, useTestSpool } from "../helpers/test-database";

let t: TestDatabase;
let storeA: string;
let storeB: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  useTestSpool();
  t = await createTestDatabase();
  const [a, b] = await t.db
    .insert(stores)
    .values([
      { slug: "alpha", name: "Alpha Prints" },
      { slug: "beta", name: "Beta Prints" },
    ])
    .returning();
  storeA = a!.id;
  storeB = b!.id;
  const passwordHash = await hashPassword("correct horse");
  const people = await t.db
    .insert(users)
    .values(
      ["owner", "manager", "staff", "multi"].map((name) => ({
        email: `${name}@example.com`,
        name,
        passwordHash,
      })),
    )
    .returning();
  for (const u of people) ids[u.name] = u.id;
  await t.db.insert(memberships).values([
    { userId: ids.owner!, storeId: storeA, role: "owner" },
    { userId: ids.manager!, storeId: storeA, role: "manager" },
    { userId: ids.staff!, storeId: storeA, role: "staff" },
    { userId: ids.multi!, storeId: storeA, role: "staff" },
    { userId: ids.multi!, storeId: storeB, role: "owner" },
  ]);
});
afterAll(() => t.dispose());

const eventsOf = (storeId: string, type: string) =>
  t.db
    .select()
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.eventType, type)));

describe("sign-in", () => {
  test("a correct password signs in and logs auth.login_succeeded with IP and user agent", async () => {
    const result = await attemptSignIn(t.db, {
      email: "  Owner@Example.com ",
      password: "correct horse",
      ip: "203.0.113.7",
      userAgent: "Vitest/4",
    });
    expect(result).toEqual({ ok: true, user: { id: ids.owner, email: "owner@example.com", name: "owner" } });
    const [event] = await eventsOf(storeA, "auth.login_succeeded");
    expect(event).toMatchObject({
      level: "info",
      actorType: "user",
      actorId: ids.owner,
      ipAddress: "203.0.113.7",
      userAgent: "Vitest/4",
      entityType: "user",
      entityId: ids.owner,
      payload: { email: "owner@example.com" },
    });
  });

  test("a wrong password fails and logs auth.login_failed (information, once) with the email tried, in each of the user's stores", async () => {
    const result = await attemptSignIn(t.db, {
      email: "multi@example.com",
      password: "nope",
      ip: "198.51.100.1",
      userAgent: "UA",
    });
    expect(result).toEqual({ ok: false, reason: "invalid" });
    for (const storeId of [storeA, storeB]) {
      const events = await eventsOf(storeId, "auth.login_failed");
      expect(events.map((e) => e.message)).toContain("Failed sign-in for multi@example.com");
      // One mistyped password needs nobody's attention.
      expect(events.find((e) => e.payload.email === "multi@example.com")).toMatchObject({
        level: "info",
        ipAddress: "198.51.100.1",
        payload: { recentFailures: 1 },
      });
    }
  });

  test("an unknown email fails without an error and without writing to any store", async () => {
    const before = (await eventsOf(storeA, "auth.login_failed")).length;
    const result = await attemptSignIn(t.db, {
      email: "nobody@example.com",
      password: "x",
      ip: "198.51.100.2",
      userAgent: null,
    });
    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect((await eventsOf(storeA, "auth.login_failed")).length).toBe(before);
  });

  test("sign-out logs auth.logout", async () => {
    await logSignOut(
      t.db,
      { id: ids.manager!, email: "manager@example.com", name: "manager" },
      { ip: "203.0.113.9", userAgent: "UA" },
    );
    const [event] = await eventsOf(storeA, "auth.logout");
    expect(event).toMatchObject({
      actorId: ids.manager,
      ipAddress: "203.0.113.9",
      message: "manager@example.com signed out",
    });
  });
});

describe("lockout", () => {
  test("five failures for one email within 15 minutes lock that account, from every IP, and are logged", async () => {
    const attempt = (password: string, ip = "192.0.2.50") =>
      attemptSignIn(t.db, { email: "staff@example.com", password, ip, userAgent: "UA" });
    for (let i = 0; i < 4; i++) expect((await attempt("wrong")).ok).toBe(false);
    const fifth = await attempt("wrong");
    expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    // Even the right password is refused while locked.
    const locked = await attempt("correct horse");
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    if (!locked.ok) {
      const remaining = (locked.lockedUntil?.getTime() ?? 0) - Date.now();
      expect(remaining).toBeGreaterThan(LOCKOUT_DURATION_MS - 60_000);
      expect(remaining).toBeLessThanOrEqual(LOCKOUT_DURATION_MS);
    }
    // Another IP is locked too: the lock is on the account, not on the address.
    expect(await attempt("correct horse", "192.0.2.99")).toMatchObject({ ok: false, reason: "locked" });
    // The first failures are information; from the third within the window, a warning.
    const failures = (await eventsOf(storeA, "auth.login_failed"))
      .filter((e) => e.payload.email === "staff@example.com")
      .sort((a, b) => Number(a.payload.recentFailures) - Number(b.payload.recentFailures));
    expect(failures.map((e) => [e.payload.recentFailures, e.level])).toEqual([
      [1, "info"],
      [2, "info"],
      [3, "warning"],
      [4, "warning"],
      [5, "warning"],
    ]);
    expect(failures[3]!.message).toBe("Failed sign-in for staff@example.com (4 in 15 minutes)");
    const [lockEvent] = await eventsOf(storeA, "auth.locked_out");
    expect(lockEvent).toMatchObject({
      level: "warning",
      ipAddress: "192.0.2.50",
      payload: { email: "staff@example.com", failures: 5 },
    });
    // The lock ends 15 minutes after the fifth failure.
    expect(
      await getLockout(
        t.db,
        "staff@example.com",
        "192.0.2.50",
        new Date(Date.now() + LOCKOUT_DURATION_MS + 1000),
      ),
    ).toBeNull();
  });

  test("failures spread over more than 15 minutes do not lock", async () => {
    const { loginAttempts } = await import("@/db/schema");
    await t.db.insert(loginAttempts).values(
      [29, 24, 19, 13, 2].map((minutesAgo) => ({
        email: "spread@example.com",
        ipAddress: "192.0.2.60",
        outcome: "failure" as const,
        attemptedAt: new Date(Date.now() - minutesAgo * 60_000),
      })),
    );
    expect(await getLockout(t.db, "spread@example.com", "192.0.2.60")).toBeNull();
  });
});

describe("roles", () => {
  test("only owners and managers may read the activity log", () => {
    expect(can("owner", "activity:read")).toBe(true);
    expect(can("manager", "activity:read")).toBe(true);
    expect(can("staff", "activity:read")).toBe(false);
    expect(can("staff", "orders:write")).toBe(true);
    expect(can("manager", "settings:write")).toBe(false);
  });

  test("the access check uses the role in the chosen store, and ignores stores the user is not in", async () => {
    await expect(checkStoreAccess(t.db, ids.staff!, "alpha", "activity:read")).rejects.toMatchObject({
      status: 403,
    });
    await expect(checkStoreAccess(t.db, ids.manager!, "alpha", "activity:read")).resolves.toMatchObject({
      store: { slug: "alpha", role: "manager" },
    });
    // multi is staff in alpha but owner in beta.
    await expect(checkStoreAccess(t.db, ids.multi!, "alpha", "activity:read")).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(checkStoreAccess(t.db, ids.multi!, "beta", "activity:read")).resolves.toMatchObject({
      store: { slug: "beta", role: "owner" },
    });
    // The manager asks for beta, where they are not a member: they stay in alpha.
    const access = await checkStoreAccess(t.db, ids.manager!, "beta", null);
    expect(access.store.slug).toBe("alpha");
    expect(access.memberships.map((m) => m.slug)).toEqual(["alpha"]);
  });

  test("a user without a membership gets 403", async () => {
    const [lonely] = await t.db
      .insert(users)
      .values({ email: "lonely@example.com", name: "Lonely", passwordHash: "x" })
      .returning();
    await expect(checkStoreAccess(t.db, lonely!.id, null, null)).rejects.toMatchObject({ status: 403 });
  });
});
