"use server";

import { revalidatePath } from "next/cache";
import { CreateApiKeyInput, createApiKey } from "@/lib/api/create-api-key";
import { revokeApiKey } from "@/lib/api/revoke-api-key";
import { resolveAccess } from "@/lib/auth/access";
import { AppError } from "@/lib/errors";

export type CreateKeyResult = { ok: true; key: string; prefix: string } | { ok: false; error: string };
export type RevokeKeyResult = { ok: true } | { ok: false; error: string };

/** Creates an API key (owners): the key is returned once, to show and copy. */
export async function createApiKeyAction(input: {
  name: string;
  scopes: string[];
}): Promise<CreateKeyResult> {
  try {
    const access = await resolveAccess("settings:write");
    const parsed = CreateApiKeyInput.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
    const { key, apiKey } = await createApiKey(access.db, access.activity, parsed.data);
    revalidatePath("/admin/settings/api-keys");
    return { ok: true, key, prefix: apiKey.prefix };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    console.error("[api keys] could not create a key:", error);
    return { ok: false, error: "The key could not be created. Please try again." };
  }
}

/** Revokes an API key (owners): the next request with it gets a 401. */
export async function revokeApiKeyAction(input: { id: string }): Promise<RevokeKeyResult> {
  try {
    const access = await resolveAccess("settings:write");
    await revokeApiKey(access.db, access.activity, String(input?.id ?? ""));
    revalidatePath("/admin/settings/api-keys");
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    console.error("[api keys] could not revoke a key:", error);
    return { ok: false, error: "The key could not be revoked. Please try again." };
  }
}
