import { z } from "zod";
import type { Config } from "@/lib/platform/config";

const storeScoped = { storeId: z.uuid(), correlationId: z.string().max(200).nullish() };

/**
 * A job's `expireInSeconds`: the longest its handler can rightly run — each outside call at
 * its client timeout, each database statement at its budget — rounded up. Past it pg-boss
 * takes the job for dead (its worker was killed) and retries it, so it must never be shorter
 * than a live run; and it is what bounds how soon a killed worker's job runs again.
 */
const worstCaseSeconds = (c: Config, calls: { outsideMs: number; statements: number }) =>
  Math.ceil((calls.outsideMs + calls.statements * c.databaseBudget.queryTimeoutMs) / 1000);

/** Stripe's SDK: 10 s per request, one network retry (lib/providers/stripe/get-stripe.ts). */
const STRIPE_CALL_MS = 2 * 10_000;
/** nodemailer's connection, greeting and socket timeouts (lib/email/get-mail-transport.ts). */
const SMTP_SEND_MS = 3 * 10_000;

/**
 * Every background job: its payload schema (checked when it is sent and again when it runs)
 * and its queue's retry policy. A job whose payload fails its schema is never retried.
 */
export const jobDefinitions = {
  /** Loads a new order's line items from Stripe, then starts its submission and confirmation email. */
  "complete-order": {
    data: z.object({ ...storeScoped, orderId: z.uuid(), checkoutSessionId: z.string().min(1).max(255) }),
    queue: (c: Config) => ({
      retryLimit: c.submission.maxAttempts + 2,
      retryDelay: c.submission.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: worstCaseSeconds(c, { outsideMs: STRIPE_CALL_MS, statements: 10 }),
    }),
  },
  "submit-order": {
    data: z.object({ ...storeScoped, orderId: z.uuid(), requestedBy: z.string().max(200).nullish() }),
    // Never two submissions of one order at once (the singleton policy, keyed by order id).
    // An attempt makes three Printify calls at most (look up or fetch, create, send to production);
    // a look-up through a long order history takes more pages, each normally quick.
    queue: (c: Config) => ({
      retryLimit: c.submission.maxAttempts - 1,
      retryDelay: c.submission.retryDelaySeconds,
      retryBackoff: true,
      policy: "singleton" as const,
      expireInSeconds: worstCaseSeconds(c, { outsideMs: 3 * c.printify.timeoutMs, statements: 5 }),
    }),
    singletonKey: (data: { orderId: string }) => data.orderId,
  },
  "send-order-email": {
    data: z.object({ ...storeScoped, orderId: z.uuid(), email: z.enum(["confirmation", "shipping"]) }),
    queue: (c: Config) => ({
      retryLimit: c.mail.maxAttempts - 1,
      retryDelay: c.mail.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: worstCaseSeconds(c, { outsideMs: SMTP_SEND_MS, statements: 5 }),
    }),
  },
  "recover-cart": {
    data: z.object({ ...storeScoped, checkoutId: z.uuid() }),
    queue: (c: Config) => ({
      retryLimit: c.mail.maxAttempts - 1,
      retryDelay: c.mail.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: worstCaseSeconds(c, { outsideMs: SMTP_SEND_MS, statements: 5 }),
    }),
  },
  "sync-products": {
    data: z.object({ ...storeScoped, syncRunId: z.uuid() }),
    // Not retried, and as long as a whole catalogue takes: pg-boss's own default, kept.
    queue: () => ({ retryLimit: 0, expireInSeconds: 15 * 60 }),
  },
  "reconcile-provider-orders": {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 15 * 60 }),
  },
  "follow-up-orders": {
    data: z.object({}).passthrough(),
    // A killed run must not hold the singleton past the next scheduled one.
    queue: (c: Config) => ({
      retryLimit: 0,
      policy: "singleton" as const,
      expireInSeconds: c.followUpIntervalMinutes * 60,
    }),
  },
  /** Finds the morning emails due now (08:00 in each store's zone) and queues one send each. */
  "morning-emails": {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 120 }),
  },
  /** One person's morning email for one store and local day; sent once (a delivery row decides). */
  "send-morning-email": {
    data: z.object({
      ...storeScoped,
      userId: z.uuid(),
      localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
    queue: (c: Config) => ({
      retryLimit: c.mail.maxAttempts - 1,
      retryDelay: c.mail.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: worstCaseSeconds(c, { outsideMs: SMTP_SEND_MS, statements: 10 }),
    }),
    // A second scheduler run queues nothing new for the same person, store and day.
    singletonKey: (data: { storeId: string; userId: string; localDate: string }) =>
      `${data.storeId}:${data.userId}:${data.localDate}`,
  },
  watchdog: {
    data: z.object({}).passthrough(),
    // Database work only; scheduled every 5 minutes.
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 120 }),
  },
  /** Extends each store's sealed chain over what was written since; every few seconds. */
  "seal-activity": {
    data: z.object({}).passthrough(),
    // One waiting and one running at most; passes also serialise on the database.
    queue: () => ({ retryLimit: 0, policy: "stately" as const, expireInSeconds: 120 }),
  },
  /** Adds the rows written since its bookmark to the activity chart's quarter-hour counts; every few seconds. */
  "count-activity": {
    data: z.object({}).passthrough(),
    // One waiting and one running at most; steps also serialise on the bookmark's lock.
    queue: () => ({ retryLimit: 0, policy: "stately" as const, expireInSeconds: 120 }),
  },
  /** Signs each store's chain head into its checkpoint file. */
  "checkpoint-activity": {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 120 }),
  },
  /** Re-verifies the sealed history (incremental hourly, full daily). */
  "verify-activity": {
    data: z.object({ full: z.boolean().optional() }).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 30 * 60 }),
  },
  /**
   * Daily: removes each store's expired activity in bounded batches and scrubs the personal data
   * past its window. A big first run takes a while; a killed one simply resumes the next day.
   */
  "apply-retention": {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 60 * 60 }),
  },
  /** Makes activity_log's monthly partitions ahead and empties its DEFAULT partition; daily and at start. */
  "maintain-activity-partitions": {
    data: z.object({}).passthrough(),
    // Not retried: the next start or day runs it again, and three months ahead leave time.
    queue: () => ({ retryLimit: 0, policy: "singleton" as const, expireInSeconds: 30 * 60 }),
  },
} as const;

export type JobDefinitions = typeof jobDefinitions;
export type JobName = keyof JobDefinitions;
export type JobData<N extends JobName> = z.output<JobDefinitions[N]["data"]>;
export const jobNames = Object.keys(jobDefinitions) as JobName[];
