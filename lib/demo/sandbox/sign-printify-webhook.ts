import { createHmac } from "node:crypto";

/** The header Printify signs its webhook deliveries in. */
export const PRINTIFY_SIGNATURE_HEADER = "X-Pfy-Signature";

/**
 * The `X-Pfy-Signature` value for a webhook body: `sha256=` + lowercase hex HMAC-SHA256 of the
 * raw body (the exact bytes sent; never a re-serialisation) keyed with the webhook's secret.
 * Printify adds no timestamp, so a verifier must compare in constant time and dedupe on the
 * event id.
 */
export function signPrintifyWebhook(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}
