import { createHash } from "node:crypto";
import { webhookDeliveries } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { JobSender } from "@/lib/jobs/queue";
import type { Config } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";
import { getRuntime } from "@/lib/runtime/runtime";
import { findWebhookStore, type WebhookStore } from "@/lib/webhooks/find-webhook-store";
import { recordRejection, UNAUTHENTICATED_REJECTIONS } from "@/lib/webhooks/record-rejection";
import { WebhookRejection } from "@/lib/webhooks/webhook-rejection";
import type { VerifiedWebhook, WebhookSpec } from "@/lib/webhooks/webhook-types";
import { databaseUnavailableResponse, errorResponse } from "../error-response";
import { perMinuteLimiter, type RateLimiter } from "../rate-limit";
import { readRawBody } from "../read-raw-body";
import { requestInfo } from "../request-info";

/** Unsigned or wrongly signed deliveries per client address and provider, per minute. */
const sharedRejections = (db: Db) =>
  perMinuteLimiter(db, "webhook-rejections", "WEBHOOK_REJECTIONS_PER_MINUTE", 30);

/** What the recipe needs: the database, the job queue and the configuration. */
export type WebhookDeps = {
  db: Db;
  jobs: JobSender;
  config: Config;
  /** Refused deliveries per client address; the limit every process shares unless given. */
  rejections?: RateLimiter;
};

const unavailable = (message: string) => databaseUnavailableResponse(message);

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
  let deps: WebhookDeps;
  try {
    const runtime = await getRuntime();
    deps = { db: runtime.database.db, jobs: runtime.jobs, config: runtime.config };
  } catch (cause) {
    console.error(`[webhooks] ${spec.provider}: database unavailable`, cause);
    return unavailable("The database is unavailable; deliver again later.");
  }
  return processWebhook(deps, request, storeSlug, spec);
}

/** `receiveWebhook` with its database, queue and configuration handed in (tests, benchmarks). */
export async function processWebhook<T>(
  { db, jobs, config, rejections = sharedRejections(db) }: WebhookDeps,
  request: Request,
  storeSlug: string,
  spec: WebhookSpec<T>,
): Promise<Response> {
  let store: WebhookStore | null;
  try {
    store = await findWebhookStore(db, storeSlug);
  } catch (cause) {
    console.error(`[webhooks] ${spec.provider}: database unavailable`, cause);
    return unavailable("The database is unavailable; deliver again later.");
  }
  if (!store) return errorResponse(404, "unknown_store", `No store named “${storeSlug}”.`);

  const { ip, userAgent } = requestInfo(request.headers);
  const activity = (correlationId: string | null): ActivityContext => ({
    storeId: store.id,
    actor: { type: "integration", label: spec.label },
    source: "webhook",
    ip,
    userAgent,
    correlationId,
  });

  // A client that keeps sending deliveries we must refuse is cut off for a while. The shared
  // limiter is asked only once a delivery fails its signature: a signed one is the provider's,
  // whoever else sends from its address, and costs no round trip to the limiter.
  const clientKey = `${spec.provider}:${ip ?? "unknown"}`;

  let rawBody = "";
  let event: VerifiedWebhook<T> | null = null;
  try {
    rawBody = await readRawBody(request);
    event = verifyWithAnySecret(spec, store, rawBody, request.headers);
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
        .onConflictDoNothing({
          target: [webhookDeliveries.storeId, webhookDeliveries.provider, webhookDeliveries.providerEventId],
        })
        .returning({ id: webhookDeliveries.id })
        // Prepared: postgres.js asks the server for an unprepared statement's parameter types in a
        // round trip of its own before running it; a connection does that once for a prepared one.
        .prepare("webhook_delivery_insert")
        .execute();
      if (!delivery) return "duplicate" as const;
      const ctx = { store, activity: activity(verified.id), config, jobs };
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
    if (outcome === "processed") for (const name of spec.wakes) jobs.wake(name);
    return Response.json({
      received: true,
      id: verified.id,
      ...(outcome === "processed" ? {} : { [outcome]: true }),
    });
  } catch (cause) {
    if (cause instanceof AppError && cause.status < 500) {
      if (UNAUTHENTICATED_REJECTIONS.has(cause.code)) {
        // Past its allowance, refused without a trace (the limiter answers from memory then).
        const allowed = await rejections.consume(clientKey);
        if (!allowed.ok)
          return errorResponse(
            429,
            "too_many_rejections",
            `Too many rejected deliveries from this address; try again in ${allowed.retryAfterSeconds} s.`,
            { "retry-after": String(allowed.retryAfterSeconds) },
          );
        await recordRejection(db, activity(null), {
          provider: spec.provider,
          label: spec.label,
          reason: cause.code,
          message: cause.message,
          status: cause.status,
        });
      } else {
        // Signed by the provider, yet unusable: each such delivery is its own problem to look at.
        const eventId =
          cause instanceof WebhookRejection ? (cause.eventId ?? event?.id ?? null) : (event?.id ?? null);
        await logEvent(
          db,
          activity(eventId),
          "webhook.rejected",
          { provider: spec.label, reason: cause.message, status: cause.status },
          {
            entity: { type: "webhook", id: eventId },
            dedupeKey: `webhook-rejected:${spec.provider}:${hash(`${cause.code}\n${request.headers.get(spec.signatureHeader)}\n${rawBody}`)}`,
          },
        );
      }
      return errorResponse(cause.status, cause.code, cause.message);
    }
    console.error(
      `[webhooks] ${spec.provider} ${event?.type ?? "?"} ${event?.id ?? ""}: not recorded`,
      cause,
    );
    return unavailable("The delivery could not be recorded; deliver again later.");
  }
}

/**
 * Verifies against each secret the store accepts now (the current one, then one still in its
 * grace period after a rotation): the first that matches wins. A delivery that matches none is
 * refused with the current secret's reason; any other refusal (a stale timestamp, bad JSON)
 * is final whichever secret it came from.
 */
function verifyWithAnySecret<T>(
  spec: WebhookSpec<T>,
  store: WebhookStore,
  rawBody: string,
  headers: Headers,
): VerifiedWebhook<T> {
  const secrets = spec.secretsOf(store);
  if (secrets.length === 0)
    throw new WebhookRejection("not_configured", `No ${spec.label} signing secret is set for this store.`);
  let mismatch: unknown = null;
  for (const secret of secrets) {
    try {
      return spec.verify(rawBody, headers, secret);
    } catch (error) {
      if (!(error instanceof WebhookRejection && error.code === "invalid_signature")) throw error;
      mismatch ??= error;
    }
  }
  throw mismatch;
}

function hash(text: string) {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
