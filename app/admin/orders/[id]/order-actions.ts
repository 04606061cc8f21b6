"use server";

import { resolveAccess } from "@/lib/auth/access";
import { AppError } from "@/lib/errors";
import { CancelOrderInput, cancelOrder } from "@/lib/orders/cancel-order";
import { ResendOrderEmailInput, resendOrderEmail } from "@/lib/orders/resend-order-email";
import { ResubmitOrderInput, resubmitOrder } from "@/lib/orders/resubmit-order";

export type OrderActionResult = { ok: true; eventId: string } | { ok: false; error: string };

function failed(error: unknown, what: string): OrderActionResult {
  if (error instanceof AppError) return { ok: false, error: error.message };
  console.error(`[orders] could not ${what}:`, error);
  return { ok: false, error: `Could not ${what}. Please try again.` };
}

/** Asks for an order's confirmation or shipping email to go out again, as the signed-in person. */
export async function resendOrderEmailAction(input: {
  orderId: string;
  email: "confirmation" | "shipping";
}): Promise<OrderActionResult> {
  try {
    const access = await resolveAccess("orders:write");
    const parsed = ResendOrderEmailInput.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: parsed.error.issues[0]?.message ?? "The request is not valid." };
    const result = await resendOrderEmail(access.db, access.activity, parsed.data);
    return { ok: true, eventId: result.eventId };
  } catch (error) {
    return failed(error, "resend the email");
  }
}

/** Sends a paid order that never reached Printify to the submission worker again. */
export async function resubmitOrderAction(input: { orderId: string }): Promise<OrderActionResult> {
  try {
    const access = await resolveAccess("orders:write");
    const parsed = ResubmitOrderInput.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: parsed.error.issues[0]?.message ?? "The request is not valid." };
    const result = await resubmitOrder(access.db, access.activity, parsed.data);
    return { ok: true, eventId: result.eventId };
  } catch (error) {
    return failed(error, "resubmit the order");
  }
}

/** Cancels an order that has not shipped (at Printify too, when it has it). Does not refund. */
export async function cancelOrderAction(input: {
  orderId: string;
  reason: string;
}): Promise<OrderActionResult> {
  try {
    const access = await resolveAccess("orders:write");
    const parsed = CancelOrderInput.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: parsed.error.issues[0]?.message ?? "The request is not valid." };
    const result = await cancelOrder(access.db, access.activity, parsed.data);
    return { ok: true, eventId: result.eventId };
  } catch (error) {
    return failed(error, "cancel the order");
  }
}
