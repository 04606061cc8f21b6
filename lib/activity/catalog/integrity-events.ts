import { z } from "zod";
import { activityGroup as integrityGroup } from "./activity-events";
import { defineEvent } from "./define-event";

/** The sealed history's periodic check (lib/activity/seal). */
export const integrityEvents = {
  "activity.integrity_failed": defineEvent({
    label: "History check failed",
    level: "error",
    entity: "store",
    feedGroup: integrityGroup,
    payload: z.object({
      problem: z.string().min(1),
      /** The first broken row, when one is named. */
      activityId: z.string().nullable(),
      eventType: z.string().nullable(),
      occurredAt: z.string().nullable(),
      verifiedRows: z.number().int().nonnegative(),
    }),
    message: (p) =>
      `The activity history failed its integrity check: ${p.problem}${p.eventType ? ` (${p.eventType} of ${p.occurredAt})` : ""}`,
  }),
  "activity.integrity_verified": defineEvent({
    label: "History verified",
    level: "info",
    entity: "store",
    feedGroup: integrityGroup,
    payload: z.object({ verifiedRows: z.number().int().nonnegative(), through: z.string().nullable() }),
    message: (p) => `The activity history verified intact: ${p.verifiedRows} sealed entries`,
  }),
} as const;
