import { getRuntime } from "@/lib/runtime/runtime";
import { findWebhookStore } from "@/lib/webhooks/find-webhook-store";
import { verifyStripeWebhook } from "@/lib/webhooks/stripe/verify-stripe-webhook";
import { errorResponse } from "../error-response";
import { readRawBody } from "../read-raw-body";

/**
 * The benchmark's baseline (P6): the Stripe webhook route without its work — read the body,
 * find the store, verify the signature, 200. Served only by a bench build.
 */
export async function stripeVerifyBaseline(
  request: Request,
  { params }: { params: Promise<{ store: string }> },
): Promise<Response> {
  const { database } = await getRuntime();
  const store = await findWebhookStore(database.db, (await params).store);
  if (!store?.stripeWebhookSecret) return errorResponse(404, "unknown_store", "No such store.");
  try {
    const event = verifyStripeWebhook(await readRawBody(request), request.headers, store.stripeWebhookSecret);
    return Response.json({ received: true, id: event.id });
  } catch (error) {
    return errorResponse(400, "rejected", String(error));
  }
}
