import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import type { Db } from "@/lib/platform/db/types";
import type { VerifiedWebhook, WebhookContext } from "@/lib/webhooks/webhook-types";
import type { PrintifyWebhookBody } from "./verify-printify-webhook";

/**
 * The order a Printify event is about (by Printify's order id, in this store). An order we do
 * not know yet — its submission not recorded — is acknowledged with a debug event; the
 * follow-up job catches its status up later.
 */
export async function findProviderOrder(
  tx: Db,
  event: VerifiedWebhook<PrintifyWebhookBody>,
  ctx: WebhookContext,
): Promise<string | null> {
  const [order] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.storeId, ctx.store.id), eq(orders.providerOrderId, event.body.resource.id)))
    .limit(1);
  if (order) return order.id;
  await logEvent(
    tx,
    ctx.activity,
    "webhook.ignored",
    { provider: "Printify", type: `${event.type} (unknown order ${event.body.resource.id})` },
    { entity: { type: "webhook", id: event.id }, occurredAt: event.occurredAt },
  );
  return null;
}
