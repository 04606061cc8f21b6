import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type ApiKey, apiKeys } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { unauthorized } from "@/lib/platform/errors";
import { hashApiKey, looksLikeApiKey } from "./api-key-token";

const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The key a request presents, or a 401. `last_used_at` is written at most once a minute per
 * key, so a busy integration does not turn every read into a write.
 */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKey> {
  if (!looksLikeApiKey(presented)) throw unauthorized("The API key is not valid.");
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.tokenHash, hashApiKey(presented)))
    .limit(1);
  if (!key) throw unauthorized("The API key is not valid.");
  if (key.revokedAt) throw unauthorized("This API key has been revoked.");
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, key.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS)),
          ),
        ),
      );
  }
  return key;
}
