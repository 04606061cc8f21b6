import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { type JobQueue, PermanentJobError, ReportedJobError, startJobQueue } from "@/lib/jobs/queue";
import { submitOrder } from "@/lib/orders/submit-order";
import { toPrintifyOrder } from "@/lib/orders/to-printify-order";
import { type Config, parseConfig } from "@/lib/platform/config";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { createShopStore, orderById, type ShopStore } from "@/tests/helpers/producer-fixtures";
import { type ServedHandler, serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { insertPaidOrder, itemsOf, jobContext, orderRows, typesOf, waitForJob } from "./worker-fixtures";

let handle: TestDatabase;
let queue: JobQueue;
let sandbox: Sandbox;
let served: ServedHandler;
/** The sandbox behind a proxy that can hold back one answer until the client gives up. */
let late: ServedHandler;
let holdAnswerTo: RegExp | null = null;
let store: ShopStore;
let config: Config;
let shortTimeout: Config;
let lateConfig: Config;

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  // Long steps: nothing moves on at "Printify" during a test; webhooks would be dropped anyway.
  sandbox = createSandbox({ stepMs: 60_000, resolveShop: async () => null });
  served = await serveFetchHandler((request) => sandbox.handle(request));
  late = await serveFetchHandler(async (request) => {
    const response = await sandbox.handle(request);
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && holdAnswerTo?.test(path)) {
      holdAnswerTo = null;
      // Printify has done the work; its answer never reaches us in time.
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) resolve();
        request.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return response;
  });
  const env = {
    PRINTIFY_API_URL: `${served.url}/printify`,
    SUBMISSION_MAX_ATTEMPTS: "3",
    SUBMISSION_RETRY_DELAY_SECONDS: "1",
  };
  config = parseConfig(env);
  // Only the attempt that is meant to time out runs with a short timeout; the next one (and the
  // queue) keep the default, so a busy machine cannot time out the calls meant to go through.
  shortTimeout = parseConfig({ ...env, PROVIDER_TIMEOUT_MS: "300" });
  // The held answer never comes; the calls before it must go through within the timeout even on a
  // busy machine, so this one is longer.
  lateConfig = parseConfig({ ...env, PRINTIFY_API_URL: `${late.url}/printify`, PROVIDER_TIMEOUT_MS: "2000" });
  queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
  await queue.work({ "submit-order": submitOrder }, { pollingIntervalSeconds: 0.5 });
  store = await createShopStore(handle.db, "Submission shop");
});

beforeEach(() => {
  clearFaults();
  holdAnswerTo = null;
});

afterAll(async () => {
  await queue?.stop();
  sandbox?.close();
  await served?.close();
  await late?.close();
  await handle?.dispose();
});

const providerOrders = (orderId: string) => sandbox.orders().filter((o) => o.external_id === orderId);
const rowsOf = (orderId: string) => orderRows(handle, store.id, orderId);
const payload = (orderId: string) => ({ storeId: store.id, orderId, correlationId: `test:${orderId}` });
const ctx = (c: Config, options: Parameters<typeof jobContext>[3] = {}) =>
  jobContext(handle, queue, c, options);

/** Enqueues the job as complete-order does and waits for pg-boss to be done with it. */
async function runThroughQueue(orderId: string) {
  const id = await queue.send(handle.db, "submit-order", payload(orderId));
  queue.wake("submit-order");
  return waitForJob(handle, id!);
}

