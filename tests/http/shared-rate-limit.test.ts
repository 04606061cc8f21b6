import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter, perMinuteLimiter } from "@/lib/http/rate-limit";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let handle: TestDatabase;
/** A second connection pool to the same database, as another app process has (server only). */
let other: DatabaseHandle | null = null;

beforeAll(async () => {
  handle = await createTestDatabase();
  if (handle.url) other = openServerDatabase(handle.url, { poolMax: 2 });
}, 60_000);
afterAll(async () => {
  await other?.close();
  await handle.dispose();
});

/** Two limiters that share nothing in memory: what two app processes hold. */
function twoProcesses(name: string, points: number) {
  const first = createRateLimiter({ name, points, durationSeconds: 60, db: handle.db });
  const second = createRateLimiter({ name, points, durationSeconds: 60, db: (other ?? handle).db });
  return [first, second] as const;
}

describe("rate limits kept in PostgreSQL", () => {
  it("two processes share one allowance: 10 a minute across both, not 10 each", async () => {
    const [first, second] = twoProcesses("shared-test", 10);
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await (i % 2 === 0 ? first : second).consume("203.0.113.9"));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.slice(10).every((r) => !r.ok)).toBe(true);
    const refused = results[11]!;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The other process sees the spent allowance without taking from it.
    expect((await second.spent("203.0.113.9")).ok).toBe(false);
    // Another caller has its own allowance.
    expect((await first.consume("198.51.100.4")).ok).toBe(true);
  });

  it("concurrent requests from both processes never exceed the limit", async () => {
    const [first, second] = twoProcesses("concurrent-test", 25);
    const all = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).consume("key-1")),
    );
    expect(all.filter((r) => r.ok)).toHaveLength(25);
  });

  it("keeps its counts in the rate_limits table, one row per limit and caller", async () => {
    const limiter = createRateLimiter({ name: "table-test", points: 5, durationSeconds: 60, db: handle.db });
    await limiter.consume("caller-a");
    await limiter.consume("caller-a");
    const rows = await handle.query<{ key: string; points: number }>(
      "select key, points from rate_limits where key like 'table-test:%'",
    );
    expect(rows).toEqual([{ key: "table-test:caller-a", points: 2 }]);
  });

  it("a window that has passed starts afresh", async () => {
    const limiter = createRateLimiter({ name: "window-test", points: 2, durationSeconds: 60, db: handle.db });
    await limiter.consume("k");
    await limiter.consume("k");
    expect((await limiter.consume("k")).ok).toBe(false);
    // Move the window's end into the past, as a minute going by would.
    await handle.db.execute(sql`update rate_limits set expire = 0 where key = 'window-test:k'`);
    const fresh = createRateLimiter({ name: "window-test", points: 2, durationSeconds: 60, db: handle.db });
    expect((await fresh.consume("k")).ok).toBe(true);
  });

  it("the app's limits are made once per database and read their number from the environment", async () => {
    process.env.TEST_LIMIT_PER_MINUTE = "3";
    const a = perMinuteLimiter(handle.db, "env-test", "TEST_LIMIT_PER_MINUTE", 50);
    const b = perMinuteLimiter(handle.db, "env-test", "TEST_LIMIT_PER_MINUTE", 50);
    expect(a).toBe(b);
    expect(a.limit).toBe(3);
    process.env.TEST_LIMIT_PER_MINUTE = "nonsense";
    expect(perMinuteLimiter(handle.db, "env-test-2", "TEST_LIMIT_PER_MINUTE", 50).limit).toBe(50);
    delete process.env.TEST_LIMIT_PER_MINUTE;
  });
});
