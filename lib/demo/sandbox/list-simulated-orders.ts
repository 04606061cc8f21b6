import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { abandonedCheckouts, orders, stores } from "@/db/schema";
import { listOrderAndCartEvents } from "@/lib/activity/read/list-order-and-cart-events";
import type { Db } from "@/lib/platform/db/types";
import { acceptedSecrets } from "@/lib/webhooks/find-webhook-store";

/**
 * What the app recorded for some checkout sessions: their orders and, oldest first, the
 * non-debug events of those orders and of the abandoned carts they came from. Read by
 * `npm run simulate` to check a scenario's outcome. The caller proves it may read the store
 * with the store's Stripe signing secret — the secret it signs the simulated deliveries with
 * (the previous one too, while a rotation's grace period lasts).
 */
export async function listSimulatedOrders(db: Db, storeSlug: string, secret: string, sessionIds: string[]) {
  const [store] = await db
    .select({
      id: stores.id,
      secret: stores.stripeWebhookSecret,
      previous: stores.stripeWebhookSecretPrevious,
      previousExpiresAt: stores.stripeWebhookSecretPreviousExpiresAt,
    })
    .from(stores)
    .where(eq(stores.slug, storeSlug));
  // The secrets a delivery may be signed with: after a rotation, the old one for its grace period.
  const accepted = store ? acceptedSecrets(store.secret, store.previous, store.previousExpiresAt) : [];
  if (!store || !accepted.some((s) => sameSecret(s, secret))) return null;
  if (sessionIds.length === 0) return { orders: [], events: [] };
  const orderRows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      sessionId: orders.stripeCheckoutSessionId,
    })
    .from(orders)
    .where(and(eq(orders.storeId, store.id), inArray(orders.stripeCheckoutSessionId, sessionIds)))
    .orderBy(asc(orders.placedAt));
  const carts = await db
    .select({ id: abandonedCheckouts.id })
    .from(abandonedCheckouts)
    .where(
      and(
        eq(abandonedCheckouts.storeId, store.id),
        inArray(abandonedCheckouts.stripeCheckoutSessionId, sessionIds),
      ),
    );
  const orderIds = orderRows.map((o) => o.id);
  const cartIds = carts.map((c) => c.id);
  const events = await listOrderAndCartEvents(db, store.id, { orderIds, cartIds });
  return { orders: orderRows, events };
}

function sameSecret(a: string, b: string) {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
