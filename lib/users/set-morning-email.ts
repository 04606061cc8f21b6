import { eq } from "drizzle-orm";
import { z } from "zod";
import { memberships } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";

export const MorningEmailInput = z.object({
  enabled: z.boolean({ message: "Say whether the morning email is on or off." }),
});

/**
 * A person turns their own morning email for this store on or off (owners and managers):
 * `member.morning_email_changed` with `changes`, on their own membership only.
 */
export async function setMorningEmail(
  db: Db,
  activity: ActivityContext,
  person: { id: string; email: string },
  input: z.input<typeof MorningEmailInput>,
) {
  const { enabled } = MorningEmailInput.parse(input);
  return recordChange(db, activity, {
    table: memberships,
    match: eq(memberships.userId, person.id),
    entity: { type: "member", id: person.id },
    patch: { morningEmail: enabled },
    labels: { morningEmail: "Morning email" },
    event: "member.morning_email_changed",
    payload: () => ({ email: person.email, enabled }),
    notFoundMessage: "You are not a member of this store.",
  });
}
