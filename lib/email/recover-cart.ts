import { and, eq, isNull } from "drizzle-orm";
import { abandonedCheckouts, stores } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import type { JobData } from "@/lib/jobs/definitions";
import { type JobContext, PermanentJobError } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { emailJobError, emailWorkerContext } from "./email-job-error";
import { toMailError } from "./mail-error";
import { renderCartRecovery } from "./render-cart-recovery";
import { type SendMailOptions, sendMail } from "./send-mail";

/**
 * Job `recover-cart`: at most one recovery email per abandoned checkout.
 *
 * - Skipped (with the reason as the job's output) when the cart was recovered, has no email,
 *   or its email already went out (`recovery_email_sent_at`).
 * - After sending, `recovery_email_sent_at`, `abandoned_cart.email_sent` and the resolution of
 *   earlier failures commit together. Should that transaction fail, the event is still logged
 *   (and spooled if need be) and the job still succeeds: a retry would mail the customer twice.
 * - A failed send logs `abandoned_cart.email_failed` and retries as the order emails do.
 *
 * `mail` (transport, configuration) is for tests; the queue calls it with two arguments.
 */
export async function recoverCart(
  data: JobData<"recover-cart">,
  job: JobContext,
  mail: SendMailOptions = {},
) {
  const activity = emailWorkerContext(data.storeId, data.correlationId);
  const [row] = await job.db
    .select({ checkout: abandonedCheckouts, storeName: stores.name })
    .from(abandonedCheckouts)
    .innerJoin(stores, eq(stores.id, abandonedCheckouts.storeId))
    .where(and(eq(abandonedCheckouts.id, data.checkoutId), eq(abandonedCheckouts.storeId, data.storeId)))
    .limit(1);
  if (!row) throw new PermanentJobError(`abandoned checkout ${data.checkoutId} not found`);
  const { checkout, storeName } = row;
  if (checkout.recoveredAt || checkout.recoveredOrderId) return { skipped: "the cart was recovered" };
  if (!checkout.customerEmail) return { skipped: "the checkout has no email address" };
  if (checkout.recoveryEmailSentAt) return { skipped: "the recovery email was already sent" };

  const to = checkout.customerEmail;
  const entity = { type: "cart", id: checkout.id };
  const rendered = await renderCartRecovery({
    storeName,
    amount: checkout.amount,
    currency: checkout.currency,
  });
  let sent: Awaited<ReturnType<typeof sendMail>>;
  try {
    sent = await sendMail(
      job.db,
      { storeId: checkout.storeId, kind: "abandoned_cart", to, fromName: storeName, ...rendered },
      { config: job.config, ...mail },
    );
  } catch (error) {
    const failure = toMailError(error);
    await logEvent(
      job.db,
      activity,
      "abandoned_cart.email_failed",
      { to, reason: failure.reason },
      { entity, dedupeKey: `cart-email-failed:${job.jobId}:${job.attempt}` },
    );
    throw emailJobError(failure, job);
  }

  const payload = { to, amount: checkout.amount, currency: checkout.currency };
  const sentOptions = { entity, dedupeKey: `cart-email:${checkout.id}` };
  const note =
    job.attempt > 1
      ? `Resolved automatically: the recovery email went out on attempt ${job.attempt}.`
      : "Resolved automatically: the recovery email went out.";
  const markSent = (db: Db) =>
    db
      .update(abandonedCheckouts)
      .set({ recoveryEmailSentAt: new Date() })
      .where(
        and(
          eq(abandonedCheckouts.id, checkout.id),
          eq(abandonedCheckouts.storeId, checkout.storeId),
          isNull(abandonedCheckouts.recoveryEmailSentAt),
        ),
      );
  const recorded = await job.db
    .transaction(async (tx) => {
      await markSent(tx);
      const logged = await logEvent(tx, activity, "abandoned_cart.email_sent", payload, sentOptions);
      if (logged.status === "failed") throw new Error("abandoned_cart.email_sent was not recorded");
      await resolveSuperseded(tx, {
        storeId: checkout.storeId,
        entityId: checkout.id,
        types: ["abandoned_cart.email_failed"],
        note,
      });
    })
    .then(
      () => true,
      (error: unknown) => {
        console.error(
          `[email] recovery email for cart ${checkout.id} went out, but recording it failed:`,
          error,
        );
        return false;
      },
    );
  if (!recorded) {
    await logEvent(job.db, activity, "abandoned_cart.email_sent", payload, sentOptions);
    await markSent(job.db).catch(() => {});
  }
  return { messageId: sent.messageId, transport: sent.transport };
}
