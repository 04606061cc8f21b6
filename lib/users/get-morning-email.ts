import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Whether this person gets the morning email of this store. */
export async function getMorningEmail(db: Db, storeId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: memberships.morningEmail })
    .from(memberships)
    .where(and(eq(memberships.storeId, storeId), eq(memberships.userId, userId)))
    .limit(1);
  return row?.on ?? false;
}
