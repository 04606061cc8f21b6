import type { z } from "zod";
import type { ActivityLevel, Visibility } from "@/db/schema";

export const entityTypes = [
  "order",
  "product",
  "sync",
  "cart",
  "user",
  "store",
  "webhook",
  "member",
  "job",
] as const;
export type EntityType = (typeof entityTypes)[number];

export type MessageContext = { actorLabel: string };

/** One event type: everything the log needs to know about it, declared once. */
export type EventDefinition<S extends z.ZodType = z.ZodType> = {
  /** A short label for filters and badges ("Order shipped"). */
  label: string;
  /** The level, or a function of the payload when it depends on it (the last failed attempt is an error). */
  level: ActivityLevel | ((payload: z.output<S>) => ActivityLevel);
  entity: EntityType;
  visibility: Visibility;
  payload: S;
  /** The human sentence shown in the UI, rendered at write time. */
  message: (payload: z.output<S>, context: MessageContext) => string;
};

export function defineEvent<S extends z.ZodType>(
  definition: Omit<EventDefinition<S>, "visibility"> & { visibility?: Visibility },
): EventDefinition<S> {
  return { visibility: "internal", ...definition };
}
