import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import { keyFor } from "@/tests/api/api-fixtures";
import { createShopStore, type ShopStore, stripeRequest } from "@/tests/helpers/producer-fixtures";
import { TcpProxy } from "@/tests/helpers/tcp-proxy";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

/**
 * The app's own routes, on the app's own runtime (the production configuration and budgets),
 * with its database behind a proxy that is stopped (connections refused) or paused (accepts,
 * never answers). Every answer must come within BOUND_MS, and the app must recover by itself.
 */
const BOUND_MS = 5000;

type Route = { name: string; call: () => Promise<Response> };

describe.skipIf(!process.env.DATABASE_URL)("a database that is down or hung (server mode)", () => {
  let handle: TestDatabase;
  let proxy: TcpProxy;
  let dataDir: string;
  let store: ShopStore;
  let apiKey: string;
  let routes: Route[];
  let shutdown: (reason: string) => Promise<void>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    store = await createShopStore(handle.db);
    const [owner] = await handle.db
      .insert(users)
      .values({
        email: "faults@example.test",
        name: "Owner",
        passwordHash: await hashPassword("pass-faults"),
      })
      .returning({ id: users.id });
    apiKey = await keyFor(handle.db, store.id, owner!.id, ["activity:read"]);

    proxy = TcpProxy.forUrl(handle.url!);
    await proxy.start();
    dataDir = mkdtempSync(path.join(tmpdir(), "storyline-faults-"));
    // The runtime reads these on first use: the app's defaults for every database budget.
    Object.assign(process.env, {
      DATABASE_URL: proxy.urlFor(handle.url!),
      STORYLINE_DATA_DIR: dataDir,
      STORYLINE_WORKERS: "false",
      STORYLINE_SANDBOX: "false",
      AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789",
    });
    useTestSpool();

    const health = await import("@/app/api/health/route");
    const attention = await import("@/app/api/v1/activity/attention-count/route");
    const stripe = await import("@/app/api/webhooks/stripe/[store]/route");
    const auth = await import("@/app/api/auth/[...nextauth]/route");
    ({ shutdown } = await import("@/lib/runtime/shutdown"));
    let delivery = 0;
    routes = [
      { name: "GET /api/health", call: () => health.GET(new Request("http://localhost/api/health")) },
      {
        name: "GET /api/v1/activity/attention-count",
        call: () =>
          attention.GET(
            new Request("http://localhost/api/v1/activity/attention-count", {
              headers: { authorization: `Bearer ${apiKey}` },
            }),
            { params: Promise.resolve({}) },
          ),
      },
      {
        name: "POST /api/webhooks/stripe/[store] (valid signature)",
        call: () => {
          const event = {
            id: `evt_faults_${++delivery}`,
            object: "event",
            type: "customer.created",
            created: Math.floor(Date.now() / 1000),
            data: { object: { id: "cus_1", object: "customer" } },
          };
          return stripe.POST(stripeRequest(store.slug, event, store.stripeSecret), {
            params: Promise.resolve({ store: store.slug }),
          });
        },
      },
    ];
    const signIn = () =>
      auth.POST(
        new Request("http://localhost/api/auth/callback/credentials", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "faults@example.test", password: "pass-faults", json: "true" }),
        }),
        { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
      );
    signInRoute = { name: "POST /api/auth/callback/credentials", call: signIn };
  });

  let signInRoute: Route;

  afterAll(async () => {
    proxy?.resume();
    await shutdown?.("test over").catch(() => {});
    await proxy?.stop();
    await handle?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Calls each route (sign-in too, while the database is away), timing each answer. */
  async function expectUnavailable(label: string) {
    for (const route of [...routes, signInRoute]) {
      const started = performance.now();
      const response = await route.call();
      const elapsed = performance.now() - started;
      console.info(`[faults] ${label}: ${route.name} → ${response.status} in ${Math.round(elapsed)} ms`);
      expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 503 });
      expect(response.headers.get("retry-after"), route.name).toMatch(/^\d+$/);
      expect(elapsed, route.name).toBeLessThan(BOUND_MS);
      expect(await response.text(), route.name).toMatch(/unavailable/i);
    }
  }

  async function expectHealthy() {
    for (const route of routes) {
      const started = performance.now();
      const response = await route.call();
      const elapsed = performance.now() - started;
      console.info(`[faults] recovered: ${route.name} → ${response.status} in ${Math.round(elapsed)} ms`);
      expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 200 });
    }
  }

  it("answers 503 fast while the app cannot start on a hung or an unreachable database, then starts by itself", async () => {
    proxy.pause();
    await expectUnavailable("hung at start");
    proxy.resume();
    await proxy.stop();
    await expectUnavailable("down at start");
    await proxy.start();
    await expectHealthy();
  });

  it("answers 503 fast with the database down, and 200 again once it is back", async () => {
    await proxy.stop();
    await expectUnavailable("down");
    await proxy.start();
    await expectHealthy();
  });

  it("answers 503 fast with the database hung (accepts, never answers), and 200 again once it answers", async () => {
    proxy.pause();
    await expectUnavailable("hung");
    proxy.resume();
    await expectHealthy();
  });
});
