import { abandonedCheckouts } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { JobSender } from "@/lib/jobs/queue";
import type { Config } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";

export type ExpiredCheckout = {
  sessionId: string;
  email: string | null;
  amount: number;
  currency: string;
  expiredAt: Date;
};

/**
 * Records a checkout that expired unpaid as an abandoned cart (once per session) and, when
 * the customer left an email, schedules one recovery email `abandonedCartDelayMinutes` after
 * it expired. A payment by the same customer before then marks it recovered instead.
 */
export async function recordAbandonedCheckout(
  tx: Db,
  jobs: JobSender,
  activity: ActivityContext,
  config: Config,
  checkout: ExpiredCheckout,
): Promise<{ checkoutId: string } | null> {
  const [row] = await tx
    .insert(abandonedCheckouts)
    .values({
      storeId: activity.storeId,
      stripeCheckoutSessionId: checkout.sessionId,
      customerEmail: checkout.email?.toLowerCase() ?? null,
      amount: checkout.amount,
      currency: checkout.currency.toUpperCase(),
      expiredAt: checkout.expiredAt,
    })
    .onConflictDoNothing()
    .returning({ id: abandonedCheckouts.id });
  if (!row) return null;

  await logEvent(
    tx,
    activity,
    "abandoned_cart.detected",
    {
      email: checkout.email?.toLowerCase() ?? null,
      amount: checkout.amount,
      currency: checkout.currency.toUpperCase(),
    },
    {
      entity: { type: "cart", id: row.id },
      occurredAt: checkout.expiredAt,
      dedupeKey: `cart-detected:${checkout.sessionId}`,
    },
  );
  if (checkout.email) {
    const due = new Date(checkout.expiredAt.getTime() + config.abandonedCartDelayMinutes * 60_000);
    await jobs.send(
      tx,
      "recover-cart",
      { storeId: activity.storeId, checkoutId: row.id, correlationId: activity.correlationId ?? null },
      { startAfter: due > new Date() ? due : new Date() },
    );
  }
  return { checkoutId: row.id };
}
