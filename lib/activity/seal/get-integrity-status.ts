import { eq } from "drizzle-orm";
import { activitySealHeads } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type IntegrityStatus =
  | { state: "unsealed" }
  | { state: "pending"; sealedAt: Date | null }
  | { state: "verified"; through: Date | null; verifiedAt: Date; rows: number }
  | { state: "failed"; failure: string; failedAt: Date | null };

/** What Settings shows of a store's sealed history: verified through when, or what is wrong. */
export async function getIntegrityStatus(db: Db, storeId: string): Promise<IntegrityStatus> {
  const [head] = await db.select().from(activitySealHeads).where(eq(activitySealHeads.storeId, storeId));
  if (!head) return { state: "unsealed" };
  if (head.failure) return { state: "failed", failure: head.failure, failedAt: head.failedAt };
  if (!head.verifiedAt) return { state: "pending", sealedAt: head.sealedAt };
  return {
    state: "verified",
    through: head.verifiedThrough,
    verifiedAt: head.verifiedAt,
    rows: head.verifiedRows,
  };
}
