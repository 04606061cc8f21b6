import { eq } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";

export const PrintifyShopInput = z.object({
  shopId: z
    .string()
    .trim()
    .min(1, "The Printify shop ID is required (Printify → My stores → the number in the shop's address).")
    .max(64, "The Printify shop ID is limited to 64 characters.")
    .regex(/^[A-Za-z0-9_-]+$/, "A Printify shop ID has only letters, digits, - and _."),
});

/** An owner sets which Printify shop is this store's: `settings.updated` with `changes`. */
export async function updatePrintifyShop(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof PrintifyShopInput>,
) {
  const { shopId } = PrintifyShopInput.parse(input);
  return recordChange(db, activity, {
    table: stores,
    storeColumn: stores.id,
    match: eq(stores.id, activity.storeId),
    entity: { type: "store", id: activity.storeId },
    patch: { printifyShopId: shopId },
    labels: { printifyShopId: "Printify shop ID" },
    event: "settings.updated",
    payload: () => ({ summary: "the Printify shop ID" }),
  });
}
