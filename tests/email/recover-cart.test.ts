import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { abandonedCheckouts } from "@/db/schema";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { sandboxMailFault } from "@/lib/demo/sandbox/mail-faults";
import { recoverCart } from "@/lib/email/recover-cart";
import { setMailFault } from "@/lib/email/send-mail";
import { PermanentJobError, ReportedJobError } from "@/lib/jobs/queue";
import { createStore, rowsOfStore } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { createCheckout, createOrder, eventsOf, jobContext, mailConfig, rejection } from "./email-fixtures";
import { startSmtpServer, type TestSmtpServer } from "./smtp-test-server";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let smtp: TestSmtpServer;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  smtp = await startSmtpServer();
});

afterAll(async () => {
  await smtp?.close();
  await handle?.dispose();
  spool?.cleanup();
});

// The sandbox's mail fault check, as boot installs it when the sandbox is on.
beforeAll(() => setMailFault(sandboxMailFault));
afterAll(() => setMailFault(null));
afterEach(() => clearFaults());

const sentTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

async function checkoutRow(id: string) {
  const [row] = await handle.db.select().from(abandonedCheckouts).where(eq(abandonedCheckouts.id, id));
  return row!;
}

describe("recoverCart", () => {
  it("sends one recovery email, stamps the checkout and logs abandoned_cart.email_sent; a second job sends nothing", async () => {
    const storeId = await createStore(handle.db, "Inkwell Prints");
    const checkoutId = await createCheckout(handle.db, storeId, { customerEmail: "once@example.com" });
    const config = mailConfig(smtp.url);
    const data = { storeId, checkoutId, correlationId: "evt_expired" };

    const result = await recoverCart(data, jobContext(handle.db, config));

    expect(result).toMatchObject({ transport: "smtp" });
    expect(sentTo("once@example.com")).toHaveLength(1);
    expect(sentTo("once@example.com")[0]!.subject).toBe("Your Inkwell Prints basket is waiting (£28.00)");
    expect((await checkoutRow(checkoutId)).recoveryEmailSentAt).toBeInstanceOf(Date);
    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eventType: "abandoned_cart.email_sent",
      level: "info",
      entityType: "cart",
      entityId: checkoutId,
      orderId: null,
      actorType: "worker",
      actorLabel: "Email worker",
      source: "worker",
      correlationId: "evt_expired",
      dedupeKey: `cart-email:${checkoutId}`,
      payload: { to: "once@example.com", amount: 2800, currency: "GBP" },
      message: "Recovery email sent to once@example.com",
    });

    expect(await recoverCart(data, jobContext(handle.db, config))).toEqual({
      skipped: "the recovery email was already sent",
    });
    expect(sentTo("once@example.com")).toHaveLength(1);
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(1);
  });

  it("skips a recovered checkout and one without an email address, writing nothing", async () => {
    const storeId = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId, "back@example.com");
    const recovered = await createCheckout(handle.db, storeId, {
      customerEmail: "back@example.com",
      recoveredOrderId: order.id,
      recoveredAt: new Date(),
    });
    const anonymous = await createCheckout(handle.db, storeId, { customerEmail: null });
    const config = mailConfig(smtp.url);

    expect(await recoverCart({ storeId, checkoutId: recovered }, jobContext(handle.db, config))).toEqual({
      skipped: "the cart was recovered",
    });
    expect(await recoverCart({ storeId, checkoutId: anonymous }, jobContext(handle.db, config))).toEqual({
      skipped: "the checkout has no email address",
    });
    expect(sentTo("back@example.com")).toHaveLength(0);
    expect((await checkoutRow(recovered)).recoveryEmailSentAt).toBeNull();
    expect(await rowsOfStore(handle.db, storeId)).toEqual([]);
  });

  it("refuses a checkout of another store without retrying", async () => {
    const storeId = await createStore(handle.db);
    const theirs = await createCheckout(handle.db, await createStore(handle.db));
    const error = await rejection(
      recoverCart({ storeId, checkoutId: theirs }, jobContext(handle.db, mailConfig(smtp.url))),
    );
    expect(error).toBeInstanceOf(PermanentJobError);
  });

  it("logs a failed send as abandoned_cart.email_failed, and the retry that succeeds resolves it", async () => {
    const storeId = await createStore(handle.db);
    const checkoutId = await createCheckout(handle.db, storeId, { customerEmail: "flaky-cart@example.com" });
    const config = mailConfig(null, { STORYLINE_SANDBOX: "true" });
    const job = jobContext(handle.db, config);
    setFaults("flaky-cart@example.com", { smtp_fail: 1 });

    const error = await rejection(recoverCart({ storeId, checkoutId }, job));
    expect(error).toBeInstanceOf(ReportedJobError);
    const [failed] = await eventsOf(handle.db, storeId, "abandoned_cart.email_failed");
    expect(failed).toMatchObject({
      level: "error",
      entityType: "cart",
      entityId: checkoutId,
      dedupeKey: `cart-email-failed:${job.jobId}:1`,
      payload: { to: "flaky-cart@example.com", reason: "SMTP timeout (sandbox fault)" },
      resolvedAt: null,
    });
    expect((await checkoutRow(checkoutId)).recoveryEmailSentAt).toBeNull();

    await recoverCart({ storeId, checkoutId }, { ...job, attempt: 2 });

    const [resolved] = await eventsOf(handle.db, storeId, "abandoned_cart.email_failed");
    expect(resolved!.resolvedAt).toBeInstanceOf(Date);
    expect(resolved!.resolvedBy).toBeNull();
    expect(resolved!.resolutionNote).toBe(
      "Resolved automatically: the recovery email went out on attempt 2.",
    );
    expect(await eventsOf(handle.db, storeId, "abandoned_cart.email_sent")).toHaveLength(1);
    expect((await checkoutRow(checkoutId)).recoveryEmailSentAt).toBeInstanceOf(Date);
  });
});
