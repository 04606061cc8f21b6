import type { ActivitySource, ActorType } from "@/db/schema";

/**
 * Who caused an event, from where: built once per request, job or webhook, and passed to every
 * verb that logs as `activity` (a `ctx` is a job's or a webhook's context, which carries one).
 */
export type ActivityContext = {
  storeId: string;
  actor: { type: ActorType; id?: string | null; label: string };
  source: ActivitySource;
  ip?: string | null;
  userAgent?: string | null;
  correlationId?: string | null;
};

/** The activity context of a background worker acting for a store (no IP, no user agent). */
export function workerContext(
  storeId: string,
  label: string,
  correlationId?: string | null,
): ActivityContext {
  return {
    storeId,
    actor: { type: "worker", label },
    source: "worker",
    correlationId: correlationId ?? null,
  };
}
