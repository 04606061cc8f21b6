import type { ActivityContext } from "@/lib/activity";
import type { JobName, JobSender } from "@/lib/jobs/queue";
import type { Config } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import type { WebhookStore } from "./find-webhook-store";

export type WebhookProvider = "stripe" | "printify";

/** A verified delivery, reduced to what every provider has. */
export type VerifiedWebhook<T = unknown> = {
  /** The provider's event id: the delivery's dedupe key and the correlation id of all it causes. */
  id: string;
  type: string;
  /** When the provider says it happened. */
  occurredAt: Date;
  /** The parsed body. */
  body: T;
};

export type WebhookContext = {
  store: WebhookStore;
  /** Actor "Stripe"/"Printify", source webhook, the request's IP and user agent, correlation id = event id. */
  activity: ActivityContext;
  config: Config;
  /** Enqueue jobs in the delivery's transaction (they exist only if it commits). */
  jobs: JobSender;
};

/** One small handler per event type; runs inside the delivery's transaction. */
export type WebhookHandler<T = unknown> = (
  tx: Db,
  event: VerifiedWebhook<T>,
  ctx: WebhookContext,
) => Promise<void>;

export type WebhookSpec<T = unknown> = {
  provider: WebhookProvider;
  label: "Stripe" | "Printify";
  /** The request header that carries the signature (part of a rejection's dedupe key). */
  signatureHeader: string;
  /** The queues a processed delivery may have fed: their workers in this process are woken at once. */
  wakes: readonly JobName[];
  /** The secrets a delivery may be signed with at `now`: the current one first, then one in its grace period. */
  secretsOf(store: WebhookStore, now?: Date): string[];
  /** Checks the signature on the raw body, then parses it; throws `WebhookRejection`. */
  verify(rawBody: string, headers: Headers, secret: string): VerifiedWebhook<T>;
  handlers: Record<string, WebhookHandler<T>>;
};
