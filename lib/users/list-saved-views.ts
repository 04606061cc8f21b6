import { and, asc, eq } from "drizzle-orm";
import { type SavedView, savedViews } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** A person's saved views in a store, oldest first (the order they were made in). */
export async function listSavedViews(
  db: Db,
  owner: { userId: string; storeId: string },
): Promise<SavedView[]> {
  return db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.userId, owner.userId), eq(savedViews.storeId, owner.storeId)))
    .orderBy(asc(savedViews.createdAt), asc(savedViews.id));
}
