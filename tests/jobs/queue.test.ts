import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, PermanentJobError, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let queue: JobQueue;
const config = parseConfig({ SUBMISSION_MAX_ATTEMPTS: "2", SUBMISSION_RETRY_DELAY_SECONDS: "1" });

beforeAll(async () => {
  handle = await createTestDatabase();
  queue = await startJobQueue(handle, { config, connectionString: handle.url });
});

afterAll(async () => {
  await queue?.stop();
  await handle?.dispose();
});

const storeId = "0190f0c8-0000-7000-8000-000000000001";
const orderId = "0190f0c8-0000-7000-8000-000000000002";

async function jobState(id: string): Promise<{ state: string; retry_count: number; output: unknown }> {
  const rows = await handle.query<{ state: string; retry_count: number; output: unknown }>(
    "select state, retry_count, output from pgboss.job where id = $1",
    [id],
  );
  return rows[0]!;
}

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("job queue", () => {
  it("enqueues inside a transaction: a rolled-back transaction leaves no job", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await queue.send(tx, "submit-order", { storeId, orderId, correlationId: "evt_rollback" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const rows = await handle.query(
      "select id from pgboss.job where data->>'correlationId' = 'evt_rollback'",
    );
    expect(rows).toHaveLength(0);

    const id = await handle.db.transaction((tx) =>
      queue.send(tx, "submit-order", { storeId, orderId, correlationId: "evt_commit" }),
    );
    expect(id).toBeTruthy();
    expect((await jobState(id!)).state).toBe("created");
  });

  it("rejects a payload that does not match the job's schema before it is sent", async () => {
    await expect(
      queue.send(handle.db, "submit-order", { storeId: "nope", orderId } as never),
    ).rejects.toThrow();
  });

  it("runs jobs, retries failures with the queue's policy, and does not retry permanent errors", async () => {
    const seen: Array<{ attempt: number; max: number; last: boolean; order: string }> = [];
    await queue.work(
      {
        "submit-order": async (data, ctx) => {
          seen.push({
            attempt: ctx.attempt,
            max: ctx.maxAttempts,
            last: ctx.isLastAttempt,
            order: data.orderId,
          });
          if (data.correlationId === "evt_permanent") throw new PermanentJobError("variant out of stock");
          if (ctx.attempt === 1) throw new Error("provider unavailable");
          return { ok: true };
        },
      },
      { pollingIntervalSeconds: 0.5 },
    );

    const retried = await queue.send(handle.db, "submit-order", {
      storeId,
      orderId,
      correlationId: "evt_retry",
    });
    const done = await waitFor(async () => {
      const s = await jobState(retried!);
      return s.state === "completed" ? s : null;
    });
    expect(done.retry_count).toBe(1);
    expect(seen.filter((s) => s.order === orderId).map((s) => [s.attempt, s.max, s.last])).toContainEqual([
      2,
      2,
      true,
    ]);

    const permanent = await queue.send(handle.db, "submit-order", {
      storeId,
      orderId,
      correlationId: "evt_permanent",
    });
    const finished = await waitFor(async () => {
      const s = await jobState(permanent!);
      return s.state === "completed" ? s : null;
    });
    expect(finished.retry_count).toBe(0);
    expect(finished.output).toMatchObject({ error: "variant out of stock", retried: false });
  });

  it("creates every queue with its retry policy", async () => {
    const rows = await handle.db.execute(sql`select name, retry_limit from pgboss.queue order by name`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{
      name: string;
      retry_limit: number;
    }>;
    expect(list.find((q) => q.name === "submit-order")?.retry_limit).toBe(1);
    expect(list.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        "submit-order",
        "send-order-email",
        "recover-cart",
        "sync-products",
        "follow-up-orders",
        "watchdog",
      ]),
    );
  });
});
