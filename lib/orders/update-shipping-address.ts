import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Order, orders } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";

const line = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} is required.`).max(max, `${label} is limited to ${max} characters.`);
const optional = (label: string) =>
  z
    .string()
    .trim()
    .max(200, `${label} is limited to 200 characters.`)
    .nullish()
    .transform((v) => v || null);

export const ShippingAddressInput = z.object({
  orderId: z.uuid({ message: "That order does not exist." }),
  address: z.object({
    name: line("Name"),
    line1: line("Address line 1"),
    line2: optional("Address line 2"),
    city: line("City", 100),
    postalCode: line("Postal code", 20),
    region: optional("Region"),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "Country is a two-letter code such as GB."),
  }),
});

const labels = {
  shippingAddress: "Shipping address",
  "shippingAddress.name": "Recipient",
  "shippingAddress.line1": "Address line 1",
  "shippingAddress.line2": "Address line 2",
  "shippingAddress.city": "City",
  "shippingAddress.postalCode": "Postal code",
  "shippingAddress.region": "Region",
  "shippingAddress.country": "Country",
};

/**
 * Why an order's shipping address can no longer be edited here, or null when it can. Once the
 * order is at Printify an edit here would never reach it (Printify keeps its own copy), so it
 * is refused from submission on, not only from shipping.
 */
export function addressEditBlocker(
  order: Pick<Order, "number" | "status" | "providerOrderId">,
): string | null {
  if (["shipped", "delivered", "cancelled", "refunded"].includes(order.status))
    return `Order #${order.number} is ${order.status.replace("_", " ")}: its address can no longer change.`;
  if (order.providerOrderId !== null || ["submitted", "in_production"].includes(order.status))
    return `Order #${order.number} is already at Printify, which ships to the address it was sent: a change here would not reach it. Ask Printify support to change the address, or cancel the order and resubmit it.`;
  return null;
}

/** Staff correct where an order goes — until it is sent to Printify. Logged as `order.updated` with `changes`. */
export async function updateShippingAddress(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof ShippingAddressInput>,
) {
  const { orderId, address } = ShippingAddressInput.parse(input);
  return recordChange(db, activity, {
    table: orders,
    match: eq(orders.id, orderId),
    entity: { type: "order", id: orderId },
    patch: { shippingAddress: address },
    labels,
    event: "order.updated",
    payload: () => ({ summary: "the shipping address" }),
    log: (before) => ({ orderId: before.id }),
    check: (before) => {
      const blocker = addressEditBlocker(before);
      if (blocker) throw new AppError("order_locked", blocker, 409);
    },
    notFoundMessage: "That order is not in this store.",
  });
}
