import type { z } from "zod";
import type { SubmitOrderInput } from "@/lib/providers/printify/types";
import { findVariant } from "./sandbox-catalogue";
import { printifyTime, randomHex } from "./sandbox-http";
import type { SandboxLineItem, SandboxOrder } from "./sandbox-state";

type ValidInput = z.output<typeof SubmitOrderInput>;

const FIRST_ITEM_SHIPPING = 400;
const EXTRA_ITEM_SHIPPING = 150;

/**
 * A new on-hold order from a valid submission, priced from the shop's sandbox catalogue. A
 * SKU the catalogue does not know is accepted at cost 0 (the sandbox is for trying flows,
 * not for checking catalogues) and keeps its SKU, so faults and webhooks can still name it.
 */
export function buildSandboxOrder(shopId: string, input: ValidInput, now: Date): SandboxOrder {
  let unitsSoFar = 0;
  const lineItems = input.line_items.map((item): SandboxLineItem => {
    const sku = "sku" in item ? (item.sku as string) : undefined;
    const productId = "product_id" in item ? (item.product_id as string) : undefined;
    const variantId = "variant_id" in item ? (item.variant_id as number) : undefined;
    const found = findVariant(shopId, { sku, product_id: productId, variant_id: variantId });
    const shipping =
      unitsSoFar === 0
        ? FIRST_ITEM_SHIPPING + EXTRA_ITEM_SHIPPING * (item.quantity - 1)
        : EXTRA_ITEM_SHIPPING * item.quantity;
    unitsSoFar += item.quantity;
    return {
      product_id: found?.product.id ?? productId ?? randomHex(24),
      variant_id: found?.variant.id ?? variantId ?? 0,
      quantity: item.quantity,
      print_provider_id: 29,
      cost: found?.variant.cost ?? 0,
      shipping_cost: shipping,
      status: "on-hold",
      metadata: {
        title: found?.product.title ?? sku ?? "Unknown product",
        price: found?.variant.price ?? 0,
        variant_label: found?.variant.title ?? "",
        sku: found?.variant.sku ?? sku ?? String(variantId ?? ""),
        country: "United Kingdom",
      },
    };
  });
  return {
    shopId,
    id: randomHex(24),
    external_id: input.external_id,
    label: input.label ?? null,
    status: "on-hold",
    address_to: input.address_to,
    line_items: lineItems,
    shipping_method: input.shipping_method,
    total_price: lineItems.reduce((sum, item) => sum + item.cost * item.quantity, 0),
    total_shipping: lineItems.reduce((sum, item) => sum + item.shipping_cost, 0),
    total_tax: 0,
    shipments: [],
    created_at: printifyTime(now),
    sent_to_production_at: null,
    fulfilled_at: null,
  };
}

/** The order as Printify's API shows it (docs shape: metadata echoes our external id and label). */
export function orderJson(order: SandboxOrder) {
  const { shopId: _shop, label, shipments, sent_to_production_at, fulfilled_at, ...rest } = order;
  return {
    ...rest,
    metadata: {
      order_type: "api",
      shop_order_id: order.external_id,
      shop_order_label: label ?? order.external_id,
      shop_fulfilled_at: fulfilled_at ?? "1970-01-01 00:00:00+00:00",
    },
    is_printify_express: order.shipping_method === 3,
    is_economy_shipping: order.shipping_method === 4,
    ...(shipments.length ? { shipments } : {}),
    ...(sent_to_production_at ? { sent_to_production_at } : {}),
    ...(fulfilled_at ? { fulfilled_at } : {}),
  };
}
