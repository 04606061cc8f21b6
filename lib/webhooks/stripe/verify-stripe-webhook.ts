import Stripe from "stripe";
import { z } from "zod";
import { WebhookRejection } from "../webhook-rejection";
import type { VerifiedWebhook } from "../webhook-types";

export type StripeWebhookBody = {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
};

const Envelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int().positive(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

// Signature checks need no API key and make no network call.
const stripe = new Stripe("sk_signature_checks_only");

/** How far the signature's timestamp may be from now, either way (Stripe's default, 5 minutes). */
const TOLERANCE_SECONDS = 300;

/** The `t=` the SDK verified: it reads the header's items in order and keeps the last `t`. */
const now = () => Math.floor(Date.now() / 1000);

function signedAt(signature: string): number | null {
  let t: number | null = null;
  for (const item of signature.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") t = Number.parseInt(value ?? "", 10);
  }
  return t !== null && Number.isFinite(t) ? t : null;
}

/**
 * Verifies `Stripe-Signature` over the raw body with the `stripe` SDK (`constructEvent`,
 * 300 s tolerance) before anything else, then checks the envelope's shape. The SDK refuses a
 * timestamp too far in the past only; one too far in the future is refused here the same way.
 */
export function verifyStripeWebhook(
  rawBody: string,
  headers: Headers,
  secret: string,
): VerifiedWebhook<StripeWebhookBody> {
  const signature = headers.get("stripe-signature");
  if (!signature) throw new WebhookRejection("missing_signature", "The Stripe-Signature header is missing.");
  let event: unknown;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new WebhookRejection("malformed_json", "The body is not valid JSON.");
    const message = error instanceof Error ? error.message : String(error);
    if (/tolerance/i.test(message))
      throw new WebhookRejection("stale_timestamp", "The signature's timestamp is more than 5 minutes old.");
    throw new WebhookRejection(
      "invalid_signature",
      "The Stripe signature does not match this store's secret.",
    );
  }
  const t = signedAt(signature);
  if (t === null || t - now() > TOLERANCE_SECONDS)
    throw new WebhookRejection(
      "future_timestamp",
      "The signature's timestamp is more than 5 minutes in the future.",
    );
  const parsed = Envelope.safeParse(event);
  if (!parsed.success)
    throw new WebhookRejection(
      "missing_fields",
      `Not a Stripe event: ${parsed.error.issues.map((i) => i.path.join(".") || i.message).join(", ")}`,
    );
  return {
    id: parsed.data.id,
    type: parsed.data.type,
    occurredAt: new Date(parsed.data.created * 1000),
    body: parsed.data,
  };
}
