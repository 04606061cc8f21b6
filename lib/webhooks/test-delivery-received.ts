import { z } from "zod";
import { logEvent } from "@/lib/activity";
import type { WebhookHandler } from "./webhook-types";

/** Where a test delivery names the (masked) secret it was signed with, in either provider's envelope. */
const TestBody = z.union([
  z.object({ data: z.object({ object: z.object({ secret: z.string().min(1).max(40) }) }) }),
  z.object({ resource: z.object({ data: z.object({ secret: z.string().min(1).max(40) }) }) }),
]);

/**
 * The signed test delivery that Settings → Integrations sends: it got through signature
 * checking, so the store's secret works; it changes nothing but the log.
 */
export const testDeliveryReceived: WebhookHandler = async (tx, event, ctx) => {
  const parsed = TestBody.safeParse(event.body);
  const secret = parsed.success
    ? "data" in parsed.data
      ? parsed.data.data.object.secret
      : parsed.data.resource.data.secret
    : "in use";
  await logEvent(
    tx,
    ctx.activity,
    "webhook.test_received",
    { provider: ctx.activity.actor.label === "Printify" ? "Printify" : "Stripe", secret },
    { entity: { type: "webhook", id: event.id }, occurredAt: event.occurredAt },
  );
};
