import { receiveWebhook } from "@/lib/http/webhooks/receive-webhook";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";

export const dynamic = "force-dynamic";

/** Stripe's webhook endpoint for one store: https://<app>/api/webhooks/stripe/<store slug>. */
export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  return receiveWebhook(request, store, stripeWebhook);
}
