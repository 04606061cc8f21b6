import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { orders, products, productVariants, stores } from "@/db/schema";
import { signPrintifyWebhook } from "@/lib/demo/sandbox/sign-printify-webhook";
import { signStripePayload } from "@/lib/demo/sandbox/stripe-events";
import type { Db } from "@/lib/platform/db/types";
import { PEER_ADDRESS_HEADER, peerAddressStamp } from "@/lib/platform/peer-address";

export type ShopStore = {
  id: string;
  slug: string;
  stripeSecret: string;
  printifySecret: string;
  shopId: string;
  skus: string[];
};

/** A store wired for both providers, with two products (three SKUs) to order. */
export async function createShopStore(db: Db, name = "Webhook shop"): Promise<ShopStore> {
  const suffix = randomBytes(5).toString("hex");
  const stripeSecret = `whsec_test_${suffix}`;
  const printifySecret = `printify_test_${suffix}`;
  const shopId = `shop-${suffix}`;
  const [store] = await db
    .insert(stores)
    .values({
      slug: `s-${suffix}`,
      name,
      stripeWebhookSecret: stripeSecret,
      printifyWebhookSecret: printifySecret,
      printifyShopId: shopId,
    })
    .returning();
  const skus: string[] = [];
  for (const [title, variants] of [
    ["Classic tee", ["M", "L"]],
    ["Mug", ["11oz"]],
  ] as const) {
    const [product] = await db
      .insert(products)
      .values({ storeId: store!.id, title, providerProductId: `pp-${title}-${suffix}` })
      .returning({ id: products.id });
    for (const variant of variants) {
      const sku = `${title.slice(0, 3).toUpperCase()}-${variant}-${suffix}`;
      skus.push(sku);
      await db
        .insert(productVariants)
        .values({ storeId: store!.id, productId: product!.id, title: variant, sku, priceAmount: 1500 });
    }
  }
  return { id: store!.id, slug: store!.slug, stripeSecret, printifySecret, shopId, skus };
}

/** A signed Stripe delivery, as Stripe would POST it. */
export function stripeRequest(
  slug: string,
  event: unknown,
  secret: string,
  options: { timestamp?: number; signature?: string; rawBody?: string } = {},
) {
  const body = options.rawBody ?? JSON.stringify(event);
  return new Request(`http://localhost/api/webhooks/stripe/${slug}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      [PEER_ADDRESS_HEADER]: peerAddressStamp("54.187.174.169"),
      "stripe-signature": options.signature ?? signStripePayload(body, secret, options.timestamp),
    },
    body,
  });
}

/** A signed Printify delivery. */
export function printifyRequest(
  slug: string,
  envelope: unknown,
  secret: string,
  options: { signature?: string } = {},
) {
  const body = JSON.stringify(envelope);
  return new Request(`http://localhost/api/webhooks/printify/${slug}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-pfy-signature": options.signature ?? signPrintifyWebhook(secret, body),
    },
    body,
  });
}

export function printifyTime(date: Date) {
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "+00:00");
}

/** A Printify webhook envelope for one of our orders. */
export function printifyEvent(
  type: string,
  providerOrderId: string,
  data: Record<string, unknown>,
  at = new Date(),
) {
  return {
    id: `pfy-evt-${randomBytes(8).toString("hex")}`,
    type,
    created_at: printifyTime(at),
    resource: { id: providerOrderId, type: "order", data },
  };
}

/** An order already submitted to Printify, for webhook tests. */
export async function createSubmittedOrder(
  db: Db,
  store: ShopStore,
  providerOrderId = randomBytes(12).toString("hex"),
) {
  const [order] = await db
    .insert(orders)
    .values({
      storeId: store.id,
      status: "submitted",
      statusChangedAt: new Date(Date.now() - 3_600_000),
      currency: "GBP",
      totalAmount: 3000,
      customerEmail: "buyer@example.com",
      publicToken: randomBytes(24).toString("base64url"),
      providerOrderId,
      placedAt: new Date(Date.now() - 7_200_000),
    })
    .returning();
  return order!;
}

export async function orderById(db: Db, id: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, id));
  return order!;
}
