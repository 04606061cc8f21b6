import { logEvent } from "@/lib/activity";
import { hasEventWithDedupeKey } from "@/lib/activity/read/has-event-with-dedupe-key";
import { resolveSuperseded } from "@/lib/activity/write/resolve-superseded";
import type { JobData } from "@/lib/jobs/definitions";
import { type JobContext, PermanentJobError } from "@/lib/jobs/queue";
import { appUrl } from "@/lib/platform/config";
import { emailJobError, emailWorkerContext } from "./email-job-error";
import { loadOrderEmail } from "./load-order-email";
import { toMailError } from "./mail-error";
import { renderOrderConfirmation } from "./render-order-confirmation";
import { renderShippingNotification } from "./render-shipping-notification";
import { type SendMailOptions, sendMail } from "./send-mail";

/**
 * Job `send-order-email`: the order confirmation or the shipping notification.
 *
 * - Send first, then book-keep: once the mail is out, nothing here throws (the events go
 *   through `logEvent`, which spools rather than fails; the auto-resolve is best effort), so our
 *   own bookkeeping never makes the queue send it again. A run of a job that already logged its
 *   `email-sent:<jobId>` (a worker killed after logging) sends nothing.
 * - A failed send logs `order.email.failed` once per attempt, then retries (timeouts, 4xx) or
 *   stops (5xx rejections, the last attempt). A later success resolves the order's open
 *   failures of the same email, by the system, saying on which attempt it went out.
 *
 * `mail` (transport, configuration) is for tests; the queue calls it with two arguments.
 */
export async function sendOrderEmail(
  data: JobData<"send-order-email">,
  job: JobContext,
  mail: SendMailOptions = {},
) {
  const activity = emailWorkerContext(data.storeId, data.correlationId);
  const sentKey = `email-sent:${job.jobId}`;
  if (await hasEventWithDedupeKey(job.db, data.storeId, sentKey))
    return { skipped: "already sent by this job" };

  const loaded = await loadOrderEmail(job.db, data.storeId, data.orderId, data.email);
  if (!loaded) throw new PermanentJobError(`order ${data.orderId} not found`);
  const { order, store, items, shipment } = loaded;
  const to = order.customerEmail;
  const statusUrl = `${appUrl(job.config)}/o/${order.publicToken}`;
  const rendered = await (data.email === "confirmation"
    ? renderOrderConfirmation({ storeName: store.name, order, items, statusUrl })
    : renderShippingNotification({ storeName: store.name, order, shipment, statusUrl }));

  let sent: Awaited<ReturnType<typeof sendMail>>;
  try {
    sent = await sendMail(
      job.db,
      { storeId: order.storeId, orderId: order.id, kind: data.email, to, fromName: store.name, ...rendered },
      { config: job.config, ...mail },
    );
  } catch (error) {
    const failure = toMailError(error);
    await logEvent(
      job.db,
      activity,
      "order.email.failed",
      { email: data.email, to, reason: failure.reason },
      { orderId: order.id, dedupeKey: `email-failed:${job.jobId}:${job.attempt}` },
    );
    throw emailJobError(failure, job);
  }

  const type = data.email === "confirmation" ? "order.email.confirmation_sent" : "order.email.shipping_sent";
  await logEvent(job.db, activity, type, { to }, { orderId: order.id, dedupeKey: sentKey });
  const note =
    job.attempt > 1
      ? `Resolved automatically: the ${data.email} email went out on attempt ${job.attempt}.`
      : `Resolved automatically: the ${data.email} email went out.`;
  await resolveSuperseded(job.db, {
    storeId: order.storeId,
    orderId: order.id,
    types: ["order.email.failed"],
    payloadContains: { email: data.email },
    note,
  }).catch((error: unknown) =>
    console.error(
      `[email] sent ${data.email} for order ${order.id}, but could not resolve earlier failures:`,
      error,
    ),
  );
  return { messageId: sent.messageId, transport: sent.transport };
}
