import { z } from "zod";
import type { Config } from "@/lib/platform/config";

const storeScoped = { storeId: z.uuid(), correlationId: z.string().max(200).nullish() };

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
    }),
  },
  "submit-order": {
    data: z.object({ ...storeScoped, orderId: z.uuid(), requestedBy: z.string().max(200).nullish() }),
    // Never two submissions of one order at once (the singleton policy, keyed by order id).
    queue: (c: Config) => ({
      retryLimit: c.submission.maxAttempts - 1,
      retryDelay: c.submission.retryDelaySeconds,
      retryBackoff: true,
      policy: "singleton" as const,
    }),
    singletonKey: (data: { orderId: string }) => data.orderId,
  },
  "send-order-email": {
    data: z.object({ ...storeScoped, orderId: z.uuid(), email: z.enum(["confirmation", "shipping"]) }),
    queue: (c: Config) => ({
      retryLimit: c.mail.maxAttempts - 1,
      retryDelay: c.mail.retryDelaySeconds,
      retryBackoff: true,
    }),
  },
  "recover-cart": {
    data: z.object({ ...storeScoped, checkoutId: z.uuid() }),
    queue: (c: Config) => ({
      retryLimit: c.mail.maxAttempts - 1,
      retryDelay: c.mail.retryDelaySeconds,
      retryBackoff: true,
    }),
  },
  "sync-products": {
    data: z.object({ ...storeScoped, syncRunId: z.uuid() }),
    queue: () => ({ retryLimit: 0 }),
  },
  "follow-up-orders": {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const }),
  },
  watchdog: {
    data: z.object({}).passthrough(),
    queue: () => ({ retryLimit: 0, policy: "singleton" as const }),
  },
} as const;

export type JobDefinitions = typeof jobDefinitions;
export type JobName = keyof JobDefinitions;
export type JobData<N extends JobName> = z.output<JobDefinitions[N]["data"]>;
export const jobNames = Object.keys(jobDefinitions) as JobName[];
