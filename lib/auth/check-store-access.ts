import type { Db } from "@/lib/platform/db/types";
import { forbidden } from "@/lib/platform/errors";
import { listMemberships, type MembershipSummary } from "./list-memberships";
import { can, type Permission } from "./permissions";

/**
 * The store a user is working in, among their memberships, and whether their role there
 * allows `permission`. The wanted store (from the store cookie) is honoured only if the user
 * is a member of it; otherwise their first store is used. Throws AppError 403.
 */
export function chooseStore(
  memberships: MembershipSummary[],
  wantedSlug: string | null | undefined,
  permission: Permission | null,
): MembershipSummary {
  const store = memberships.find((m) => m.slug === wantedSlug) ?? memberships[0];
  if (!store) throw forbidden("You are not a member of any store.");
  if (permission) requirePermission(store, permission);
  return store;
}

/** Throws the one 403 every refusal by role uses, unless the role in this store allows `permission`. */
export function requirePermission(store: MembershipSummary, permission: Permission): void {
  if (!can(store.role, permission))
    throw forbidden(`Your role (${store.role}) in ${store.name} does not allow this.`);
}

/** `chooseStore` over the user's memberships as they are in the database now. */
export async function checkStoreAccess(
  db: Db,
  userId: string,
  wantedSlug: string | null | undefined,
  permission: Permission | null,
): Promise<{ store: MembershipSummary; memberships: MembershipSummary[] }> {
  const memberships = await listMemberships(db, userId);
  return { store: chooseStore(memberships, wantedSlug, permission), memberships };
}
