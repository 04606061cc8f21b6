import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "@/lib/email/get-mail-transport";
import { sendOrderEmail } from "@/lib/email/send-order-email";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { createStore } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { createOrder, eventsOf, mailConfig } from "./email-fixtures";
import { startSmtpServer, type TestSmtpServer } from "./smtp-test-server";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let smtp: TestSmtpServer;
let queue: JobQueue;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  // The first RCPT for a "deferred" address gets a 451 (try again later); every later one is accepted.
  smtp = await startSmtpServer((address, attempt) => {
    if (address.startsWith("deferred") && attempt === 1)
      return { code: 451, message: "4.3.0 Try again later" };
    if (address.startsWith("unknown")) return { code: 550, message: "5.1.1 Unknown user" };
    return null;
  });
  const config = mailConfig(smtp.url, { EMAIL_MAX_ATTEMPTS: "3", EMAIL_RETRY_DELAY_SECONDS: "1" });
  queue = await startJobQueue(handle, { config, connectionString: handle.url });
  await queue.work({ "send-order-email": sendOrderEmail }, { pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await queue?.stop();
  closeMailTransports();
  await smtp?.close();
  await handle?.dispose();
  spool?.cleanup();
});

type JobRow = { state: string; retry_count: number; output: unknown };

async function waitForJob(id: string, ms = 30_000): Promise<JobRow> {
  const until = Date.now() + ms;
  for (;;) {
    const [row] = await handle.query<JobRow>(
      "select state, retry_count, output from pgboss.job where id = $1",
      [id],
    );
    if (row && (row.state === "completed" || row.state === "failed")) return row;
    if (Date.now() > until) throw new Error(`job ${id} still ${row?.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("send-order-email on the real job queue", () => {
  it("retries a deferred recipient and ends in success, resolving the earlier failure", async () => {
    const storeId = await createStore(handle.db, "Inkwell Prints");
    const order = await createOrder(handle.db, storeId, "deferred@example.com");

    const id = await queue.send(handle.db, "send-order-email", {
      storeId,
      orderId: order.id,
      email: "confirmation",
      correlationId: "evt_queue",
    });
    const job = await waitForJob(id!);

    expect(job).toMatchObject({ state: "completed", retry_count: 1, output: { transport: "smtp" } });
    expect(smtp.received.filter((m) => m.to.includes("deferred@example.com"))).toHaveLength(1);
    const [failed] = await eventsOf(handle.db, storeId, "order.email.failed");
    expect(failed).toMatchObject({
      dedupeKey: `email-failed:${id}:1`,
      payload: { email: "confirmation", reason: "Recipient deferred: 451 4.3.0 Try again later" },
      resolutionNote: "Resolved automatically: the confirmation email went out on attempt 2.",
      resolvedBy: null,
    });
    expect(failed!.resolvedAt).toBeInstanceOf(Date);
    const sent = await eventsOf(handle.db, storeId, "order.email.confirmation_sent");
    expect(sent.map((r) => [r.dedupeKey, r.correlationId])).toEqual([[`email-sent:${id}`, "evt_queue"]]);
  });

  it("does not retry a rejected recipient: one attempt, one open failure", async () => {
    const storeId = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId, "unknown@example.com");

    const id = await queue.send(handle.db, "send-order-email", {
      storeId,
      orderId: order.id,
      email: "confirmation",
      correlationId: null,
    });
    const job = await waitForJob(id!);

    expect(job).toMatchObject({ state: "completed", retry_count: 0, output: { retried: false } });
    expect(smtp.rcptCount.get("unknown@example.com")).toBe(1);
    const failed = await eventsOf(handle.db, storeId, "order.email.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.resolvedAt).toBeNull();
  });
});
