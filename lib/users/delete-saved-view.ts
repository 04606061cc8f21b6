import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { savedViews } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";

export const DeleteSavedViewInput = z.object({ id: z.uuid({ message: "That view does not exist." }) });

/** Deletes one of the person's own views in this store; anyone else's is "not found". */
export async function deleteSavedView(
  db: Db,
  owner: { userId: string; storeId: string },
  input: z.input<typeof DeleteSavedViewInput>,
): Promise<{ deleted: true }> {
  const { id } = DeleteSavedViewInput.parse(input);
  const deleted = await db
    .delete(savedViews)
    .where(
      and(eq(savedViews.id, id), eq(savedViews.userId, owner.userId), eq(savedViews.storeId, owner.storeId)),
    )
    .returning({ id: savedViews.id });
  if (deleted.length === 0) throw notFound("That view does not exist.");
  return { deleted: true };
}
