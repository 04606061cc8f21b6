import { receiveWebhook } from "@/lib/http/webhooks/receive-webhook";
import { printifyWebhook } from "@/lib/webhooks/printify/printify-webhook";

export const dynamic = "force-dynamic";

/** Printify's webhook endpoint for one store: https://<app>/api/webhooks/printify/<store slug>. */
export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  return receiveWebhook(request, store, printifyWebhook);
}
