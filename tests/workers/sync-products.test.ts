import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { products, productVariants, stores, syncRuns } from "@/db/schema";
import { clearFaults } from "@/lib/demo/sandbox/faults";
import { sandboxCatalogue } from "@/lib/demo/sandbox/sandbox-catalogue";
import { planDemoData } from "@/lib/demo/seed/plan-demo";
import { type JobQueue, PermanentJobError } from "@/lib/jobs/queue";
import { type Config, parseConfig } from "@/lib/platform/config";
import { listProducts } from "@/lib/products/list-products";
import { startProductSync } from "@/lib/products/start-product-sync";
import { syncProducts } from "@/lib/products/sync-products";
import { freePort, rowsOfStore } from "@/tests/helpers/activity-fixtures";
import type { TestDatabase } from "@/tests/helpers/test-database";
import {
  type JobRow,
  jobContext,
  openWorkerEnvironment,
  type WorkerEnvironment,
  waitForJob,
} from "./worker-fixtures";

const SHOP = "worker-shop-1";

let env: WorkerEnvironment;
let handle: TestDatabase;
let queue: JobQueue;
let config: Config;

beforeAll(async () => {
  env = await openWorkerEnvironment();
  ({ handle, config, queue } = env);
});

beforeEach(() => {
  clearFaults();
});

afterAll(async () => {
  await env?.close();
});

/** A store connected to a Printify shop, with no products yet. */
async function emptyStore(shopId: string | null = SHOP) {
  const suffix = randomBytes(5).toString("hex");
  const [store] = await handle.db
    .insert(stores)
    .values({ slug: `sync-${suffix}`, name: "Sync shop", printifyShopId: shopId })
    .returning({ id: stores.id });
  return store!.id;
}

async function newRun(storeId: string) {
  const [run] = await handle.db.insert(syncRuns).values({ storeId }).returning({ id: syncRuns.id });
  return run!.id;
}

async function runById(id: string) {
  const [run] = await handle.db.select().from(syncRuns).where(eq(syncRuns.id, id));
  return run!;
}

const syncRows = async (storeId: string, runId: string) =>
  (await rowsOfStore(handle.db, storeId)).filter((r) => r.entityId === runId);

const catalogue = sandboxCatalogue(SHOP);
const visible = catalogue.filter((p) => p.visible);
const enabledVariants = catalogue.flatMap((p) => p.variants.filter((v) => v.is_enabled));

