import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { outboxEmails } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { sandboxMailFault } from "@/lib/demo/sandbox/mail-faults";
import { setMailFault } from "@/lib/email/send-mail";
import { sendOrderEmail } from "@/lib/email/send-order-email";
import { ReportedJobError } from "@/lib/jobs/queue";
import { createStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { createOrder, eventsOf, jobContext, mailConfig, rejection } from "./email-fixtures";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

// The sandbox's mail fault check, as boot installs it when the sandbox is on.
beforeAll(() => setMailFault(sandboxMailFault));
afterAll(() => setMailFault(null));
afterEach(() => clearFaults());

const correlationId = "evt_test_correlation";

describe("sendOrderEmail into the outbox", () => {
  it("writes the mail to outbox_emails when no SMTP server is set", async () => {
    const storeId = await createStore(handle.db, "Inkwell Prints");
    const order = await createOrder(handle.db, storeId);

    const result = await sendOrderEmail(
      { storeId, orderId: order.id, email: "confirmation", correlationId },
      jobContext(handle.db, mailConfig(null)),
    );

    expect(result).toMatchObject({ transport: "outbox" });
    const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.storeId, storeId));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      orderId: order.id,
      kind: "confirmation",
      from: '"Inkwell Prints" <orders@storyline.test>',
      to: "ana@example.com",
      subject: `Your Inkwell Prints order #${order.number} is confirmed`,
      messageId: (result as { messageId: string }).messageId,
    });
    expect(mails[0]!.text).toContain(`https://shop.example/o/${order.publicToken}`);
    expect(mails[0]!.html).toContain("Inkwell Prints");
    expect(await eventsOf(handle.db, storeId, "order.email.confirmation_sent")).toHaveLength(1);
  });

  it("fails once on the sandbox smtp_fail fault, then succeeds and resolves that failure itself", async () => {
    const storeId = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId, "flaky@example.com");
    const config = mailConfig(null, { STORYLINE_SANDBOX: "true" });
    const data = { storeId, orderId: order.id, email: "confirmation" as const, correlationId };
    const job = jobContext(handle.db, config);
    // A failed shipping email of the same order stays open: only the same email is superseded.
    const other = await logEvent(
      handle.db,
      systemContext(storeId),
      "order.email.failed",
      { email: "shipping", to: order.customerEmail, reason: "SMTP timeout" },
      { orderId: order.id },
    );
    setFaults(order.customerEmail, { smtp_fail: 1 });

    const first = await rejection(sendOrderEmail(data, job));
    expect(first).toBeInstanceOf(ReportedJobError);
    expect((first as Error).message).toBe("SMTP timeout (sandbox fault)");
    const [failed] = (await eventsOf(handle.db, storeId, "order.email.failed")).filter(
      (r) => r.id !== other.id,
    );
    expect(failed).toMatchObject({ payload: { reason: "SMTP timeout (sandbox fault)" }, resolvedAt: null });

    await sendOrderEmail(data, { ...job, attempt: 2 });

    const rows = await eventsOf(handle.db, storeId, "order.email.failed");
    const resolved = rows.find((r) => r.id === failed!.id)!;
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect(resolved.resolvedBy).toBeNull();
    expect(resolved.resolutionNote).toBe(
      "Resolved automatically: the confirmation email went out on attempt 2.",
    );
    expect(rows.find((r) => r.id === other.id)!.resolvedAt).toBeNull();
    expect(await eventsOf(handle.db, storeId, "order.email.confirmation_sent")).toHaveLength(1);
    expect(
      await handle.db.select().from(outboxEmails).where(eq(outboxEmails.orderId, order.id)),
    ).toHaveLength(1);
  });
});
