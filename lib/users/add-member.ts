import { eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, roles, users } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { AppError, notFound } from "@/lib/platform/errors";

export const AddMemberInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter the person's email address."),
  role: z.enum(roles, { message: "Role is owner, manager or staff." }),
});

/**
 * Owners give someone who already has a Storyline account a role in this store:
 * `member.added`. (Accounts are created by an administrator; there is no invitation email.)
 */
export async function addMember(db: Db, activity: ActivityContext, input: z.input<typeof AddMemberInput>) {
  const { email, role } = AddMemberInput.parse(input);
  return db.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!person) throw notFound(`There is no Storyline account for ${email}.`);
    const inserted = await tx
      .insert(memberships)
      .values({ userId: person.id, storeId: activity.storeId, role })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length)
      throw new AppError("already_member", `${email} is already a member of this store.`, 409);
    const logged = await logEventStrict(
      tx,
      activity,
      "member.added",
      { email, role },
      {
        entity: { type: "member", id: person.id },
        changes: diffChanges({ role: null }, { role }, { role: "Role" }),
      },
    );
    return { userId: person.id, eventId: logged.id };
  });
}
