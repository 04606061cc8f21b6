import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";
import { hashPassword } from "./passwords";
import { endSessions } from "./session-version";

export const SetPasswordInput = z.object({
  userId: z.uuid(),
  password: z.string().min(8, "Use at least 8 characters.").max(200),
});

/** A new password for a user; every session signed in with the old one ends with it. */
export async function setPassword(db: Db, input: z.input<typeof SetPasswordInput>): Promise<void> {
  const { userId, password } = SetPasswordInput.parse(input);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!updated) throw notFound("No such user.");
    await endSessions(tx, userId);
  });
}
