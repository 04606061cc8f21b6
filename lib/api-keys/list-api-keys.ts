import { desc, eq } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** The store's keys, newest first, revoked ones included (never their hashes). */
export async function listApiKeys(db: Db, storeId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.storeId, storeId))
    .orderBy(desc(apiKeys.createdAt));
}
