import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, roles, users } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { endSessions } from "@/lib/auth/session-version";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";
import { AppError, notFound } from "@/lib/platform/errors";

export const ChangeRoleInput = z.object({
  userId: z.uuid({ message: "That person is not a member of this store." }),
  role: z.enum(roles, { message: "Role is owner, manager or staff." }),
});

/**
 * Owners change a member's role: `member.role_changed` with `changes`, and the member's
 * sessions end at once (they sign in again under the new role). A store always keeps an owner.
 */
export async function changeMemberRole(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof ChangeRoleInput>,
) {
  const { userId, role } = ChangeRoleInput.parse(input);
  const [person] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!person) throw notFound("That person is not a member of this store.");
  return db.transaction(async (tx) =>
    recordChange(tx, activity, {
      table: memberships,
      match: eq(memberships.userId, userId),
      entity: { type: "member", id: userId },
      patch: { role },
      labels: { role: "Role" },
      event: "member.role_changed",
      payload: () => ({ email: person.email, role }),
      notFoundMessage: "That person is not a member of this store.",
    }).then(async (result) => {
      if (result.changed && result.before.role === "owner") await ensureAnOwner(tx, activity.storeId);
      if (result.changed) await endSessions(tx, userId);
      return result;
    }),
  );
}

/** Throws (rolling the caller's transaction back) when the store would be left without an owner. */
export async function ensureAnOwner(db: Db, storeId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.storeId, storeId), eq(memberships.role, "owner")));
  if ((row?.n ?? 0) === 0)
    throw new AppError(
      "last_owner",
      "A store needs at least one owner: make someone else an owner first.",
      409,
    );
}
