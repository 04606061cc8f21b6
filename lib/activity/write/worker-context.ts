import type { ActivityContext } from "./build-row";

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
