"use server";

import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type ProductEditResult =
  | { ok: true; changed: boolean }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** Edits a product's title, description and status (owners and managers). */
export async function updateProductAction(input: unknown): Promise<ProductEditResult> {
  return adminActions.updateProduct.handle(() => resolveAccess("products:write"), input);
}
