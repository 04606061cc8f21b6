"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type SettingsResult = AdminActionResult<
  "updateStoreSettings" | "addMember" | "changeMemberRole" | "removeMember"
>;

/** The store's name, currency and time zone (owners). */
export async function updateStoreSettingsAction(input: unknown): Promise<SettingsResult> {
  return adminActions.updateStoreSettings.perform(input);
}

/** Gives someone with an account a role in this store (owners). */
export async function addMemberAction(input: unknown): Promise<SettingsResult> {
  return adminActions.addMember.perform(input);
}

/** Changes a member's role (owners); a store always keeps an owner. */
export async function changeMemberRoleAction(input: unknown): Promise<SettingsResult> {
  return adminActions.changeMemberRole.perform(input);
}

/** Removes a member from this store (owners); never the last owner. */
export async function removeMemberAction(input: unknown): Promise<SettingsResult> {
  return adminActions.removeMember.perform(input);
}

/** How long the store keeps its events and the personal data in them (owners). */
export async function updateRetentionSettingsAction(input: unknown) {
  return adminActions.updateRetentionSettings.perform(input);
}

/** Forgets a customer on request, by email (owners); the erasure is logged without the email. */
export async function eraseCustomerAction(input: unknown) {
  return adminActions.eraseCustomer.perform(input);
}

/** Turns the signed-in person's morning email for this store on or off (owners and managers). */
export async function setMorningEmailAction(input: unknown) {
  return adminActions.setMorningEmail.perform(input);
}
