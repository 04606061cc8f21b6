import { randomUUID } from "node:crypto";
import { printifyTime } from "./sandbox-http";
import type { SandboxState } from "./sandbox-state";
import { sleep } from "./sandbox-state";
import { PRINTIFY_SIGNATURE_HEADER, signPrintifyWebhook } from "./sign-printify-webhook";

export type PrintifyWebhookEvent = {
  id: string;
  type: string;
  created_at: string;
  resource: { id: string; type: "order"; data: Record<string, unknown> };
};

/** Printify's envelope for an order event, with a fresh event id. */
export function orderEvent(
  type: string,
  orderId: string,
  data: Record<string, unknown>,
  at: Date,
): PrintifyWebhookEvent {
  return {
    id: randomUUID(),
    type,
    created_at: printifyTime(at),
    resource: { id: orderId, type: "order", data },
  };
}

/** One delivery plus up to three redeliveries, as Printify does after a 4xx/5xx. */
const MAX_ATTEMPTS = 4;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POSTs a webhook to the shop's endpoint, signed with `X-Pfy-Signature`, redelivering the
 * same body (same event id) after a non-2xx answer or a network error, with a short backoff.
 * With `badSignature`, the first attempt is signed with a wrong secret (the endpoint must
 * reject it; the redelivery is signed correctly). Resolves true once an attempt got a 2xx;
 * never throws. Stops for good once `signal` aborts (the sandbox was reset or closed since the
 * order's lifecycle began), even between a retry's wait and its next attempt.
 */
export async function deliverWebhook(
  state: SandboxState,
  shopId: string,
  event: PrintifyWebhookEvent,
  options: { badSignature: boolean; signal: AbortSignal },
): Promise<boolean> {
  const { signal } = options;
  if (signal.aborted) return false;
  const target = await state.deps.resolveShop(shopId).catch((error: unknown) => {
    console.warn(`[sandbox] could not look up Printify shop ${shopId}:`, error);
    return null;
  });
  if (!target) {
    console.warn(`[sandbox] no store uses Printify shop ${shopId}; webhook ${event.type} dropped`);
    return false;
  }
  const body = JSON.stringify(event);
  const backoffMs = Math.min(2000, Math.max(10, state.deps.stepMs / 2));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (state.closed || signal.aborted) return false;
    const secret = options.badSignature && attempt === 1 ? `${target.secret}-not-the-secret` : target.secret;
    try {
      const response = await state.deps.fetch(target.webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Printify-Webhooks/1.0 (Storyline sandbox)",
          [PRINTIFY_SIGNATURE_HEADER]: signPrintifyWebhook(secret, body),
        },
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return true;
    } catch {
      // A network error or timeout: redeliver like a non-2xx.
    }
    if (attempt < MAX_ATTEMPTS && !(await sleep(state, backoffMs * attempt, signal))) return false;
  }
  return false;
}
