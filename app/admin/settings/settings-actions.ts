"use server";

import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type SettingsResult =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

const owner = () => resolveAccess("settings:write");

/** The store's name, currency and time zone (owners). */
export async function updateStoreSettingsAction(input: unknown): Promise<SettingsResult> {
  return adminActions.updateStoreSettings.handle(owner, input);
}

/** Gives someone with an account a role in this store (owners). */
export async function addMemberAction(input: unknown): Promise<SettingsResult> {
  return adminActions.addMember.handle(() => resolveAccess("members:write"), input);
}

/** Changes a member's role (owners); a store always keeps an owner. */
export async function changeMemberRoleAction(input: unknown): Promise<SettingsResult> {
  return adminActions.changeMemberRole.handle(() => resolveAccess("members:write"), input);
}

/** Removes a member from this store (owners); never the last owner. */
export async function removeMemberAction(input: unknown): Promise<SettingsResult> {
  return adminActions.removeMember.handle(() => resolveAccess("members:write"), input);
}
