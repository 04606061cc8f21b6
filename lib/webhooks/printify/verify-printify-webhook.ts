import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { parsePrintifyTime } from "@/lib/providers/printify/parse-printify-time";
import { WebhookRejection } from "../webhook-rejection";
import type { VerifiedWebhook } from "../webhook-types";

const Envelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created_at: z.string().min(1),
  resource: z.object({
    id: z.string().min(1),
    type: z.string().min(1),
    data: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type PrintifyWebhookBody = z.infer<typeof Envelope>;

/**
 * Verifies `X-Pfy-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` in constant time,
 * then checks the envelope. Printify signs no timestamp, so there is no replay window:
 * redeliveries are caught by the event id.
 */
export function verifyPrintifyWebhook(
  rawBody: string,
  headers: Headers,
  secret: string,
): VerifiedWebhook<PrintifyWebhookBody> {
  const header = headers.get("x-pfy-signature")?.trim();
  if (!header) throw new WebhookRejection("missing_signature", "The X-Pfy-Signature header is missing.");
  const given = header.startsWith("sha256=") ? header.slice(7) : header;
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  const givenBytes = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, "hex") : Buffer.alloc(0);
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected))
    throw new WebhookRejection(
      "invalid_signature",
      "The Printify signature does not match this store's secret.",
    );
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new WebhookRejection("malformed_json", "The body is not valid JSON.");
  }
  const parsed = Envelope.safeParse(body);
  if (!parsed.success)
    throw new WebhookRejection(
      "missing_fields",
      `Not a Printify event: ${parsed.error.issues.map((i) => i.path.join(".") || i.message).join(", ")}`,
    );
  const occurredAt = parsePrintifyTime(parsed.data.created_at);
  if (!occurredAt)
    throw new WebhookRejection(
      "missing_fields",
      `created_at is not a date: ${parsed.data.created_at}`,
      400,
      parsed.data.id,
    );
  return { id: parsed.data.id, type: parsed.data.type, occurredAt, body: parsed.data };
}
