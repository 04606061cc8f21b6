import { createHmac, randomBytes } from "node:crypto";
import Stripe from "stripe";
import { maskSecret } from "@/lib/platform/format/mask-secret";
import { PRINTIFY_TEST_EVENT } from "./printify/printify-webhook";
import { STRIPE_TEST_EVENT } from "./stripe/stripe-webhook";
import type { WebhookProvider } from "./webhook-types";

// Signing needs no API key and makes no network call.
const stripe = new Stripe("sk_signature_checks_only");

export type TestDelivery = { eventId: string; body: string; headers: Record<string, string> };

/**
 * A test delivery for a store's own webhook endpoint, signed with `secret` exactly as the
 * provider signs (Stripe's `t=…,v1=…` header through its SDK; Printify's HMAC-SHA256 of the
 * body). The body names the secret only in masked form.
 */
export function buildTestDelivery(provider: WebhookProvider, secret: string, now = new Date()): TestDelivery {
  const masked = maskSecret(secret)!;
  if (provider === "stripe") {
    const eventId = `evt_test_${randomBytes(12).toString("hex")}`;
    const body = JSON.stringify({
      id: eventId,
      object: "event",
      type: STRIPE_TEST_EVENT,
      created: Math.floor(now.getTime() / 1000),
      livemode: false,
      data: { object: { object: "storyline_test", secret: masked } },
    });
    const signature = stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: Math.floor(now.getTime() / 1000),
    });
    return { eventId, body, headers: { "content-type": "application/json", "stripe-signature": signature } };
  }
  const eventId = `pfy_test_${randomBytes(12).toString("hex")}`;
  const body = JSON.stringify({
    id: eventId,
    type: PRINTIFY_TEST_EVENT,
    created_at: now.toISOString(),
    resource: { id: eventId, type: "test", data: { secret: masked } },
  });
  const signature = `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
  return { eventId, body, headers: { "content-type": "application/json", "x-pfy-signature": signature } };
}
