import type { Order } from "@/db/schema";
import { resendBlocker } from "./resend-order-email";
import { resubmitBlocker } from "./resubmit-order";

/** What a person can do about an order's open problem, besides resolving it. */
export type ProblemFix = "resubmit" | "resendConfirmation" | "resendShipping";

/**
 * The action that fixes an open warning or error about an order, when the order's state still
 * allows it: a failed or stuck submission is resubmitted, a failed email resent. Null when
 * there is nothing to do but look and resolve (a declined card, a refund, a cancellation).
 */
export function problemFix(
  event: { eventType: string; payload: unknown },
  order: Pick<Order, "status" | "providerOrderId">,
): ProblemFix | null {
  const payload = (event.payload ?? {}) as { email?: unknown; stage?: unknown };
  switch (event.eventType) {
    case "order.submission_failed":
      return resubmitBlocker(order) === null ? "resubmit" : null;
    case "order.stuck":
      return payload.stage === "not_submitted" && resubmitBlocker(order) === null ? "resubmit" : null;
    case "order.email.failed": {
      const email = payload.email === "shipping" ? "shipping" : "confirmation";
      if (resendBlocker(order, email) !== null) return null;
      return email === "shipping" ? "resendShipping" : "resendConfirmation";
    }
    default:
      return null;
  }
}