describe("sync-products", () => {
  it("creates every product of an empty store, then finds them all unchanged", async () => {
    const storeId = await emptyStore();
    const runId = await newRun(storeId);
    const counts = { created: catalogue.length, updated: 0, unchanged: 0 };
    expect(await syncProducts({ storeId, syncRunId: runId }, jobContext(handle, queue, config))).toEqual(
      counts,
    );

    const run = await runById(runId);
    expect(run).toMatchObject({
      status: "completed",
      processed: catalogue.length,
      total: catalogue.length,
      error: null,
      ...counts,
    });
    expect(run.finishedAt).toBeInstanceOf(Date);

    const rows = await syncRows(storeId, runId);
    expect(rows.map((r) => r.eventType)).toEqual(["sync.started", "sync.completed"]);
    expect(rows[0]).toMatchObject({
      level: "info",
      message: "Product sync with Printify started",
      entityType: "sync",
      actorType: "worker",
      actorLabel: "Product sync worker",
      correlationId: runId,
    });
    expect(rows[1]).toMatchObject({
      level: "info",
      message: `Product sync finished — ${catalogue.length} created, 0 updated, 0 unchanged`,
      payload: { provider: "Printify", ...counts },
    });

    const saved = await handle.db.select().from(products).where(eq(products.storeId, storeId));
    expect(saved).toHaveLength(catalogue.length);
    // Products Printify does not show are mirrored as drafts.
    expect(saved.filter((p) => p.status === "active")).toHaveLength(visible.length);
    expect(saved.filter((p) => p.status === "draft")).toHaveLength(catalogue.length - visible.length);
    const variants = await handle.db
      .select()
      .from(productVariants)
      .where(eq(productVariants.storeId, storeId));
    expect(variants.map((v) => v.sku).sort()).toEqual(enabledVariants.map((v) => v.sku).sort());
    // What the Products page lists: each product once, with its variants counted.
    const listed = await listProducts(handle.db, storeId);
    expect(listed).toHaveLength(catalogue.length);
    expect(listed.reduce((sum, p) => sum + p.variants, 0)).toBe(enabledVariants.length);

    const secondRun = await newRun(storeId);
    const unchanged = { created: 0, updated: 0, unchanged: catalogue.length };
    expect(await syncProducts({ storeId, syncRunId: secondRun }, jobContext(handle, queue, config))).toEqual(
      unchanged,
    );
    expect(await runById(secondRun)).toMatchObject({ status: "completed", ...unchanged });
    const second = await syncRows(storeId, secondRun);
    expect(second.map((r) => r.eventType)).toEqual(["sync.started", "sync.completed"]);
    expect(second[1]!.message).toBe(
      `Product sync finished — 0 created, 0 updated, ${catalogue.length} unchanged`,
    );
    expect(await handle.db.select().from(products).where(eq(products.storeId, storeId))).toHaveLength(
      catalogue.length,
    );
  });

  it("Printify unreachable: sync.failed error, the run failed with the reason, no retry", async () => {
    const storeId = await emptyStore();
    const runId = await newRun(storeId);
    const dead = parseConfig({ PRINTIFY_API_URL: `http://127.0.0.1:${await freePort()}/printify` });
    const error = await syncProducts({ storeId, syncRunId: runId }, jobContext(handle, queue, dead))
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    const reason = (error as Error).message;
    expect(reason).toMatch(/^Could not reach Printify \(ECONNREFUSED\)$/);

    expect(await runById(runId)).toMatchObject({
      status: "failed",
      error: reason,
      created: 0,
      updated: 0,
      unchanged: 0,
    });
    const rows = await syncRows(storeId, runId);
    expect(rows.map((r) => [r.eventType, r.level])).toEqual([
      ["sync.started", "info"],
      ["sync.failed", "error"],
    ]);
    expect(rows[1]).toMatchObject({
      message: `Product sync with Printify failed: ${reason}`,
      payload: { provider: "Printify", reason },
      resolvedAt: null,
    });
    expect(await handle.db.select().from(products).where(eq(products.storeId, storeId))).toHaveLength(0);
  });

  it("a store with no Printify shop fails the same way", async () => {
    const storeId = await emptyStore(null);
    const runId = await newRun(storeId);
    await expect(
      syncProducts({ storeId, syncRunId: runId }, jobContext(handle, queue, config)),
    ).rejects.toBeInstanceOf(PermanentJobError);
    expect(await runById(runId)).toMatchObject({
      status: "failed",
      error: "no Printify shop is connected to this store",
    });
    expect((await syncRows(storeId, runId)).map((r) => r.eventType)).toEqual(["sync.started", "sync.failed"]);
  });

  it("startProductSync while a sync runs returns that run; the queue completes it once", async () => {
    const storeId = await emptyStore();
    const first = await startProductSync(handle.db, queue, storeId, "click-1");
    expect(first.started).toBe(true);
    expect(await startProductSync(handle.db, queue, storeId, "click-2")).toEqual({
      syncRunId: first.syncRunId,
      started: false,
    });
    const jobs = await handle.query<JobRow>(
      "select id, name, state, retry_count, output, data from pgboss.job where name = 'sync-products' and data->>'storeId' = $1",
      [storeId],
    );
    expect(jobs.map((j) => j.data)).toEqual([
      { storeId, syncRunId: first.syncRunId, correlationId: "click-1" },
    ]);

    await queue.work({ "sync-products": syncProducts }, { pollingIntervalSeconds: 0.5 });
    queue.wake("sync-products");
    expect(await waitForJob(handle, jobs[0]!.id)).toMatchObject({
      state: "completed",
      output: { created: catalogue.length, updated: 0, unchanged: 0 },
    });
    expect(await runById(first.syncRunId)).toMatchObject({ status: "completed", created: catalogue.length });
    const rows = await syncRows(storeId, first.syncRunId);
    expect(rows.map((r) => [r.eventType, r.correlationId])).toEqual([
      ["sync.started", "click-1"],
      ["sync.completed", "click-1"],
    ]);

    // Once it has finished, the next click starts a new run.
    const next = await startProductSync(handle.db, queue, storeId);
    expect(next.started).toBe(true);
    expect(next.syncRunId).not.toBe(first.syncRunId);
    expect(
      await handle.db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.storeId, storeId), eq(syncRuns.status, "running"))),
    ).toHaveLength(1);
  });

  // The sandbox's Printify must agree with the demo seed about stock, or a sync of the freshly
  // seeded demo store would report a change that is not there and put an out-of-stock variant back.
  it("the sandbox catalogue agrees with the demo seed about stock", () => {
    const { demo } = planDemoData(new Date());
    const outOfStock = demo.products.flatMap((p) => p.variants.filter((v) => v.inStock === false));
    expect(outOfStock.length).toBeGreaterThan(0);
    const available = new Map(
      sandboxCatalogue(demo.printifyShopId).flatMap((p) => p.variants.map((v) => [v.sku, v.is_available])),
    );
    expect(outOfStock.map((v) => [v.sku, available.get(v.sku!)])).toEqual(
      outOfStock.map((v) => [v.sku, false]),
    );
  });
});
