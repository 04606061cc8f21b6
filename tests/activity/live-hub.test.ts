import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import type { LiveEvent } from "@/lib/activity/live/live-event";
import { LiveHub } from "@/lib/activity/live/live-hub";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import { createStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { TcpProxy } from "@/tests/helpers/tcp-proxy";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { untilListening } from "@/tests/helpers/until-listening";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let hub: LiveHub;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  hub = new LiveHub((channel, handlers) => handle.listen(channel, handlers));
  await hub.start();
  await untilListening(hub);
});

afterAll(async () => {
  await hub?.stop();
  await handle?.dispose();
  spool?.cleanup();
});

/** Everything `hub` announces for `storeId`, and a way to wait for a number of events. */
function collect(on: LiveHub, storeId: string) {
  const events: LiveEvent[] = [];
  const gaps: number[] = [];
  let closed = false;
  const unsubscribe = on.subscribe(storeId, {
    onEvents: (batch) => events.push(...batch),
    onGap: () => gaps.push(Date.now()),
    onClose: () => {
      closed = true;
    },
  });
  return {
    events,
    gaps,
    get closed() {
      return closed;
    },
    unsubscribe,
    until: (check: () => boolean, timeoutMs = 5000) =>
      expect.poll(check, { timeout: timeoutMs, interval: 20 }).toBe(true),
  };
}

describe("the live hub", () => {
  it("announces each committed row to the subscribers of its store, and only theirs", async () => {
    const [mine, theirs] = [await createStore(handle.db), await createStore(handle.db)];
    const a = collect(hub, mine);
    const b = collect(hub, theirs);
    const orderId = uuidv7();
    const written = await logEvent(handle.db, systemContext(mine), "order.delivered", {}, { orderId });
    const other = await logEvent(handle.db, systemContext(theirs), "sync.failed", { reason: "timeout" });
    await a.until(() => a.events.length === 1);
    await b.until(() => b.events.length === 1);
    expect(a.events[0]).toEqual({
      id: written.id,
      storeId: mine,
      orderId,
      level: "info",
      type: "order.delivered",
    });
    expect(b.events[0]).toMatchObject({ id: other.id, storeId: theirs, orderId: null, level: "error" });
    a.unsubscribe();
    b.unsubscribe();
  });

  it("says nothing of a transaction that rolled back, and announces a committed one after its commit", async () => {
    const storeId = await createStore(handle.db);
    const listener = collect(hub, storeId);
    await handle.db
      .transaction(async (tx) => {
        await logEvent(tx, systemContext(storeId), "sync.started", {});
        throw new Error("roll back");
      })
      .catch(() => {});
    let inside = -1;
    const committed = await handle.db.transaction(async (tx) => {
      const result = await logEvent(tx, systemContext(storeId), "sync.started", {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      inside = listener.events.length;
      return result;
    });
    await listener.until(() => listener.events.length === 1);
    expect(inside).toBe(0);
    expect(listener.events.map((e) => e.id)).toEqual([committed.id]);
    listener.unsubscribe();
  });

  it("announces every row of a large batch (several notifications, each under the size limit)", async () => {
    const storeId = await createStore(handle.db);
    const listener = collect(hub, storeId);
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        logEvent(handle.db, systemContext(storeId), "sync.failed", {
          reason: `failure ${i} ${"x".repeat(60)}`,
        }),
      ),
    );
    await listener.until(() => listener.events.length === 120);
    expect(new Set(listener.events.map((e) => e.id))).toEqual(new Set(results.map((r) => r.id)));
    expect(hub.subscribers).toBeGreaterThan(0);
    listener.unsubscribe();
  });

  it("ends its subscriptions when it closes", async () => {
    const own = new LiveHub((channel, handlers) => handle.listen(channel, handlers));
    await own.start();
    const listener = collect(own, await createStore(handle.db));
    await own.stop();
    expect(listener.closed).toBe(true);
    expect(own.subscribers).toBe(0);
  });
});

describe.runIf(process.env.DATABASE_URL)("the live hub on a server", () => {
  it("hears rows written by another connection (another process's pool)", async () => {
    const writer = openServerDatabase(handle.url!, { poolMax: 2 });
    try {
      const storeId = await createStore(writer.db);
      const listener = collect(hub, storeId);
      const written = await logEvent(writer.db, systemContext(storeId), "order.shipped", {
        carrier: "DHL",
        trackingNumber: "1Z",
      });
      await listener.until(() => listener.events.some((e) => e.id === written.id));
      listener.unsubscribe();
    } finally {
      await writer.close();
    }
  });

  it("listens again after its connection drops, and says notifications may have been missed", async () => {
    const proxy = TcpProxy.forUrl(handle.url!);
    await proxy.start();
    const own = new LiveHub((channel, handlers) =>
      openServerDatabase(proxy.urlFor(handle.url!)).listen(channel, handlers),
    );
    await own.start();
    const storeId = await createStore(handle.db);
    const listener = collect(own, storeId);
    try {
      // The LISTEN opens in the background: drop it only once it is there.
      await untilListening(own);
      await proxy.stop();
      await proxy.start();
      await listener.until(() => listener.gaps.length === 1, 10_000);
      const written = await logEvent(handle.db, systemContext(storeId), "sync.started", {});
      await listener.until(() => listener.events.some((e) => e.id === written.id));
    } finally {
      await own.stop();
      await proxy.stop();
    }
  }, 20_000);
});
