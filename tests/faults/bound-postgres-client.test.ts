import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "@/db/schema";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { TcpProxy } from "@/tests/helpers/tcp-proxy";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const budget = {
  connectTimeoutSeconds: 1,
  queryTimeoutMs: 500,
  statementTimeoutMs: 2000,
  idleInTransactionTimeoutMs: 5000,
};

describe.skipIf(!process.env.DATABASE_URL)("the database budget (server mode, TCP proxy)", () => {
  let handle: TestDatabase;
  let proxy: TcpProxy;
  let bounded: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase();
    proxy = TcpProxy.forUrl(handle.url!);
    await proxy.start();
    bounded = openServerDatabase(proxy.urlFor(handle.url!), { poolMax: 2, budget });
  });

  afterAll(async () => {
    proxy?.resume();
    await bounded?.close().catch(() => {});
    await proxy?.stop();
    await handle?.dispose();
  });

  async function timed<T>(work: Promise<T>) {
    const started = performance.now();
    const outcome = await work.then(
      (value) => ({ value, error: null as unknown }),
      (error: unknown) => ({ value: null, error }),
    );
    return { ...outcome, ms: performance.now() - started };
  }

  it("fails a hung query within its budget, also when it queues behind hung ones, and recovers", async () => {
    expect(await bounded.query("select 1 as one")).toEqual([{ one: 1 }]);
    proxy.pause();
    // More queries than connections: the last ones wait for a pool connection, within the same budget.
    const results = await Promise.all([1, 2, 3, 4].map(() => timed(bounded.query("select 1 as one"))));
    for (const r of results) {
      expect(asDatabaseUnavailable(r.error)).not.toBeNull();
      expect(r.ms).toBeLessThan(budget.queryTimeoutMs + 500);
    }
    proxy.resume();
    expect(await bounded.query("select 1 as one")).toEqual([{ one: 1 }]);
  });

  it("fails a transaction whose statement hangs within its budget, and never commits it", async () => {
    const slug = `bounded-${Date.now()}`;
    await bounded.db.select({ id: stores.id }).from(stores).limit(1);
    proxy.pause();
    const r = await timed(
      bounded.db.transaction(async (tx) => {
        await tx.insert(stores).values({ slug, name: "Never committed" });
      }),
    );
    expect(asDatabaseUnavailable(r.error)).not.toBeNull();
    expect(r.ms).toBeLessThan(budget.queryTimeoutMs * 2 + 500);
    // The held insert reaches the server after all; its transaction rolls back.
    proxy.resume();
    await sleep(1000);
    expect(await handle.db.select().from(stores).where(eq(stores.slug, slug))).toEqual([]);
    const [row] = await bounded.db
      .insert(stores)
      .values({ slug: `${slug}-after`, name: "After" })
      .returning({ slug: stores.slug });
    expect(row?.slug).toBe(`${slug}-after`);
  });

  it("answers a refused connection at once", async () => {
    await proxy.stop();
    const r = await timed(bounded.query("select 1"));
    expect(asDatabaseUnavailable(r.error)?.message).toMatch(/connection refused|CONNECTION_CLOSED|ECONN/);
    expect(r.ms).toBeLessThan(budget.queryTimeoutMs);
    await proxy.start();
    expect(await bounded.query("select 1 as one")).toEqual([{ one: 1 }]);
  });
});
