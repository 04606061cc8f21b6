import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** When the store was created: nothing can have happened in it before. */
export async function getStoreCreatedAt(db: Db, storeId: string): Promise<Date | null> {
  const [store] = await db.select({ createdAt: stores.createdAt }).from(stores).where(eq(stores.id, storeId));
  return store?.createdAt ?? null;
}
