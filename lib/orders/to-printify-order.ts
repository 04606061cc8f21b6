import type { Order, OrderItem } from "@/db/schema";
import { PermanentJobError } from "@/lib/jobs/queue";
import type { SubmitOrderInput } from "@/lib/providers/printify/types";

/**
 * Our order as Printify's create-order request. `external_id` is our order id: it is how a
 * resubmission finds the provider order an earlier attempt already created. An order that
 * cannot be expressed (no address, an item without a SKU) is a failure no retry can fix.
 */
export function toPrintifyOrder(order: Order, items: OrderItem[]): SubmitOrderInput {
  const address = order.shippingAddress;
  if (!address) throw new PermanentJobError("the order has no shipping address");
  if (items.length === 0) throw new PermanentJobError("the order has no line items");
  const missing = items.find((item) => !item.sku);
  if (missing) throw new PermanentJobError(`“${missing.title}” has no SKU to order from the provider`);
  const [first, ...rest] = (address.name || order.customerName || "").trim().split(/\s+/);
  return {
    external_id: order.id,
    label: `#${order.number}`,
    line_items: items.map((item) => ({ sku: item.sku!, quantity: item.quantity })),
    shipping_method: 1,
    send_shipping_notification: false,
    address_to: {
      first_name: first || "Customer",
      last_name: rest.join(" ") || "-",
      email: order.customerEmail,
      country: address.country,
      region: address.region ?? "",
      address1: address.line1,
      address2: address.line2 ?? "",
      city: address.city,
      zip: address.postalCode,
    },
  };
}
