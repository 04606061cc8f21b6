import { asc, eq } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** The store's members with their roles, owners first. */
export async function listMembers(db: Db, storeId: string) {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.storeId, storeId))
    .orderBy(asc(users.name));
  const rank = { owner: 0, manager: 1, staff: 2 } as const;
  return rows.sort((a, b) => rank[a.role] - rank[b.role]);
}
