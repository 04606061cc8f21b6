import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { createSmtpTransport } from "@/lib/email/get-mail-transport";
import { sendOrderEmail } from "@/lib/email/send-order-email";
import { PermanentJobError, ReportedJobError } from "@/lib/jobs/queue";
import { createStore, rowsOfStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { createOrder, eventsOf, jobContext, mailConfig, rejection } from "./email-fixtures";
import { startSilentServer, startSmtpServer, type TestSmtpServer } from "./smtp-test-server";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let smtp: TestSmtpServer;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  smtp = await startSmtpServer((address) =>
    address.startsWith("nobody@") ? { code: 550, message: "5.1.1 No such user here" } : null,
  );
});

afterAll(async () => {
  await smtp?.close();
  await handle?.dispose();
  spool?.cleanup();
});

const correlationId = "evt_test_correlation";

describe("sendOrderEmail over SMTP", () => {
  it("delivers the confirmation, logs order.email.confirmation_sent, and never sends twice for one job", async () => {
    const storeId = await createStore(handle.db, "Inkwell Prints");
    const order = await createOrder(handle.db, storeId);
    const job = jobContext(handle.db, mailConfig(smtp.url));
    const data = { storeId, orderId: order.id, email: "confirmation" as const, correlationId };

    const result = await sendOrderEmail(data, job);

    expect(result).toMatchObject({ transport: "smtp", messageId: expect.any(String) });
    const mail = smtp.received.find((m) => m.to.includes(order.customerEmail));
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual(["ana@example.com"]);
    expect(mail!.subject).toBe(`Your Inkwell Prints order #${order.number} is confirmed`);
    expect(mail!.raw).toMatch(/^From: "?Inkwell Prints"? <orders@storyline\.test>/m);
    expect(mail!.body).toContain(`https://shop.example/o/${order.publicToken}`);
    expect(mail!.body).toContain("2 × Mug (White / 11oz) — £24.00");
    expect(mail!.body).toContain("Total: £47.50");

    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eventType: "order.email.confirmation_sent",
      level: "info",
      orderId: order.id,
      entityType: "order",
      entityId: order.id,
      actorType: "worker",
      actorLabel: "Email worker",
      source: "worker",
      visibility: "customer",
      correlationId,
      dedupeKey: `email-sent:${job.jobId}`,
      payload: { to: "ana@example.com" },
      message: "Order confirmation sent to ana@example.com",
    });

    // The same job run again (a worker killed after logging) sends nothing.
    expect(await sendOrderEmail(data, job)).toEqual({ skipped: "already sent by this job" });
    expect(smtp.received.filter((m) => m.to.includes(order.customerEmail))).toHaveLength(1);
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(1);
  });

  it("sends the shipping notification with the carrier and tracking of the latest order.shipped", async () => {
    const storeId = await createStore(handle.db, "Inkwell Prints");
    const order = await createOrder(handle.db, storeId, "ship@example.com");
    const shipped = { carrier: "DHL", trackingNumber: "1Z999AA10123456784" };
    await logEvent(handle.db, systemContext(storeId), "order.shipped", shipped, { orderId: order.id });
    await logEvent(
      handle.db,
      systemContext(storeId),
      "order.shipped",
      { carrier: "UPS", trackingNumber: "1ZUPS0002", trackingUrl: "https://track.example/1ZUPS0002" },
      { orderId: order.id, occurredAt: new Date(Date.now() + 1000) },
    );

    await sendOrderEmail(
      { storeId, orderId: order.id, email: "shipping", correlationId },
      jobContext(handle.db, mailConfig(smtp.url)),
    );

    const mail = smtp.received.find((m) => m.to.includes("ship@example.com"))!;
    expect(mail.subject).toBe(`Your Inkwell Prints order #${order.number} has shipped`);
    expect(mail.body).toContain("Carrier: UPS");
    expect(mail.body).toContain("Tracking number: 1ZUPS0002");
    expect(mail.body).toContain("https://track.example/1ZUPS0002");
    const [sent] = await eventsOf(handle.db, storeId, "order.email.shipping_sent");
    expect(sent).toMatchObject({
      message: "Shipping notification sent to ship@example.com",
      orderId: order.id,
    });
  });

  it("logs a rejected recipient (550) as order.email.failed and does not retry", async () => {
    const storeId = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId, "nobody@example.com");
    const job = jobContext(handle.db, mailConfig(smtp.url));

    const error = await rejection(
      sendOrderEmail({ storeId, orderId: order.id, email: "confirmation", correlationId }, job),
    );

    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toBe("Recipient rejected: 550 5.1.1 No such user here");
    expect(smtp.received.some((m) => m.to.includes("nobody@example.com"))).toBe(false);
    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eventType: "order.email.failed",
      level: "error",
      orderId: order.id,
      actorLabel: "Email worker",
      correlationId,
      dedupeKey: `email-failed:${job.jobId}:1`,
      payload: {
        email: "confirmation",
        to: "nobody@example.com",
        reason: "Recipient rejected: 550 5.1.1 No such user here",
      },
      message: "Could not send the confirmation email: Recipient rejected: 550 5.1.1 No such user here",
      resolvedAt: null,
    });
  });

  it("logs a server that never answers as a retryable SMTP timeout, permanent on the last attempt", async () => {
    const silent = await startSilentServer();
    try {
      const storeId = await createStore(handle.db);
      const order = await createOrder(handle.db, storeId);
      const config = mailConfig(silent.url);
      const transport = {
        kind: "smtp" as const,
        transporter: createSmtpTransport(silent.url, { socketTimeout: 300 }),
      };
      const data = { storeId, orderId: order.id, email: "shipping" as const, correlationId };
      const job = jobContext(handle.db, config);

      const started = Date.now();
      const first = await rejection(sendOrderEmail(data, job, { transport }));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(first).toBeInstanceOf(ReportedJobError);
      expect((first as Error).message).toBe("SMTP timeout");

      const last = await rejection(
        sendOrderEmail(data, { ...job, attempt: 3, isLastAttempt: true }, { transport }),
      );
      expect(last).toBeInstanceOf(PermanentJobError);

      const failed = await eventsOf(handle.db, storeId, "order.email.failed");
      expect(failed.map((r) => [r.dedupeKey, r.payload])).toEqual([
        [
          `email-failed:${job.jobId}:1`,
          { email: "shipping", to: order.customerEmail, reason: "SMTP timeout" },
        ],
        [
          `email-failed:${job.jobId}:3`,
          { email: "shipping", to: order.customerEmail, reason: "SMTP timeout" },
        ],
      ]);
    } finally {
      await silent.close();
    }
  });

  it("refuses an order of another store (or none) without retrying, and writes nothing", async () => {
    const storeId = await createStore(handle.db);
    const other = await createStore(handle.db);
    const theirs = await createOrder(handle.db, other);
    const error = await rejection(
      sendOrderEmail(
        { storeId, orderId: theirs.id, email: "confirmation", correlationId },
        jobContext(handle.db, mailConfig(smtp.url)),
      ),
    );
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(await rowsOfStore(handle.db, storeId)).toEqual([]);
    expect(await rowsOfStore(handle.db, other)).toEqual([]);
  });
});
