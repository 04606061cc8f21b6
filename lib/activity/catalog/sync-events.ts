import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { provider } from "./payload-fields";

const syncGroup = defineFeedGroup({ key: "sync", label: "Sync", allLabel: "All sync events" });

/** Product syncs with the print provider. */
export const syncEvents = {
  "sync.started": defineEvent({
    label: "Sync started",
    level: "info",
    entity: "sync",
    feedGroup: syncGroup,
    payload: z.object({ provider }),
    message: (p) => `Product sync with ${p.provider} started`,
  }),
  "sync.completed": defineEvent({
    label: "Sync completed",
    level: "info",
    entity: "sync",
    feedGroup: syncGroup,
    payload: z.object({
      provider,
      created: z.number().int().nonnegative(),
      updated: z.number().int().nonnegative(),
      unchanged: z.number().int().nonnegative(),
      durationMs: z.number().int().nonnegative().optional(),
    }),
    message: (p) =>
      `Product sync finished — ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged`,
  }),
  "sync.failed": defineEvent({
    label: "Sync failed",
    level: "error",
    entity: "sync",
    feedGroup: syncGroup,
    payload: z.object({ provider, reason: z.string().min(1) }),
    message: (p) => `Product sync with ${p.provider} failed: ${p.reason}`,
  }),
} as const;
