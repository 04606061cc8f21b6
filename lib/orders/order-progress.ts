import type { OrderStatus } from "@/db/schema";

/**
 * How far along an order is. Status only ever moves to a higher rank: a late or repeated
 * provider event never takes an order backwards. Cancelled and refunded end the story.
 */
const rank: Record<OrderStatus, number> = {
  pending: 0,
  payment_failed: 0,
  paid: 1,
  submitted: 2,
  in_production: 3,
  shipped: 4,
  delivered: 5,
  cancelled: 6,
  refunded: 7,
};

export function isForwardMove(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  // A cancellation ends an order that has not shipped; once shipped, only delivery or a refund follows.
  if (to === "cancelled") return rank[from] < rank.shipped;
  return rank[to] > rank[from];
}

/** Statuses in which the provider still has work to do: the follow-up job asks about these. */
export const inFlightStatuses = ["submitted", "in_production", "shipped"] as const satisfies OrderStatus[];

/**
 * A provider's status word (Printify's, with their spelling) in our terms; null when it
 * says nothing about fulfilment progress ("on-hold", "pending", "sending-to-production"…).
 */
export function fromProviderStatus(status: string | null | undefined): OrderStatus | null {
  switch ((status ?? "").toLowerCase()) {
    case "in-production":
      return "in_production";
    case "partially-fulfilled":
    case "fulfilled":
    case "shipped":
      return "shipped";
    case "delivered":
      return "delivered";
    case "canceled":
    case "cancelled":
      return "cancelled";
    default:
      return null;
  }
}
