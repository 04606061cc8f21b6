/** The integrations Storyline talks to, spelled as payloads, messages and actor labels show them. */
export const providerNames = ["Stripe", "Printify"] as const;
export type ProviderName = (typeof providerNames)[number];

/** Takes the payments: an order is placed "via Stripe" unless the payload says otherwise. */
export const paymentProvider = "Stripe" satisfies ProviderName;

/** Prints and ships: submissions, production and product syncs name it unless told otherwise. */
export const printProvider = "Printify" satisfies ProviderName;
