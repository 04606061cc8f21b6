"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type ProductEditResult = AdminActionResult<"updateProduct">;

/** Edits a product's title, description and status (owners and managers). */
export async function updateProductAction(input: unknown): Promise<ProductEditResult> {
  return adminActions.updateProduct.perform(input);
}
