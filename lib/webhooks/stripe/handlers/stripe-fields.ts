import { z } from "zod";
import type { ShippingAddress } from "@/db/schema";

/** Stripe's address object, as it appears on sessions and charges. */
export const StripeAddress = z.object({
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  city: z.string().nullish(),
  postal_code: z.string().nullish(),
  state: z.string().nullish(),
  country: z.string().nullish(),
});

/** A string id, or the expanded object that carries it. */
export const StripeRef = z
  .union([z.string(), z.object({ id: z.string() })])
  .transform((v) => (typeof v === "string" ? v : v.id));

export function toShippingAddress(
  name: string | null | undefined,
  address: z.infer<typeof StripeAddress> | null | undefined,
): ShippingAddress | null {
  if (!address?.line1 || !address.city || !address.country) return null;
  return {
    name: name ?? "",
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postalCode: address.postal_code ?? "",
    region: address.state ?? null,
    country: address.country,
  };
}
