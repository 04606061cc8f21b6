import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { webhookProvider } from "./payload-fields";

const webhookGroup = defineFeedGroup({ key: "webhook", label: "Webhooks", allLabel: "All webhook events" });

/** Webhook deliveries that did not become an event of their own. */
export const webhookEvents = {
  "webhook.rejected": defineEvent({
    label: "Webhook rejected",
    level: "warning",
    entity: "webhook",
    feedGroup: webhookGroup,
    payload: z.object({ provider: webhookProvider, reason: z.string().min(1), status: z.number().int() }),
    message: (p) => `Rejected a ${p.provider} webhook: ${p.reason}`,
  }),
  "webhook.ignored": defineEvent({
    label: "Webhook ignored",
    level: "info",
    entity: "webhook",
    feedGroup: webhookGroup,
    visibility: "debug",
    payload: z.object({ provider: webhookProvider, type: z.string().min(1) }),
    message: (p) => `Ignored a ${p.provider} webhook of type ${p.type}`,
  }),
  "webhook.test_received": defineEvent({
    label: "Test delivery received",
    level: "info",
    entity: "webhook",
    feedGroup: webhookGroup,
    payload: z.object({ provider: webhookProvider, secret: z.string().min(1) }),
    message: (p) => `Received a signed ${p.provider} test delivery: the signing secret ${p.secret} works`,
  }),
} as const;
