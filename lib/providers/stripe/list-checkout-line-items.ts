import type Stripe from "stripe";

export type CheckoutLineItem = {
  description: string;
  quantity: number;
  /** Minor units (pence, cents). */
  unitAmount: number;
  totalAmount: number;
  /** Lowercase ISO code, as Stripe sends it. */
  currency: string;
  /** From the product's `metadata.sku`, else the price's; null when neither names one. */
  sku: string | null;
};

/**
 * The line items of a Checkout Session, normalised. A session holds at most 100 items, so one
 * page is all of them. Stripe errors are thrown as they come (the caller decides on retries).
 */
export async function listCheckoutLineItems(stripe: Stripe, sessionId: string): Promise<CheckoutLineItem[]> {
  const page = await stripe.checkout.sessions.listLineItems(sessionId, {
    limit: 100,
    expand: ["data.price.product"],
  });
  return page.data.map((item) => {
    const price = item.price;
    const product = price && typeof price.product === "object" ? price.product : null;
    const activeProduct = product && !product.deleted ? product : null;
    const quantity = item.quantity ?? 0;
    const sku = activeProduct?.metadata?.sku || price?.metadata?.sku || null;
    return {
      description: item.description ?? activeProduct?.name ?? "",
      quantity,
      unitAmount: price?.unit_amount ?? (quantity ? Math.round(item.amount_subtotal / quantity) : 0),
      totalAmount: item.amount_total,
      currency: item.currency,
      sku,
    };
  });
}
