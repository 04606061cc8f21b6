import { createHash } from "node:crypto";
import { webhookDeliveries } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import { readRawBody } from "@/lib/http/read-raw-body";
import { requestInfo } from "@/lib/http/request-info";
import { getJobQueue } from "@/lib/jobs/queue";
import { type Config, getConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";
import { getDb } from "@/lib/runtime/runtime";
import { findWebhookStore, type WebhookStore } from "@/lib/webhooks/find-webhook-store";
import { WebhookRejection } from "@/lib/webhooks/webhook-rejection";
import type { VerifiedWebhook, WebhookSpec } from "@/lib/webhooks/webhook-types";

const json = (status: number, body: unknown) => Response.json(body, { status });
const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/**
 * The webhook recipe, the same for every provider: read the raw body (≤ 1 MB), verify the
 * signature before anything else, then in one transaction record the delivery (unique per
 * provider + event id) and run the event type's handler. 2xx only after commit; a redelivery
 * writes nothing and answers 200; bad input answers 4xx and leaves a `webhook.rejected`
 * warning in the store; when the database cannot take the delivery, 503 so the provider retries.
 */
export async function receiveWebhook<T>(
  request: Request,
  storeSlug: string,
  spec: WebhookSpec<T>,
): Promise<Response> {
  let db: Db;
  try {
    db = await getDb();
  } catch (cause) {
    console.error(`[webhooks] ${spec.provider}: database unavailable`, cause);
    return error(503, "unavailable", "The database is unavailable; deliver again later.");
  }
  return processWebhook(db, request, storeSlug, spec);
}

/** `receiveWebhook` on a given database (tests, benchmarks). */
export async function processWebhook<T>(
  db: Db,
  request: Request,
  storeSlug: string,
  spec: WebhookSpec<T>,
  config: Config = getConfig(),
): Promise<Response> {
  let store: WebhookStore | null;
  try {
    store = await findWebhookStore(db, storeSlug);
  } catch (cause) {
    console.error(`[webhooks] ${spec.provider}: database unavailable`, cause);
    return error(503, "unavailable", "The database is unavailable; deliver again later.");
  }
  if (!store) return error(404, "unknown_store", `No store named “${storeSlug}”.`);

  const { ip, userAgent } = requestInfo(request.headers);
  const activity = (correlationId: string | null): ActivityContext => ({
    storeId: store.id,
    actor: { type: "integration", label: spec.label },
    source: "webhook",
    ip,
    userAgent,
    correlationId,
  });

  let rawBody = "";
  let event: VerifiedWebhook<T> | null = null;
  try {
    rawBody = await readRawBody(request);
    const secret = spec.secretOf(store);
    if (!secret)
      throw new WebhookRejection("not_configured", `No ${spec.label} signing secret is set for this store.`);
    event = spec.verify(rawBody, request.headers, secret);
    const verified = event;

    const outcome = await db.transaction(async (tx) => {
      const [delivery] = await tx
        .insert(webhookDeliveries)
        .values({
          storeId: store.id,
          provider: spec.provider,
          providerEventId: verified.id,
          eventType: verified.type,
          payload: verified.body as object,
        })
        .onConflictDoNothing({ target: [webhookDeliveries.provider, webhookDeliveries.providerEventId] })
        .returning({ id: webhookDeliveries.id });
      if (!delivery) return "duplicate" as const;
      const ctx = { store, activity: activity(verified.id), config };
      const handler = spec.handlers[verified.type];
      if (handler) await handler(tx, verified, ctx);
      else
        await logEvent(
          tx,
          ctx.activity,
          "webhook.ignored",
          { provider: spec.label, type: verified.type },
          { entity: { type: "webhook", id: verified.id }, occurredAt: verified.occurredAt },
        );
      return handler ? ("processed" as const) : ("ignored" as const);
    });
    if (outcome === "processed") wakeWorkers();
    return json(200, {
      received: true,
      id: verified.id,
      ...(outcome === "processed" ? {} : { [outcome]: true }),
    });
  } catch (cause) {
    if (cause instanceof AppError && cause.status < 500) {
      const eventId =
        cause instanceof WebhookRejection ? (cause.eventId ?? event?.id ?? null) : (event?.id ?? null);
      await logEvent(
        db,
        activity(eventId),
        "webhook.rejected",
        { provider: spec.label, reason: cause.message, status: cause.status },
        {
          entity: { type: "webhook", id: eventId },
          dedupeKey: `webhook-rejected:${spec.provider}:${hash(`${cause.code}\n${request.headers.get(signatureHeader(spec))}\n${rawBody}`)}`,
        },
      );
      return error(cause.status, cause.code, cause.message);
    }
    console.error(
      `[webhooks] ${spec.provider} ${event?.type ?? "?"} ${event?.id ?? ""}: not recorded`,
      cause,
    );
    return error(503, "unavailable", "The delivery could not be recorded; deliver again later.");
  }
}

function signatureHeader(spec: { provider: string }) {
  return spec.provider === "stripe" ? "stripe-signature" : "x-pfy-signature";
}

function hash(text: string) {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** New jobs were committed: let this process's workers start on them without waiting for a poll. */
function wakeWorkers() {
  try {
    const queue = getJobQueue();
    queue.wake("complete-order");
    queue.wake("submit-order");
    queue.wake("send-order-email");
  } catch {
    // No queue in this process (workers run elsewhere): they will poll.
  }
}
