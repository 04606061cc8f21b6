import { z } from "zod";
import { apiKeys, apiScopes } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { generateApiKey } from "./api-key-token";

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "The name is limited to 100 characters."),
  scopes: z
    .array(z.enum(apiScopes, { message: "Unknown scope." }))
    .min(1, "Choose at least one scope.")
    .transform((scopes) => [...new Set(scopes)]),
});

/**
 * Creates an API key for the store and logs it, in one transaction. The returned `key` is the
 * only time the key exists in plain text: only its hash is stored.
 */
export async function createApiKey(
  db: Db,
  activity: ActivityContext & { actor: { id?: string | null } },
  input: z.input<typeof CreateApiKeyInput>,
) {
  const { name, scopes } = CreateApiKeyInput.parse(input);
  const { key, prefix, tokenHash } = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        storeId: activity.storeId,
        name,
        prefix,
        tokenHash,
        scopes,
        createdBy: activity.actor.id ?? null,
      })
      .returning();
    await logEventStrict(
      tx,
      activity,
      "settings.api_key_created",
      { name, prefix, scopes },
      { entity: { type: "store", id: activity.storeId } },
    );
    return { key, apiKey: row! };
  });
}
