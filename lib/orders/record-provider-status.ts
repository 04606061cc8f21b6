import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Remembers the provider's own status word when it says nothing about our progress ("on-hold"…). */
export async function recordProviderStatus(db: Db, storeId: string, orderId: string, providerStatus: string) {
  await db
    .update(orders)
    .set({ providerStatus: providerStatus.slice(0, 64), updatedAt: new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.storeId, storeId)));
}
