"use server";

import { adminActions } from "@/lib/http/actions/admin-actions";

/** Sets or rotates the store's Stripe or Printify signing secret (owners). */
export async function rotateWebhookSecretAction(input: unknown) {
  return adminActions.rotateWebhookSecret.perform(input);
}

/** Sets the store's Printify shop ID (owners). */
export async function updatePrintifyShopAction(input: unknown) {
  return adminActions.updatePrintifyShop.perform(input);
}

/** Sends a signed test delivery to the store's own Stripe or Printify endpoint (owners). */
export async function sendTestDeliveryAction(input: unknown) {
  return adminActions.sendTestDelivery.perform(input);
}
