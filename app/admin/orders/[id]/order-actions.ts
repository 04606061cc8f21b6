"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type OrderActionResult = AdminActionResult<"resubmitOrder">;
export type OrderEditResult = AdminActionResult<"markOrderDelivered">;

/** Asks for an order's confirmation or shipping email to go out again, as the signed-in person. */
export async function resendOrderEmailAction(input: {
  orderId: string;
  email: "confirmation" | "shipping";
}): Promise<OrderActionResult> {
  return adminActions.resendOrderEmail.perform(input);
}

/** Sends a paid order that never reached Printify to the submission worker again. */
export async function resubmitOrderAction(input: { orderId: string }): Promise<OrderActionResult> {
  return adminActions.resubmitOrder.perform(input);
}

/** Cancels an order that has not shipped (at Printify too, when it has it). Does not refund. */
export async function cancelOrderAction(input: {
  orderId: string;
  reason: string;
}): Promise<OrderActionResult> {
  return adminActions.cancelOrder.perform(input);
}

/** Corrects the shipping address of an order that has not shipped. */
export async function updateShippingAddressAction(input: unknown): Promise<OrderEditResult> {
  return adminActions.updateShippingAddress.perform(input);
}

/** Marks a shipped order delivered (the customer says it arrived). */
export async function markOrderDeliveredAction(input: { orderId: string }): Promise<OrderEditResult> {
  return adminActions.markOrderDelivered.perform(input);
}
