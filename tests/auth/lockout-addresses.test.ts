import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activityLog, loginAttempts, memberships, stores, users } from "@/db/schema";
import { attemptSignIn } from "@/lib/auth/attempt-sign-in";
import { ADDRESS_LOCKOUT_FAILURES, LOCKOUT_FAILURES } from "@/lib/auth/lockout";
import { hashPassword } from "@/lib/auth/passwords";
import { requestInfo } from "@/lib/http/request-info";
import { recordPeerAddresses } from "@/lib/platform/peer-address";
import { serveFetchHandler } from "../helpers/serve-fetch-handler";
import { createTestDatabase, type TestDatabase, useTestSpool } from "../helpers/test-database";

let t: TestDatabase;
let storeId: string;

beforeAll(async () => {
  useTestSpool();
  t = await createTestDatabase();
  const [store] = await t.db.insert(stores).values({ slug: "gamma", name: "Gamma Prints" }).returning();
  storeId = store!.id;
  const passwordHash = await hashPassword("correct horse");
  const people = await t.db
    .insert(users)
    .values(
      ["rotate", "parallel", "stay", "http"].map((name) => ({
        email: `${name}@example.com`,
        name,
        passwordHash,
      })),
    )
    .returning();
  await t.db
    .insert(memberships)
    .values(people.map((u) => ({ userId: u.id, storeId, role: "owner" as const })));
});
afterAll(() => t.dispose());

/** Attempts whose password was actually checked (settled as a success or a failure). */
const guessesChecked = async (email: string) =>
  (
    await t.db
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), inArray(loginAttempts.outcome, ["success", "failure"])))
  ).length;

const lockEvents = (email: string) =>
  t.db
    .select()
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.eventType, "auth.locked_out")))
    .then((rows) => rows.filter((r) => r.payload.email === email));

describe("the lockout counts per account, whatever the address", () => {
  test("a new address for each guess gets no more than five guesses checked", async () => {
    for (let i = 0; i < 40; i++) {
      await attemptSignIn(t.db, {
        email: "rotate@example.com",
        password: `guess-${i}`,
        ip: `198.51.100.${i + 1}`,
        userAgent: "UA",
      });
    }
    expect(await guessesChecked("rotate@example.com")).toBe(LOCKOUT_FAILURES);
    const events = await lockEvents("rotate@example.com");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: "warning", ipAddress: "198.51.100.5" });
  });

  test("forty guesses at once, from forty addresses, get no more than five checked", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attemptSignIn(t.db, {
          email: "parallel@example.com",
          password: `guess-${i}`,
          ip: `203.0.113.${i + 1}`,
          userAgent: "UA",
        }),
      ),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await guessesChecked("parallel@example.com")).toBe(LOCKOUT_FAILURES);
    expect(await lockEvents("parallel@example.com")).toHaveLength(1);
  });

  test("a locked account stays locked from a new address, even with the right password", async () => {
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      await attemptSignIn(t.db, {
        email: "stay@example.com",
        password: "wrong",
        ip: "192.0.2.1",
        userAgent: null,
      });
    const fromElsewhere = await attemptSignIn(t.db, {
      email: "stay@example.com",
      password: "correct horse",
      ip: "192.0.2.200",
      userAgent: null,
    });
    expect(fromElsewhere).toMatchObject({ ok: false, reason: "locked" });
  });

  test("one address guessing across many accounts is locked for all of them", async () => {
    for (let i = 0; i < ADDRESS_LOCKOUT_FAILURES; i++)
      await attemptSignIn(t.db, {
        email: `spray-${i}@example.com`,
        password: "x",
        ip: "192.0.2.77",
        userAgent: null,
      });
    const next = await attemptSignIn(t.db, {
      email: "spray-new@example.com",
      password: "x",
      ip: "192.0.2.77",
      userAgent: null,
    });
    expect(next).toMatchObject({ ok: false, reason: "locked" });
    expect(await guessesChecked("spray-new@example.com")).toBe(0);
  });
});

describe("the recorded address is the socket's, not the client's header", () => {
  test("rotating X-Forwarded-For over HTTP is one address, and gets five guesses", async () => {
    recordPeerAddresses();
    const served = await serveFetchHandler(async (request) => {
      const form = await request.formData();
      const result = await attemptSignIn(t.db, {
        email: String(form.get("email")),
        password: String(form.get("password")),
        ...requestInfo(request.headers),
      });
      return Response.json(result, { status: result.ok ? 200 : 401 });
    });
    try {
      for (let i = 0; i < 40; i++) {
        await fetch(served.url, {
          method: "POST",
          headers: { "x-forwarded-for": `10.9.${i}.1`, "x-storyline-peer-address": "forged 10.0.0.1" },
          body: new URLSearchParams({ email: "http@example.com", password: `guess-${i}` }),
        });
      }
    } finally {
      await served.close();
    }
    expect(await guessesChecked("http@example.com")).toBe(LOCKOUT_FAILURES);
    const addresses = await t.db
      .selectDistinct({ ip: loginAttempts.ipAddress })
      .from(loginAttempts)
      .where(eq(loginAttempts.email, "http@example.com"));
    expect(addresses).toEqual([{ ip: "127.0.0.1" }]);
    const [lock] = await lockEvents("http@example.com");
    expect(lock?.ipAddress).toBe("127.0.0.1");
  });
});
