import type { ActivityContext } from "@/lib/activity";

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

/** A short, human reason for an error, fit for an activity message. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300) || "unknown error";
}