async function expectRejects(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("submit-order", () => {
  it("submits a paid order: one Printify order sent to production, order.submitted with its id", async () => {
    const order = await insertPaidOrder(handle, store, "happy@example.com");
    const result = await submitOrder(payload(order.id), ctx(config));

    const remote = providerOrders(order.id);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({
      shopId: store.shopId,
      external_id: order.id,
      label: `#${order.number}`,
      status: "sending-to-production",
      address_to: { first_name: "Ada", last_name: "Lovelace", email: "happy@example.com", zip: "N1 7AA" },
    });
    expect(remote[0]!.line_items.map((i) => [i.metadata.sku, i.quantity])).toEqual([
      [store.skus[0], 2],
      [store.skus[2], 1],
    ]);
    expect(result).toEqual({ providerOrderId: remote[0]!.id });

    const after = await orderById(handle.db, order.id);
    expect(after).toMatchObject({
      status: "submitted",
      providerOrderId: remote[0]!.id,
      providerStatus: "sending-to-production",
    });
    expect(after.submissionStartedAt).toBeInstanceOf(Date);
    expect(after.statusChangedAt!.getTime()).toBeGreaterThan(order.statusChangedAt!.getTime());

    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submitted"]);
    expect(rows[0]).toMatchObject({
      level: "info",
      message: `Submitted to Printify (${remote[0]!.id})`,
      payload: { provider: "Printify", providerOrderId: remote[0]!.id },
      actorType: "worker",
      actorLabel: "Order submission worker",
      source: "worker",
      correlationId: `test:${order.id}`,
      resolvedAt: null,
    });
  });

  it("a 503 then success, through the queue: the warning is resolved by the retry that went through", async () => {
    const order = await insertPaidOrder(handle, store, "flaky@example.com");
    setFaults("flaky@example.com", { submit_503: 1 });
    const job = await runThroughQueue(order.id);

    const remote = providerOrders(order.id);
    expect(remote).toHaveLength(1);
    expect(job).toMatchObject({
      state: "completed",
      retry_count: 1,
      output: { providerOrderId: remote[0]!.id },
    });

    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_failed", "order.submission_retried", "order.submitted"]);
    const [failed, retried, submitted] = rows;
    expect(failed).toMatchObject({
      level: "warning",
      message: "Submission to Printify failed: Printify is unavailable (503)",
      payload: {
        provider: "Printify",
        reason: "Printify is unavailable (503)",
        attempt: 1,
        maxAttempts: 3,
        retryable: true,
        final: false,
      },
      resolvedBy: null,
      resolutionNote: "Resolved automatically: submitted to Printify on attempt 2.",
    });
    expect(failed!.resolvedAt).toBeInstanceOf(Date);
    expect(retried).toMatchObject({
      level: "info",
      message: "Retrying — attempt 2 of 3",
      payload: { attempt: 2, maxAttempts: 3 },
    });
    expect(submitted).toMatchObject({ level: "info", payload: { providerOrderId: remote[0]!.id } });
    expect(await orderById(handle.db, order.id)).toMatchObject({
      status: "submitted",
      providerOrderId: remote[0]!.id,
    });
  });

  it("retries exhausted, through the queue: the last failure is an unresolved error; no Printify order", async () => {
    const order = await insertPaidOrder(handle, store, "down@example.com");
    setFaults("down@example.com", { submit_503: 3 });
    const job = await runThroughQueue(order.id);
    expect(job).toMatchObject({ state: "failed", retry_count: 2 });

    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual([
      "order.submission_failed",
      "order.submission_retried",
      "order.submission_failed",
      "order.submission_retried",
      "order.submission_failed",
    ]);
    const failures = rows.filter((r) => r.eventType === "order.submission_failed");
    expect(failures.map((r) => [r.level, r.payload.attempt, r.payload.final, r.payload.retryable])).toEqual([
      ["warning", 1, false, true],
      ["warning", 2, false, true],
      ["error", 3, true, true],
    ]);
    expect(rows.map((r) => r.resolvedAt)).toEqual([null, null, null, null, null]);
    expect(rows.filter((r) => r.eventType === "order.submission_retried").map((r) => r.message)).toEqual([
      "Retrying — attempt 2 of 3",
      "Retrying — attempt 3 of 3",
    ]);
    expect(providerOrders(order.id)).toHaveLength(0);
    expect(await orderById(handle.db, order.id)).toMatchObject({ status: "paid", providerOrderId: null });
  });

  it("out of stock: one error, not retryable; the job completes at once with the reason", async () => {
    const order = await insertPaidOrder(handle, store, "oos@example.com");
    setFaults("oos@example.com", { out_of_stock: true });
    const job = await runThroughQueue(order.id);
    const reason = `variant out of stock: ${store.skus[0]}`;
    expect(job).toMatchObject({
      state: "completed",
      retry_count: 0,
      output: { error: reason, retried: false },
    });

    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_failed"]);
    expect(rows[0]).toMatchObject({
      level: "error",
      message: `Submission to Printify failed: ${reason}`,
      payload: { reason, attempt: 1, maxAttempts: 3, retryable: false, final: true },
      resolvedAt: null,
    });
    expect(providerOrders(order.id)).toHaveLength(0);
    expect((await orderById(handle.db, order.id)).status).toBe("paid");

    // Called directly, the handler says the same with a PermanentJobError (and logs nothing twice).
    const error = await expectRejects(submitOrder(payload(order.id), ctx(config, { jobId: job.id })));
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(typesOf(await rowsOf(order.id))).toEqual(["order.submission_failed"]);
  });

  it("a timeout is a warning naming the timeout; the next attempt submits", async () => {
    const order = await insertPaidOrder(handle, store, "slow@example.com");
    setFaults("slow@example.com", { submit_timeout: 1 });
    const jobId = "00000000-0000-4000-8000-00000000a001";

    const error = await expectRejects(
      submitOrder(payload(order.id), ctx(shortTimeout, { jobId, attempt: 1 })),
    );
    expect(error).toBeInstanceOf(ReportedJobError);
    expect(error.message).toBe("Printify timed out after 300 ms");
    expect(providerOrders(order.id)).toHaveLength(0);
    const [warning] = await rowsOf(order.id);
    expect(warning).toMatchObject({
      eventType: "order.submission_failed",
      level: "warning",
      message: "Submission to Printify failed: Printify timed out after 300 ms",
      payload: { reason: "Printify timed out after 300 ms", attempt: 1, retryable: true, final: false },
      resolvedAt: null,
    });

    await submitOrder(payload(order.id), ctx(config, { jobId, attempt: 2 }));
    const remote = providerOrders(order.id);
    expect(remote).toHaveLength(1);
    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_failed", "order.submission_retried", "order.submitted"]);
    expect(rows[0]).toMatchObject({
      resolvedBy: null,
      resolutionNote: "Resolved automatically: submitted to Printify on attempt 2.",
    });
    expect(rows[0]!.resolvedAt).toBeInstanceOf(Date);
    expect(rows[2]!.payload).toMatchObject({ providerOrderId: remote[0]!.id });
  });

  it("a worker killed after Printify accepted the order: the next run finds it by external id and submits nothing new", async () => {
    const order = await insertPaidOrder(handle, store, "killed@example.com");
    // What the job does up to Printify's answer — stamp the order, then submit — and no more:
    // the worker dies before it records the provider order.
    await handle.db
      .update(orders)
      .set({ submissionStartedAt: new Date() })
      .where(and(eq(orders.id, order.id), eq(orders.storeId, store.id)));
    const stamped = await orderById(handle.db, order.id);
    const accepted = await getPrintifyClient(config).submitOrder(
      store.shopId,
      toPrintifyOrder(stamped, await itemsOf(handle, order.id)),
    );
    expect(providerOrders(order.id)).toHaveLength(1);
    expect((await orderById(handle.db, order.id)).providerOrderId).toBeNull();

    // pg-boss hands the expired job out again.
    const result = await submitOrder(payload(order.id), ctx(config, { attempt: 2 }));
    expect(result).toEqual({ providerOrderId: accepted.id });
    const remote = providerOrders(order.id);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ id: accepted.id, status: "sending-to-production" });

    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_retried", "order.submitted"]);
    expect(rows[1]!.payload).toMatchObject({ providerOrderId: accepted.id });
    expect(await orderById(handle.db, order.id)).toMatchObject({
      status: "submitted",
      providerOrderId: accepted.id,
    });
  });

  it("a worker killed after Printify accepted, in a shop with 1,001 newer orders: still found, never submitted twice", async () => {
    const order = await insertPaidOrder(handle, store, "buried@example.com");
    await handle.db
      .update(orders)
      .set({ submissionStartedAt: new Date() })
      .where(and(eq(orders.id, order.id), eq(orders.storeId, store.id)));
    const stamped = await orderById(handle.db, order.id);
    const printify = getPrintifyClient(config);
    const accepted = await printify.submitOrder(
      store.shopId,
      toPrintifyOrder(stamped, await itemsOf(handle, order.id)),
    );
    // Other orders of the shop pile up on top of ours before the job runs again.
    const other = toPrintifyOrder(stamped, await itemsOf(handle, order.id));
    for (let i = 0; i < 1001; i++)
      await printify.submitOrder(store.shopId, { ...other, external_id: `other-${order.id}-${i}` });

    const result = await submitOrder(payload(order.id), ctx(config, { attempt: 2 }));
    expect(result).toEqual({ providerOrderId: accepted.id });
    expect(providerOrders(order.id)).toHaveLength(1);
    expect(typesOf(await rowsOf(order.id))).toEqual(["order.submission_retried", "order.submitted"]);
  }, 120_000);

  it("Printify accepted but its answer came too late: the retry finds the order instead of submitting again", async () => {
    const order = await insertPaidOrder(handle, store, "late@example.com");
    const jobId = "00000000-0000-4000-8000-00000000a002";
    holdAnswerTo = /\/orders\.json$/;
    const error = await expectRejects(submitOrder(payload(order.id), ctx(lateConfig, { jobId, attempt: 1 })));
    expect(error.message).toBe("Printify timed out after 2 s");
    expect(providerOrders(order.id)).toHaveLength(1);

    await submitOrder(payload(order.id), ctx(config, { jobId, attempt: 2 }));
    const remote = providerOrders(order.id);
    expect(remote).toHaveLength(1);
    expect(remote[0]!.status).toBe("sending-to-production");
    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_failed", "order.submission_retried", "order.submitted"]);
    expect(rows[0]).toMatchObject({ level: "warning", resolvedBy: null });
    expect(rows[0]!.resolvedAt).toBeInstanceOf(Date);
    expect(rows[2]!.payload).toMatchObject({ providerOrderId: remote[0]!.id });
  });

  // A retry after a send_to_production that Printify carried out but whose answer was lost must
  // not ask again (Printify answers 400 to anything not on hold): it reads the order's status first.
  it("send_to_production carried out but its answer came too late: the retry records the submission", async () => {
    const order = await insertPaidOrder(handle, store, "late-production@example.com");
    const jobId = "00000000-0000-4000-8000-00000000a003";
    holdAnswerTo = /\/send_to_production\.json$/;
    const error = await expectRejects(submitOrder(payload(order.id), ctx(lateConfig, { jobId, attempt: 1 })));
    expect(error.message).toBe("Printify timed out after 2 s");
    const [remote] = providerOrders(order.id);
    expect(remote!.status).toBe("sending-to-production");

    await expect(submitOrder(payload(order.id), ctx(config, { jobId, attempt: 2 }))).resolves.toEqual({
      providerOrderId: remote!.id,
    });
    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submission_failed", "order.submission_retried", "order.submitted"]);
    expect(rows[0]!.resolvedAt).toBeInstanceOf(Date);
    expect((await orderById(handle.db, order.id)).status).toBe("submitted");
  });

  // The same, reached by a worker killed between send_to_production and its commit.
  it("a worker killed after send_to_production: the next run records the submission", async () => {
    const order = await insertPaidOrder(handle, store, "killed-production@example.com");
    const client = getPrintifyClient(config);
    const where = and(eq(orders.id, order.id), eq(orders.storeId, store.id));
    // Everything the job does before its final transaction; then the worker dies.
    await handle.db.update(orders).set({ submissionStartedAt: new Date() }).where(where);
    const { id } = await client.submitOrder(
      store.shopId,
      toPrintifyOrder(await orderById(handle.db, order.id), await itemsOf(handle, order.id)),
    );
    await handle.db.update(orders).set({ providerOrderId: id }).where(where);
    await client.sendToProduction(store.shopId, id);

    await expect(submitOrder(payload(order.id), ctx(config, { attempt: 2 }))).resolves.toEqual({
      providerOrderId: id,
    });
    expect(providerOrders(order.id)).toHaveLength(1);
    expect(typesOf(await rowsOf(order.id))).toEqual(["order.submission_retried", "order.submitted"]);
  });

  it("a job run again after success submits nothing and logs nothing new", async () => {
    const order = await insertPaidOrder(handle, store, "twice@example.com");
    const jobId = "00000000-0000-4000-8000-00000000a004";
    const first = await submitOrder(payload(order.id), ctx(config, { jobId }));
    const rows = await rowsOf(order.id);
    expect(typesOf(rows)).toEqual(["order.submitted"]);

    // The same job handed out again, and a second job for the same order through the queue.
    expect(await submitOrder(payload(order.id), ctx(config, { jobId }))).toEqual(first);
    const job = await runThroughQueue(order.id);
    expect(job).toMatchObject({ state: "completed", retry_count: 0, output: first });

    expect(providerOrders(order.id)).toHaveLength(1);
    expect(providerOrders(order.id)[0]!.status).toBe("sending-to-production");
    expect(await rowsOf(order.id)).toEqual(rows);
    expect(await orderById(handle.db, order.id)).toMatchObject({ status: "submitted", ...first });
  });

  it("an order that is no longer paid is left alone", async () => {
    const order = await insertPaidOrder(handle, store, "cancelled@example.com", { status: "cancelled" });
    expect(await submitOrder(payload(order.id), ctx(config))).toEqual({ skipped: "order is cancelled" });
    expect(providerOrders(order.id)).toHaveLength(0);
    expect(await rowsOf(order.id)).toEqual([]);
  });
});
