import { z } from "zod";
import { printProvider, providerNames } from "./provider-names";

/** Payload fields several event types share. */
export const money = { amount: z.number().int().nonnegative(), currency: z.string().length(3) };
export const email = z.string().email();
/** The print provider an order or sync went to. */
export const provider = z.string().min(1).default(printProvider);
/** The integration a webhook came from. */
export const webhookProvider = z.enum(providerNames);

/** What a personal payload field holds once the retention job or an erasure scrubbed it. */
export const REDACTED = "[removed]";

/**
 * A personal value for a message, or `instead` when it was scrubbed (or never given): messages
 * are rendered again from the scrubbed payload, "sent to the customer" rather than "[removed]".
 */
export function shown(value: string | null | undefined, instead: string): string {
  return value == null || value === "" || value === REDACTED ? instead : value;
}

/** Whether a personal value is there to show (not scrubbed, not missing). */
export const present = (value: string | null | undefined): value is string =>
  value != null && value !== "" && value !== REDACTED;
