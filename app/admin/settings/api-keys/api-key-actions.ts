"use server";

import { revalidatePath } from "next/cache";
import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type CreateKeyResult = { ok: true; key: string; prefix: string } | { ok: false; error: string };
export type RevokeKeyResult = { ok: true } | { ok: false; error: string };

const owner = () => resolveAccess("settings:write");

/** Creates an API key (owners): the key is returned once, to show and copy. */
export async function createApiKeyAction(input: {
  name: string;
  scopes: string[];
}): Promise<CreateKeyResult> {
  const result = await adminActions.createApiKey.handle(owner, input);
  if (result.ok) revalidatePath("/admin/settings/api-keys");
  return result;
}

/** Revokes an API key (owners): the next request with it gets a 401. */
export async function revokeApiKeyAction(input: { id: string }): Promise<RevokeKeyResult> {
  const result = await adminActions.revokeApiKey.handle(owner, input);
  if (result.ok) revalidatePath("/admin/settings/api-keys");
  return result;
}
