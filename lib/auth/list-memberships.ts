import { asc, eq, sql } from "drizzle-orm";
import { memberships, type Role, stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type MembershipSummary = {
  storeId: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  role: Role;
};

/** The stores a user belongs to, owners' stores first, then by name. */
export async function listMemberships(db: Db, userId: string): Promise<MembershipSummary[]> {
  return db
    .select({
      storeId: stores.id,
      slug: stores.slug,
      name: stores.name,
      timeZone: stores.timeZone,
      currency: stores.currency,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(stores, eq(stores.id, memberships.storeId))
    .where(eq(memberships.userId, userId))
    .orderBy(
      sql`case ${memberships.role} when 'owner' then 0 when 'manager' then 1 else 2 end`,
      asc(stores.name),
    );
}
