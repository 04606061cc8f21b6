"use server";

import { revalidatePath } from "next/cache";
import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type CreateKeyResult = AdminActionResult<"createApiKey">;
export type RevokeKeyResult = AdminActionResult<"revokeApiKey">;

/** Creates an API key (owners): the key is returned once, to show and copy. */
export async function createApiKeyAction(input: {
  name: string;
  scopes: string[];
}): Promise<CreateKeyResult> {
  const result = await adminActions.createApiKey.perform(input);
  if (result.ok) revalidatePath("/admin/settings/api-keys");
  return result;
}

/** Revokes an API key (owners): the next request with it gets a 401. */
export async function revokeApiKeyAction(input: { id: string }): Promise<RevokeKeyResult> {
  const result = await adminActions.revokeApiKey.perform(input);
  if (result.ok) revalidatePath("/admin/settings/api-keys");
  return result;
}
