import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { webhookProvider } from "./payload-fields";

const settingsGroup = defineFeedGroup({
  key: "settings",
  label: "Settings",
  allLabel: "All settings events",
});

/** Staff changes to the store's settings and API keys. */
export const settingsEvents = {
  "settings.updated": defineEvent({
    label: "Settings updated",
    level: "info",
    entity: "store",
    feedGroup: settingsGroup,
    payload: z.object({ summary: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} changed ${p.summary}`,
  }),
  "settings.api_key_created": defineEvent({
    label: "API key created",
    level: "info",
    entity: "store",
    feedGroup: settingsGroup,
    payload: z.object({
      name: z.string().min(1),
      prefix: z.string().min(1),
      scopes: z.array(z.string()).min(1),
    }),
    message: (p, c) =>
      `${c.actorLabel} created the API key “${p.name}” (${p.prefix}…, ${p.scopes.join(", ")})`,
  }),
  "settings.api_key_revoked": defineEvent({
    label: "API key revoked",
    level: "info",
    entity: "store",
    feedGroup: settingsGroup,
    payload: z.object({ name: z.string().min(1), prefix: z.string().min(1) }),
    message: (p, c) => `${c.actorLabel} revoked the API key “${p.name}” (${p.prefix}…)`,
  }),
  "settings.webhook_secret_rotated": defineEvent({
    label: "Signing secret changed",
    level: "info",
    entity: "store",
    feedGroup: settingsGroup,
    payload: z.object({
      provider: webhookProvider,
      /** Masked forms only (`whsec_…abcd`): a secret is never written to the log. */
      secret: z.string().min(1),
      previous: z.string().nullable(),
      /** Until when the previous secret is still accepted; null when there was none. */
      previousValidUntil: z.iso.datetime().nullable(),
    }),
    message: (p, c) =>
      p.previous
        ? `${c.actorLabel} rotated the ${p.provider} signing secret to ${p.secret}; ${p.previous} is accepted until ${p.previousValidUntil?.slice(0, 16).replace("T", " ")} UTC`
        : `${c.actorLabel} set the ${p.provider} signing secret (${p.secret})`,
  }),
} as const;
