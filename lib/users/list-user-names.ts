import { inArray } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** Display names for a set of user ids (e.g. who resolved which events). */
export async function listUserNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
