import type { Role } from "@/db/schema";

/**
 * What each role may do in a store. Only owners and managers read the activity log; staff
 * work on orders (notes, actions) but do not see the feed.
 */
const grants = {
  "store:read": ["owner", "manager", "staff"],
  "orders:write": ["owner", "manager", "staff"],
  "activity:read": ["owner", "manager"],
  "activity:resolve": ["owner", "manager"],
  "products:write": ["owner", "manager"],
  "settings:write": ["owner"],
  "members:write": ["owner"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;

export function can(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}
