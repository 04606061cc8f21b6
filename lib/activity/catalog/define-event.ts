import type { z } from "zod";
import type { ActivityLevel, Visibility } from "@/db/schema";
import type { EntityType } from "./entity-types";
import type { FeedGroup } from "./feed-group";

export type MessageContext = { actorLabel: string };

type EventFields<S extends z.ZodType, K extends string> = {
  /** A short label for filters and badges ("Order shipped"). */
  label: string;
  /** The level, or a function of the payload when it depends on it (the last failed attempt is an error). */
  level: ActivityLevel | ((payload: z.output<S>) => ActivityLevel);
  entity: EntityType;
  /** Where the feed's type filter offers it; the group's key prefixes the event type. */
  feedGroup: FeedGroup<K>;
  payload: S;
  /** The human sentence shown in the UI, rendered at write time. */
  message: (payload: z.output<S>, context: MessageContext) => string;
  /**
   * Whether an integration (the REST API) may write this type. Off for everything Storyline
   * records itself — sign-ins, the order lifecycle, payments — so a key cannot forge them.
   */
  openToIntegrations?: boolean;
  /**
   * The payload fields that hold personal data (emails, names, addresses, IPs, user agents).
   * The seal commits to them by a salted hash, so a scrub can remove them and the sealed history
   * still verifies; the scrub itself removes exactly these.
   */
  personalFields?: readonly PersonalField<S>[];
};

/** A top-level field of the payload's output. */
type PersonalField<S extends z.ZodType> = Extract<keyof z.output<S>, string>;

/** Also shown on the customer's order-status page, so it must say what the customer reads there. */
type CustomerVisibleEvent<S extends z.ZodType, K extends string> = EventFields<S, K> & {
  visibility: "customer";
  /** The customer's sentence, written for them from the payload alone — never the staff message. */
  customerWording: (payload: z.output<S>) => string;
};

/** Seen by staff only (`internal`, the default) or by nobody in the UI (`debug`). */
type StaffOnlyEvent<S extends z.ZodType, K extends string> = EventFields<S, K> & {
  visibility?: Exclude<Visibility, "customer">;
  customerWording?: never;
};

/** What one declares for an event type: customer-visible events cannot leave out their wording. */
export type EventDeclaration<S extends z.ZodType, K extends string> =
  | CustomerVisibleEvent<S, K>
  | StaffOnlyEvent<S, K>;

/** One event type: everything the log needs to know about it, declared once. */
export type EventDefinition<S extends z.ZodType = z.ZodType, K extends string = string> = EventFields<
  S,
  K
> & {
  visibility: Visibility;
  personalFields: readonly string[];
  /**
   * The customer's sentence for a stored payload of this type; null when the type is not
   * customer-visible or the stored payload cannot be worded.
   */
  wordForCustomer: (stored: unknown) => string | null;
};

export function defineEvent<S extends z.ZodType, K extends string>(
  declaration: EventDeclaration<S, K>,
): EventDefinition<S, K> {
  const { customerWording, visibility = "internal", personalFields = [], ...fields } = declaration;
  return {
    ...fields,
    visibility,
    personalFields,
    wordForCustomer: customerWording
      ? (stored) => {
          try {
            // A stored payload passed this schema when it was written; one that did not (flagged
            // `$invalid`, or from an older schema) may make the wording throw: then it is not shown.
            return customerWording(stored as z.output<S>);
          } catch {
            return null;
          }
        }
      : () => null,
  };
}
