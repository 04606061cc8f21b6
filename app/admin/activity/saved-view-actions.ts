"use server";

import { type SavedViewActionResult, savedViewActions } from "@/lib/http/actions/saved-view-actions";

/** Saves the feed's current filters under a name, for the signed-in person in this store. */
export async function createSavedViewAction(input: {
  name: string;
  query: string;
}): Promise<SavedViewActionResult<"createSavedView">> {
  return savedViewActions.createSavedView.perform(input);
}

/** Deletes one of the signed-in person's saved views. */
export async function deleteSavedViewAction(input: {
  id: string;
}): Promise<SavedViewActionResult<"deleteSavedView">> {
  return savedViewActions.deleteSavedView.perform(input);
}
