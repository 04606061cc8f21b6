import { randomBytes, randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { type ActivityRow, type OrderStatus, orderItems, orders } from "@/db/schema";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import type { JobName } from "@/lib/jobs/definitions";
import { type JobContext, type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { type Config, parseConfig } from "@/lib/platform/config";
import { rowsOfStore } from "@/tests/helpers/activity-fixtures";
import type { ShopStore } from "@/tests/helpers/producer-fixtures";
import { type ServedHandler, serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import {
  createTestDatabase,
  useTestSpool as openTestSpool,
  type TestDatabase,
} from "@/tests/helpers/test-database";

/** The context the queue would hand a job, built by hand for a direct call. */
export function jobContext(
  handle: TestDatabase,
  queue: JobQueue,
  config: Config,
  options: { jobId?: string; attempt?: number; maxAttempts?: number } = {},
): JobContext {
  const attempt = options.attempt ?? 1;
  const maxAttempts = options.maxAttempts ?? config.submission.maxAttempts;
  return {
    db: handle.db,
    config,
    queue,
    jobId: options.jobId ?? randomUUID(),
    attempt,
    maxAttempts,
    isLastAttempt: attempt >= maxAttempts,
  };
}

/**
 * A paid order with two line items (the store's first two SKUs) and a full shipping address,
 * as the checkout webhook and `complete-order` leave it. Faults are keyed by `email`.
 */
export async function insertPaidOrder(
  handle: TestDatabase,
  store: ShopStore,
  email: string,
  overrides: {
    status?: OrderStatus;
    placedAt?: Date;
    statusChangedAt?: Date;
    providerOrderId?: string | null;
  } = {},
) {
  const placedAt = overrides.placedAt ?? new Date(Date.now() - 60_000);
  const [order] = await handle.db
    .insert(orders)
    .values({
      storeId: store.id,
      status: overrides.status ?? "paid",
      statusChangedAt: overrides.statusChangedAt ?? placedAt,
      currency: "GBP",
      subtotalAmount: 4500,
      totalAmount: 4500,
      customerEmail: email,
      customerName: "Ada Lovelace",
      shippingAddress: {
        name: "Ada Lovelace",
        line1: "12 Analytical Row",
        city: "London",
        postalCode: "N1 7AA",
        country: "GB",
      },
      providerOrderId: overrides.providerOrderId ?? null,
      publicToken: randomBytes(24).toString("base64url"),
      placedAt,
    })
    .returning();
  await handle.db.insert(orderItems).values([
    {
      storeId: store.id,
      orderId: order!.id,
      title: "Classic tee — M",
      sku: store.skus[0]!,
      quantity: 2,
      unitAmount: 1500,
      totalAmount: 3000,
    },
    {
      storeId: store.id,
      orderId: order!.id,
      title: "Mug — 11oz",
      sku: store.skus[2]!,
      quantity: 1,
      unitAmount: 1500,
      totalAmount: 1500,
    },
  ]);
  return order!;
}

export async function itemsOf(handle: TestDatabase, orderId: string) {
  return handle.db
    .select()
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.id));
}

/** The activity rows of one order, oldest first. */
export async function orderRows(
  handle: TestDatabase,
  storeId: string,
  orderId: string,
): Promise<ActivityRow[]> {
  return (await rowsOfStore(handle.db, storeId)).filter((r) => r.orderId === orderId);
}

export const typesOf = (rows: ActivityRow[]) => rows.map((r) => r.eventType);

export type JobRow = {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  output: unknown;
  data: Record<string, unknown>;
};

/** The pg-boss jobs of one queue whose payload names this order, oldest first. */
export function jobsOf(handle: TestDatabase, name: JobName, orderId: string): Promise<JobRow[]> {
  return handle.query<JobRow>(
    "select id, name, state, retry_count, output, data from pgboss.job where name = $1 and data->>'orderId' = $2 order by created_on",
    [name, orderId],
  );
}

export async function jobById(handle: TestDatabase, id: string): Promise<JobRow | undefined> {
  const rows = await handle.query<JobRow>(
    "select id, name, state, retry_count, output, data from pgboss.job where id = $1",
    [id],
  );
  return rows[0];
}

/** Waits until pg-boss has finished with the job (completed, or failed for good). */
export async function waitForJob(handle: TestDatabase, id: string, ms = 30_000): Promise<JobRow> {
  return waitFor(async () => {
    const job = await jobById(handle, id);
    return job && (job.state === "completed" || job.state === "failed") ? job : null;
  }, ms);
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type WorkerEnvironment = {
  handle: TestDatabase;
  sandbox: Sandbox;
  served: ServedHandler;
  config: Config;
  queue: JobQueue;
  close(): Promise<void>;
};

/**
 * What every worker test file needs: a fresh database with a spool, the provider sandbox
 * mounted on a port (the clients pointed at it through `env`), and a started job queue set as
 * the process's queue (no workers: a file starts the ones it tests).
 */
export async function openWorkerEnvironment(
  options: {
    env?: (url: string) => Record<string, string>;
    sandbox?: Partial<Parameters<typeof createSandbox>[0]>;
  } = {},
): Promise<WorkerEnvironment> {
  const handle = await createTestDatabase();
  await openTestSpool().spool.init();
  const sandbox = createSandbox({ stepMs: 60_000, resolveShop: async () => null, ...options.sandbox });
  const served = await serveFetchHandler((request) => sandbox.handle(request));
  const config = parseConfig({ PRINTIFY_API_URL: `${served.url}/printify`, ...options.env?.(served.url) });
  const queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  return {
    handle,
    sandbox,
    served,
    config,
    queue,
    async close() {
      await queue.stop();
      sandbox.close();
      await served.close();
      await handle.dispose();
    },
  };
}
