import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type RetentionSettings = { activityRetentionDays: number | null; personalDataDays: number };

/** How long the store keeps its events (null: for ever) and the personal data in them. */
export async function getRetentionSettings(db: Db, storeId: string): Promise<RetentionSettings | null> {
  const [row] = await db
    .select({
      activityRetentionDays: stores.activityRetentionDays,
      personalDataDays: stores.personalDataDays,
    })
    .from(stores)
    .where(eq(stores.id, storeId));
  return row ?? null;
}
