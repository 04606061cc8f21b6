import { and, eq, sql } from "drizzle-orm";
import { webhookRejections } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { isEventOpen } from "@/lib/activity/read/is-event-open";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { Db } from "@/lib/platform/db/types";
import type { WebhookProvider } from "./webhook-types";

/** Reasons a delivery is refused before its signature vouches for it: anyone can cause them. */
export const UNAUTHENTICATED_REJECTIONS = new Set([
  "missing_signature",
  "invalid_signature",
  "stale_timestamp",
  "future_timestamp",
  "not_configured",
  "payload_too_large",
]);

export type Rejection = {
  provider: WebhookProvider;
  label: "Stripe" | "Printify";
  /** The rejection's code (`invalid_signature`…) and its sentence. */
  reason: string;
  message: string;
  status: number;
};

/**
 * Counts an unauthenticated rejection and makes sure exactly one open `webhook.rejected`
 * warning stands for its store, provider and reason: the first rejection raises it, later ones
 * only count (how many, and when the last came), and once a person resolves it the next
 * rejection raises a new one. Concurrent rejections serialise on the counter's row.
 */
export async function recordRejection(db: Db, activity: ActivityContext, rejection: Rejection) {
  return db.transaction(async (tx) => {
    const key = and(
      eq(webhookRejections.storeId, activity.storeId),
      eq(webhookRejections.provider, rejection.provider),
      eq(webhookRejections.reason, rejection.reason),
    );
    const now = new Date();
    const [counter] = await tx
      .insert(webhookRejections)
      .values({ storeId: activity.storeId, provider: rejection.provider, reason: rejection.reason, count: 1 })
      .onConflictDoUpdate({
        target: [webhookRejections.storeId, webhookRejections.provider, webhookRejections.reason],
        set: { count: sql`${webhookRejections.count} + 1`, lastRejectedAt: now },
      })
      .returning();
    if (counter!.openEventId && (await isEventOpen(tx, activity.storeId, counter!.openEventId)))
      return { raised: false, count: counter!.count };

    const generation = counter!.generation + 1;
    const logged = await logEvent(
      tx,
      activity,
      "webhook.rejected",
      { provider: rejection.label, reason: rejection.message, status: rejection.status },
      {
        entity: { type: "webhook", id: null },
        dedupeKey: `webhook-rejected:${rejection.provider}:${rejection.reason}:${generation}`,
      },
    );
    await tx
      .update(webhookRejections)
      .set({
        openEventId: logged.status === "written" ? logged.id : counter!.openEventId,
        generation,
        count: 1,
        firstRejectedAt: now,
        lastRejectedAt: now,
      })
      .where(key);
    return { raised: true, count: 1 };
  });
}
