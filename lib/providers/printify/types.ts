import { z } from "zod";

/**
 * Printify's request and response shapes (developers.printify.com; see
 * /work/shared/reference/printify). Responses are parsed tolerantly: fields the docs mark as
 * unverified are optional, unknown fields are kept, so an addition on Printify's side never
 * breaks a sync or a submission. Money is in integer cents; times look like
 * "2017-04-18 13:24:28+00:00".
 */

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = text.nullish();

const LineItemBySku = z.looseObject({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  external_id: z.string().optional(),
});
const LineItemByVariant = z.looseObject({
  product_id: z.string().min(1),
  variant_id: z.number().int().nonnegative(),
  quantity: z.number().int().positive(),
  external_id: z.string().optional(),
});

export const PrintifyAddress = z.looseObject({
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  email: z.email(),
  phone: z.string().optional(),
  country: z.string().min(2),
  region: z.string().optional(),
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: z.string().min(1),
  zip: z.string().min(1),
});

/** Body of `POST /v1/shops/{shop_id}/orders.json`. `external_id` is our order id. */
export const SubmitOrderInput = z.looseObject({
  external_id: z.string().min(1),
  label: z.string().optional(),
  line_items: z.array(z.union([LineItemBySku, LineItemByVariant])).min(1),
  /** 1 standard, 2 priority, 3 printify_express, 4 economy. */
  shipping_method: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  send_shipping_notification: z.boolean(),
  address_to: PrintifyAddress,
});
export type SubmitOrderInput = z.input<typeof SubmitOrderInput>;

export const PrintifyShipment = z.looseObject({
  carrier: text,
  number: text,
  url: optionalText,
  delivered_at: optionalText,
});
export type PrintifyShipment = z.infer<typeof PrintifyShipment>;

export const PrintifyOrder = z.looseObject({
  id: text,
  external_id: optionalText,
  status: z.string(),
  shipments: z.array(PrintifyShipment).nullish(),
  created_at: optionalText,
  sent_to_production_at: optionalText,
  fulfilled_at: optionalText,
  metadata: z.looseObject({ shop_order_id: optionalText, shop_order_label: optionalText }).nullish(),
  line_items: z.array(z.looseObject({})).nullish(),
});
export type PrintifyOrder = z.infer<typeof PrintifyOrder>;

export const PrintifyVariant = z.looseObject({
  id: z.number().int(),
  sku: z.string(),
  title: z.string(),
  /** Retail price in cents. */
  price: z.number().int(),
  is_enabled: z.boolean().optional(),
  is_available: z.boolean().optional(),
});
export type PrintifyVariant = z.infer<typeof PrintifyVariant>;

export const PrintifyProduct = z.looseObject({
  id: text,
  title: z.string(),
  description: z.string().nullish(),
  visible: z.boolean().optional(),
  variants: z.array(PrintifyVariant),
});
export type PrintifyProduct = z.infer<typeof PrintifyProduct>;

/** Printify's paginated list envelope (Laravel-style; only these fields are relied on). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    current_page: z.number().int(),
    last_page: z.number().int(),
    data: z.array(item),
  });
export type PrintifyPage<T> = { current_page: number; last_page: number; data: T[] };

export const SubmitOrderResponse = z.looseObject({ id: text });
