import { z } from "zod";
import { appUrl } from "@/lib/platform/config";
import { AppError } from "@/lib/platform/errors";
import { webhookUrls } from "@/lib/stores/get-integrations";
import { buildTestDelivery } from "@/lib/webhooks/build-test-delivery";
import { findWebhookStore, forgetWebhookStores } from "@/lib/webhooks/find-webhook-store";
import { printifyWebhook } from "@/lib/webhooks/printify/printify-webhook";
import { stripeWebhook } from "@/lib/webhooks/stripe/stripe-webhook";
import type { WebhookSpec } from "@/lib/webhooks/webhook-types";
import { createRateLimiter } from "../rate-limit";
import { processWebhook, type WebhookDeps } from "./receive-webhook";

export const TestDeliveryInput = z.object({
  provider: z.enum(["stripe", "printify"], { message: "Choose Stripe or Printify." }),
});

const specs: Record<"stripe" | "printify", WebhookSpec> = {
  stripe: stripeWebhook as WebhookSpec,
  printify: printifyWebhook as WebhookSpec,
};

/** Test deliveries are never cut off by the refused-delivery limit (they come from the admin). */
const noLimit = createRateLimiter({ name: "test-deliveries", points: 1_000_000_000, durationSeconds: 60 });

/**
 * Settings → Integrations' "Send a test delivery": signs a test event with the store's current
 * secret and hands it to the store's own webhook endpoint in this process — the same recipe a
 * provider's delivery goes through (signature, delivery record, handler), so what the feed
 * then shows (`webhook.test_received`) proves the endpoint and the secret work together.
 */
export async function sendTestDelivery(
  deps: Omit<WebhookDeps, "rejections">,
  storeSlug: string,
  input: z.input<typeof TestDeliveryInput>,
): Promise<{ eventId: string; url: string }> {
  const { provider } = TestDeliveryInput.parse(input);
  forgetWebhookStores();
  const store = await findWebhookStore(deps.db, storeSlug);
  const spec = specs[provider];
  const secret = store ? spec.secretsOf(store)[0] : undefined;
  if (!store || !secret)
    throw new AppError("not_configured", `Set the ${spec.label} signing secret first.`, 409);
  const url = webhookUrls(appUrl(deps.config), storeSlug)[provider];
  const delivery = buildTestDelivery(provider, secret);
  const request = new Request(url, { method: "POST", headers: delivery.headers, body: delivery.body });
  const response = await processWebhook({ ...deps, rejections: noLimit }, request, storeSlug, spec);
  if (!response.ok) {
    const detail = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new AppError(
      "test_delivery_refused",
      `The test delivery was refused (${response.status}): ${detail?.error?.message ?? "no reason given"}`,
      response.status >= 500 ? 503 : 422,
    );
  }
  return { eventId: delivery.eventId, url };
}
