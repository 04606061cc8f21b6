import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, users } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { logEventStrict } from "@/lib/activity/write/log-event";
import { endSessions } from "@/lib/auth/session-version";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";
import { ensureAnOwner } from "./change-member-role";

export const RemoveMemberInput = z.object({
  userId: z.uuid({ message: "That person is not a member of this store." }),
});

/**
 * Owners remove someone from the store (their account stays): `member.removed`, and their
 * sessions end at once. Never the last owner.
 */
export async function removeMember(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof RemoveMemberInput>,
) {
  const { userId } = RemoveMemberInput.parse(input);
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.storeId, activity.storeId)))
      .returning();
    if (!removed) throw notFound("That person is not a member of this store.");
    await ensureAnOwner(tx, activity.storeId);
    await endSessions(tx, userId);
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    const logged = await logEventStrict(
      tx,
      activity,
      "member.removed",
      { email: person!.email },
      {
        entity: { type: "member", id: userId },
        changes: diffChanges({ role: removed.role }, { role: null }, { role: "Role" }),
      },
    );
    return { eventId: logged.id };
  });
}
