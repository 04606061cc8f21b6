import { z } from "zod";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { Db } from "@/lib/platform/db/types";
import { recordStoreChange } from "./record-store-change";

const knownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
};
const knownCurrency = (code: string) => {
  try {
    new Intl.NumberFormat("en-GB", { style: "currency", currency: code });
    return Intl.supportedValuesOf("currency").includes(code);
  } catch {
    return false;
  }
};

export const StoreSettingsInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "The store name is required.")
    .max(100, "The store name is limited to 100 characters."),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(knownCurrency, "Currency is an ISO 4217 code such as GBP, EUR or USD."),
  timeZone: z.string().trim().refine(knownZone, "Time zone is an IANA zone such as Europe/London."),
});

const labels = { name: "Store name", currency: "Currency", timeZone: "Time zone" } as const;

/** Owners change the store's name, currency and time zone: `settings.updated` with `changes`. */
export async function updateStoreSettings(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof StoreSettingsInput>,
) {
  const patch = StoreSettingsInput.parse(input);
  return recordStoreChange(db, activity, patch, labels);
}
