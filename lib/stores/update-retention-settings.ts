import { z } from "zod";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { Db } from "@/lib/platform/db/types";
import { recordStoreChange } from "./record-store-change";

const days = (what: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${what} is a number of days.` })
    .int(`${what} is a whole number of days.`)
    .min(min, `${what} is at least ${min.toLocaleString("en-GB")} days.`)
    .max(max, `${what} is at most ${max.toLocaleString("en-GB")} days.`);

export const RetentionSettingsInput = z.object({
  activityRetentionDays: days("Keeping events", 30, 3650),
  personalDataDays: days("Keeping personal data", 7, 3650),
});

const labels = {
  activityRetentionDays: "Event retention (days)",
  personalDataDays: "Personal data kept (days)",
} as const;

/**
 * Owners set how long the store keeps its events (30 days to ten years) and the personal data
 * in them after an order is finished (7 days to ten years): `settings.updated` with `changes`.
 * The daily retention job applies both.
 */
export async function updateRetentionSettings(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof RetentionSettingsInput>,
) {
  const patch = RetentionSettingsInput.parse(input);
  return recordStoreChange(db, activity, patch, labels);
}
