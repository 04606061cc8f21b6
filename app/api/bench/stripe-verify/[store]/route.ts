import { readRawBody } from "@/lib/http/read-raw-body";
import { getDb } from "@/lib/runtime/runtime";
import { findWebhookStore } from "@/lib/webhooks/find-webhook-store";
import { verifyStripeWebhook } from "@/lib/webhooks/stripe/verify-stripe-webhook";

export const dynamic = "force-dynamic";

/**
 * The benchmark's baseline (P6), enabled only with STORYLINE_BENCH_ROUTES=1: the Stripe
 * webhook route without its work — read the body, find the store, verify the signature, 200.
 */
export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }) {
  if (process.env.STORYLINE_BENCH_ROUTES !== "1")
    return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  const store = await findWebhookStore(await getDb(), (await params).store);
  if (!store?.stripeWebhookSecret)
    return Response.json({ error: { code: "unknown_store", message: "No such store." } }, { status: 404 });
  try {
    const event = verifyStripeWebhook(await readRawBody(request), request.headers, store.stripeWebhookSecret);
    return Response.json({ received: true, id: event.id });
  } catch (error) {
    return Response.json({ error: { code: "rejected", message: String(error) } }, { status: 400 });
  }
}
