import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDefinitions, jobNames } from "@/lib/jobs/definitions";
import { type JobQueue, MAINTENANCE_INTERVAL_SECONDS, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

/** How often the app's workers poll (lib/jobs/queue.ts `work`). */
const POLLING_SECONDS = 1;

/** The longest a first attempt's retry waits with backoff: pg-boss starts it within delay × (1…2). */
const firstRetryDelay = (queue: { retryDelay?: number; retryBackoff?: boolean }) =>
  (queue.retryDelay ?? 0) * (queue.retryBackoff ? 2 : 1);

describe("a worker killed mid-job", () => {
  it("has its order submission running again within 2 minutes with the production settings", () => {
    const production = parseConfig({ PRINTIFY_API_TOKEN: "token", STRIPE_SECRET_KEY: "sk_live_x" });
    const submit = jobDefinitions["submit-order"].queue(production);
    // Expiry must outlast a live attempt: three Printify calls at their timeout.
    expect(submit.expireInSeconds).toBeGreaterThanOrEqual((3 * production.printify.timeoutMs) / 1000);
    const back = submit.expireInSeconds + MAINTENANCE_INTERVAL_SECONDS;
    expect(back + firstRetryDelay(submit) + POLLING_SECONDS).toBeLessThanOrEqual(120);
    // Every queue that retries has a dead worker's job back in the queue within 2 minutes.
    for (const name of jobNames) {
      const queue: { retryLimit: number; expireInSeconds?: number } = jobDefinitions[name].queue(production);
      expect(queue.expireInSeconds, name).toBeGreaterThanOrEqual(1);
      if (queue.retryLimit > 0)
        expect(queue.expireInSeconds! + MAINTENANCE_INTERVAL_SECONDS, name).toBeLessThanOrEqual(120);
    }
  });
});

describe("a killed worker's job on a real queue", () => {
  let handle: TestDatabase;
  let survivor: JobQueue;
  let doomed: JobQueue;
  // Short timeouts make the submission's expiry short (3 s); maintenance runs at its production interval.
  const config = parseConfig({
    PROVIDER_TIMEOUT_MS: "500",
    DATABASE_QUERY_TIMEOUT_MS: "200",
    SUBMISSION_MAX_ATTEMPTS: "3",
    SUBMISSION_RETRY_DELAY_SECONDS: "1",
  });
  const storeId = "0190f0c8-0000-7000-8000-0000000000a1";
  const orderId = "0190f0c8-0000-7000-8000-0000000000a2";

  beforeAll(async () => {
    handle = await createTestDatabase();
    doomed = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
    survivor = await startJobQueue(handle, { config, connectionString: handle.url, supervise: true });
  });

  afterAll(async () => {
    await survivor?.stop();
    await handle?.dispose();
  });

  it("is retried by another worker once it expires, and completed once", async () => {
    const expireIn = jobDefinitions["submit-order"].queue(config).expireInSeconds;
    expect(expireIn).toBe(3);
    const id = await doomed.send(handle.db, "submit-order", { storeId, orderId });
    const [taken] = await doomed.boss.fetch("submit-order");
    expect(taken?.id).toBe(id);
    // The worker dies holding the job: no complete, no fail (a fetched job is not failed on stop).
    await doomed.boss.stop({ graceful: false, close: true, wait: true });
    const killedAt = performance.now();
    expect(await jobState(id!)).toMatchObject({ state: "active", retry_count: 0 });

    const runs: number[] = [];
    let ran: () => void = () => {};
    const retried = new Promise<void>((resolve) => {
      ran = resolve;
    });
    await survivor.work(
      {
        "submit-order": async (_data, ctx) => {
          runs.push(ctx.attempt);
          ran();
          return { ok: true };
        },
      },
      { pollingIntervalSeconds: POLLING_SECONDS },
    );
    await retried;
    const elapsedSeconds = (performance.now() - killedAt) / 1000;
    console.info(`[jobs] the killed worker's job ran again after ${elapsedSeconds.toFixed(1)} s`);
    const bound = expireIn + MAINTENANCE_INTERVAL_SECONDS + 2 * config.submission.retryDelaySeconds + 2;
    expect(elapsedSeconds).toBeLessThan(bound);
    expect(runs).toEqual([2]);

    for (let i = 0; i < 100 && (await jobState(id!)).state !== "completed"; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await jobState(id!)).toMatchObject({ state: "completed", retry_count: 1 });
    expect(runs).toEqual([2]);
  });

  async function jobState(id: string) {
    const rows = await handle.query<{ state: string; retry_count: number }>(
      "select state, retry_count from pgboss.job where id = $1",
      [id],
    );
    return rows[0]!;
  }
});
