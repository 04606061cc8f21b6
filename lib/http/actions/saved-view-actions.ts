import { CreateSavedViewInput, createSavedView } from "@/lib/users/create-saved-view";
import { DeleteSavedViewInput, deleteSavedView } from "@/lib/users/delete-saved-view";
import { type ActionResultOf, defineAction } from "./define-action";

/**
 * A person's saved feed views: their own, in their current store. Not logged in the activity
 * log — a bookmark changes nothing in the shop.
 */
export const savedViewActions = {
  createSavedView: defineAction({
    permission: "activity:read",
    input: CreateSavedViewInput,
    run: async (a, data) => {
      const view = await createSavedView(
        a.db,
        { userId: a.user.id, storeId: a.store.storeId, timeZone: a.store.timeZone },
        data,
      );
      return { id: view.id, name: view.name, query: view.query };
    },
    failure: "The view could not be saved.",
  }),
  deleteSavedView: defineAction({
    permission: "activity:read",
    input: DeleteSavedViewInput,
    run: async (a, data) => deleteSavedView(a.db, { userId: a.user.id, storeId: a.store.storeId }, data),
    failure: "The view could not be deleted.",
  }),
};

export type SavedViewActionResult<K extends keyof typeof savedViewActions> = ActionResultOf<
  (typeof savedViewActions)[K]
>;
