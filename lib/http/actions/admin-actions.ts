import { z } from "zod";
import { resolveEvents } from "@/lib/activity/write/resolve-events";
import { CreateApiKeyInput, createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { EraseCustomerInput, eraseCustomer } from "@/lib/customer/erase-customer";
import { AddOrderNoteInput, addOrderNote } from "@/lib/orders/add-order-note";
import { CancelOrderInput, cancelOrder } from "@/lib/orders/cancel-order";
import { MarkDeliveredInput, markOrderDelivered } from "@/lib/orders/mark-order-delivered";
import { ResendOrderEmailInput, resendOrderEmail } from "@/lib/orders/resend-order-email";
import { ResubmitOrderInput, resubmitOrder } from "@/lib/orders/resubmit-order";
import { ShippingAddressInput, updateShippingAddress } from "@/lib/orders/update-shipping-address";
import { getConfig } from "@/lib/platform/config";
import { AppError } from "@/lib/platform/errors";
import { UpdateProductInput, updateProduct } from "@/lib/products/update-product";
import { rotateWebhookSecret, WebhookSecretInput } from "@/lib/stores/rotate-webhook-secret";
import { PrintifyShopInput, updatePrintifyShop } from "@/lib/stores/update-printify-shop";
import { RetentionSettingsInput, updateRetentionSettings } from "@/lib/stores/update-retention-settings";
import { StoreSettingsInput, updateStoreSettings } from "@/lib/stores/update-store-settings";
import { AddMemberInput, addMember } from "@/lib/users/add-member";
import { ChangeRoleInput, changeMemberRole } from "@/lib/users/change-member-role";
import { RemoveMemberInput, removeMember } from "@/lib/users/remove-member";
import { MorningEmailInput, setMorningEmail } from "@/lib/users/set-morning-email";
import { sendTestDelivery, TestDeliveryInput } from "../webhooks/send-test-delivery";
import { type ActionResultOf, defineAction } from "./define-action";

/**
 * Every server action of the admin, defined once: permission, input, what it does. The
 * `"use server"` files under app/admin only hand them the signed-in person; tests (and the
 * property tests that fuzz them) call `handle` with a person of their choosing.
 */
export const adminActions = {
  addNote: defineAction({
    permission: "orders:write",
    input: AddOrderNoteInput,
    run: async (a, data) => ({ eventId: (await addOrderNote(a.db, a.activity, data)).eventId }),
    failure: "The note could not be saved.",
  }),
  resendOrderEmail: defineAction({
    permission: "orders:write",
    input: ResendOrderEmailInput,
    run: async (a, data) => ({ eventId: (await resendOrderEmail(a.db, a.jobs, a.activity, data)).eventId }),
    failure: "Could not resend the email.",
  }),
  resubmitOrder: defineAction({
    permission: "orders:write",
    input: ResubmitOrderInput,
    run: async (a, data) => ({ eventId: (await resubmitOrder(a.db, a.jobs, a.activity, data)).eventId }),
    failure: "Could not resubmit the order.",
  }),
  cancelOrder: defineAction({
    permission: "orders:write",
    input: CancelOrderInput,
    run: async (a, data) => ({ eventId: (await cancelOrder(a.db, a.activity, data)).eventId }),
    failure: "Could not cancel the order.",
  }),
  updateShippingAddress: defineAction({
    permission: "orders:write",
    input: ShippingAddressInput,
    run: async (a, data) => ({ changed: (await updateShippingAddress(a.db, a.activity, data)).changed }),
    failure: "The address could not be saved.",
  }),
  markOrderDelivered: defineAction({
    permission: "orders:write",
    input: MarkDeliveredInput,
    run: async (a, data) => ({ changed: (await markOrderDelivered(a.db, a.activity, data)).changed }),
    failure: "The order could not be marked delivered.",
  }),
  resolveActivity: defineAction({
    permission: "activity:resolve",
    input: z.object({
      ids: z
        .array(z.string())
        .min(1, "Choose at least one event.")
        .max(500, "Resolve at most 500 events at once."),
      note: z.string().max(1000, "The note is limited to 1000 characters.").optional(),
    }),
    run: async (a, data) => {
      const result = await resolveEvents(a.db, { storeId: a.store.storeId, userId: a.user.id }, data);
      return { resolved: result.resolved.length, skipped: result.skipped.length };
    },
    failure: "The events could not be resolved.",
  }),
  simulateOrder: defineAction({
    permission: "orders:write",
    input: z.object({ scenario: z.string().min(1, "Choose a scenario.").max(50) }),
    run: async (a, { scenario }) => {
      if (!a.demo) throw new AppError("sandbox_off", "Simulation needs the sandbox, which is off here.");
      const order = await a.demo.startSimulation(a.store.storeId, scenario);
      return { orderId: order.id, number: order.number };
    },
    failure: "The simulation could not start. Is the app reachable at APP_URL?",
  }),
  updateProduct: defineAction({
    permission: "products:write",
    input: UpdateProductInput,
    run: async (a, data) => ({ changed: (await updateProduct(a.db, a.activity, data)).changed }),
    failure: "The product could not be saved.",
  }),
  updateStoreSettings: defineAction({
    permission: "settings:write",
    input: StoreSettingsInput,
    run: async (a, data) => ({ changed: (await updateStoreSettings(a.db, a.activity, data)).changed }),
    failure: "The settings could not be saved.",
  }),
  updateRetentionSettings: defineAction({
    permission: "settings:write",
    input: RetentionSettingsInput,
    run: async (a, data) => ({ changed: (await updateRetentionSettings(a.db, a.activity, data)).changed }),
    failure: "The retention settings could not be saved.",
  }),
  eraseCustomer: defineAction({
    permission: "settings:write",
    input: EraseCustomerInput,
    run: async (a, data) => {
      const { eventId: _eventId, ...counts } = await eraseCustomer(a.db, a.activity, data);
      return counts;
    },
    failure: "The customer could not be erased.",
  }),
  setMorningEmail: defineAction({
    permission: "activity:read",
    input: MorningEmailInput,
    run: async (a, data) => ({
      enabled: (await setMorningEmail(a.db, a.activity, a.user, data)).after.morningEmail,
    }),
    failure: "The morning email setting could not be saved.",
  }),
  rotateWebhookSecret: defineAction({
    permission: "settings:write",
    input: WebhookSecretInput,
    run: async (a, data) => {
      const { after } = await rotateWebhookSecret(a.db, a.activity, data);
      return { changed: true, provider: data.provider, slug: after.slug };
    },
    failure: "The signing secret could not be saved.",
  }),
  updatePrintifyShop: defineAction({
    permission: "settings:write",
    input: PrintifyShopInput,
    run: async (a, data) => ({ changed: (await updatePrintifyShop(a.db, a.activity, data)).changed }),
    failure: "The Printify shop ID could not be saved.",
  }),
  sendTestDelivery: defineAction({
    permission: "settings:write",
    input: TestDeliveryInput,
    run: async (a, data) =>
      sendTestDelivery({ db: a.db, jobs: a.jobs, config: getConfig() }, a.store.slug, data),
    failure: "The test delivery could not be sent.",
  }),
  createApiKey: defineAction({
    permission: "settings:write",
    input: CreateApiKeyInput,
    run: async (a, data) => {
      const { key, apiKey } = await createApiKey(a.db, a.activity, data);
      return { key, prefix: apiKey.prefix };
    },
    failure: "The key could not be created.",
  }),
  revokeApiKey: defineAction({
    permission: "settings:write",
    input: z.object({ id: z.string().max(100) }),
    run: async (a, { id }) => ({ revoked: (await revokeApiKey(a.db, a.activity, id)).revoked }),
    failure: "The key could not be revoked.",
  }),
  addMember: defineAction({
    permission: "members:write",
    input: AddMemberInput,
    run: async (a, data) => ({ userId: (await addMember(a.db, a.activity, data)).userId }),
    failure: "The member could not be added.",
  }),
  changeMemberRole: defineAction({
    permission: "members:write",
    input: ChangeRoleInput,
    run: async (a, data) => ({ changed: (await changeMemberRole(a.db, a.activity, data)).changed }),
    failure: "The role could not be changed.",
  }),
  removeMember: defineAction({
    permission: "members:write",
    input: RemoveMemberInput,
    run: async (a, data) => ({ eventId: (await removeMember(a.db, a.activity, data)).eventId }),
    failure: "The member could not be removed.",
  }),
};

export type AdminActionName = keyof typeof adminActions;

/** What the admin action `K` answers. */
export type AdminActionResult<K extends keyof typeof adminActions> = ActionResultOf<(typeof adminActions)[K]>;
