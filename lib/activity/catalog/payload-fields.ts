import { z } from "zod";
import { printProvider, providerNames } from "./provider-names";

/** Payload fields several event types share. */
export const money = { amount: z.number().int().nonnegative(), currency: z.string().length(3) };
export const email = z.string().email();
/** The print provider an order or sync went to. */
export const provider = z.string().min(1).default(printProvider);
/** The integration a webhook came from. */
export const webhookProvider = z.enum(providerNames);
