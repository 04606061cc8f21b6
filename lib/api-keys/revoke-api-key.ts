import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";

/** Revokes a key of this store (at once: the next request with it gets a 401) and logs it. */
export async function revokeApiKey(db: Db, activity: ActivityContext, keyId: string) {
  if (!z.uuid().safeParse(keyId).success) throw notFound("There is no such API key in this store.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy: activity.actor.id ?? null })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.storeId, activity.storeId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.storeId, activity.storeId)));
      if (existing) return { revoked: false as const };
      throw notFound("There is no such API key in this store.");
    }
    await logEventStrict(
      tx,
      activity,
      "settings.api_key_revoked",
      { name: row.name, prefix: row.prefix },
      { entity: { type: "store", id: activity.storeId } },
    );
    return { revoked: true as const };
  });
}
