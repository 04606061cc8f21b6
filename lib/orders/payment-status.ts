import type { Order } from "@/db/schema";

export type PaymentStatus = "awaiting" | "failed" | "paid" | "partially_refunded" | "refunded";

export const paymentStatusLabels: Record<PaymentStatus, string> = {
  awaiting: "Awaiting payment",
  failed: "Payment failed",
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
};

/**
 * Where the money stands, apart from where the parcel is: an order can be delivered and
 * partially refunded, or cancelled and refunded in full. `refundedAmount` is the running sum
 * of Stripe's refunds (`charge.refunded`), in minor units.
 */
export function paymentStatus(order: Pick<Order, "status" | "totalAmount" | "refundedAmount">): {
  status: PaymentStatus;
  refunded: number;
  net: number;
} {
  const refunded = Math.min(order.refundedAmount, order.totalAmount);
  const net = order.totalAmount - refunded;
  if (order.status === "pending") return { status: "awaiting", refunded: 0, net: 0 };
  if (order.status === "payment_failed") return { status: "failed", refunded: 0, net: 0 };
  if (refunded > 0 && refunded >= order.totalAmount) return { status: "refunded", refunded, net };
  if (refunded > 0) return { status: "partially_refunded", refunded, net };
  return { status: "paid", refunded, net };
}
