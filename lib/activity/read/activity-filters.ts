import { z } from "zod";
import { activityLevels, actorTypes } from "@/db/schema";
import { hasControlCharacter } from "@/lib/platform/control-characters";

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item));

/**
 * The feed's filters, as they come from a URL or an API query: every field optional, strings
 * coerced. `type` is an exact event type or a prefix such as `order.*`.
 */
export const ActivityFilters = z.object({
  level: csv(z.enum(activityLevels)).optional(),
  type: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/,
      "must be an event type like order.shipped, or a prefix like order.*",
    )
    .optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((q) => !hasControlCharacter(q), "must not contain control characters")
    .optional(),
  orderId: z.uuid().optional(),
  entityType: z.string().trim().min(1).max(50).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  actorType: z.enum(actorTypes).optional(),
  actorId: z.string().trim().min(1).max(200).optional(),
  needsAttention: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")])
    .optional(),
});

export type ActivityFilters = z.infer<typeof ActivityFilters>;
