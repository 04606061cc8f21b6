import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";

const jobGroup = defineFeedGroup({ key: "job", label: "Jobs", allLabel: "All job events" });

/** Background jobs that gave up. */
export const jobEvents = {
  "job.failed": defineEvent({
    label: "Job failed",
    level: "error",
    entity: "job",
    feedGroup: jobGroup,
    payload: z.object({
      queue: z.string().min(1),
      reason: z.string().min(1),
      attempts: z.number().int().optional(),
    }),
    message: (p) => `Background job ${p.queue} failed: ${p.reason}`,
  }),
} as const;
