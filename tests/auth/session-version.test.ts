import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memberships, stores, users } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { attemptSignIn } from "@/lib/auth/attempt-sign-in";
import { endSessions, getSessionVersion } from "@/lib/auth/session-version";
import { setPassword } from "@/lib/auth/set-password";
import { changeMemberRole } from "@/lib/users/change-member-role";
import { removeMember } from "@/lib/users/remove-member";
import { createTestDatabase, type TestDatabase, useTestSpool } from "../helpers/test-database";

let t: TestDatabase;
let owner: ActivityContext;
const ids: Record<string, string> = {};

beforeAll(async () => {
  useTestSpool();
  t = await createTestDatabase();
  const [store] = await t.db.insert(stores).values({ slug: "delta", name: "Delta Prints" }).returning();
  const people = await t.db
    .insert(users)
    .values(["olga", "mia", "sid"].map((name) => ({ email: `${name}@example.com`, name, passwordHash: "x" })))
    .returning();
  for (const u of people) ids[u.name] = u.id;
  await t.db.insert(memberships).values([
    { userId: ids.olga!, storeId: store!.id, role: "owner" },
    { userId: ids.mia!, storeId: store!.id, role: "manager" },
    { userId: ids.sid!, storeId: store!.id, role: "staff" },
  ]);
  owner = { storeId: store!.id, actor: { type: "user", id: ids.olga!, label: "olga" }, source: "admin" };
});
afterAll(() => t.dispose());

describe("the session version ends sessions", () => {
  test("starts at 0 and sign-out raises it", async () => {
    expect(await getSessionVersion(t.db, ids.olga!)).toBe(0);
    await endSessions(t.db, ids.olga!);
    expect(await getSessionVersion(t.db, ids.olga!)).toBe(1);
    expect(await getSessionVersion(t.db, "01900000-0000-7000-8000-000000000000")).toBeNull();
  });

  test("a role change raises the member's version; a role set to what it was does not", async () => {
    await changeMemberRole(t.db, owner, { userId: ids.mia!, role: "manager" });
    expect(await getSessionVersion(t.db, ids.mia!)).toBe(0);
    await changeMemberRole(t.db, owner, { userId: ids.mia!, role: "staff" });
    expect(await getSessionVersion(t.db, ids.mia!)).toBe(1);
  });

  test("a removed membership raises it; a refused removal (the last owner) does not", async () => {
    await removeMember(t.db, owner, { userId: ids.sid! });
    expect(await getSessionVersion(t.db, ids.sid!)).toBe(1);
    await expect(removeMember(t.db, owner, { userId: ids.olga! })).rejects.toMatchObject({ status: 409 });
    expect(await getSessionVersion(t.db, ids.olga!)).toBe(1);
  });

  test("a new password raises it, and the new password signs in", async () => {
    await setPassword(t.db, { userId: ids.olga!, password: "a brand new one" });
    expect(await getSessionVersion(t.db, ids.olga!)).toBe(2);
    const signedIn = await attemptSignIn(t.db, {
      email: "olga@example.com",
      password: "a brand new one",
      ip: "192.0.2.5",
      userAgent: null,
    });
    expect(signedIn.ok).toBe(true);
  });
});
