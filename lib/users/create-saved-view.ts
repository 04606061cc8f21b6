import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type SavedView, savedViews } from "@/db/schema";
import { feedHref, parseFeedParams } from "@/lib/activity/read/parse-feed-params";
import type { Db } from "@/lib/platform/db/types";
import { AppError, badRequest } from "@/lib/platform/errors";

/** Saved views a person may keep in one store. */
export const MAX_SAVED_VIEWS = 50;

/** Whose views, where: a person in one store. */
export type ViewOwner = { userId: string; storeId: string; timeZone: string };

export const CreateSavedViewInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the view a name.")
    .max(60, "A view's name is limited to 60 characters."),
  /** The feed's query string as the page shows it (`tab=attention&level=error`), with or without `?`. */
  query: z.string().max(2000, "Those filters are too long to save."),
});

/**
 * The feed query to store: the filters as the feed understands them, in `feedHref`'s canonical
 * form, without a page cursor. Filters the feed would ignore are refused rather than saved.
 */
export function canonicalFeedQuery(query: string, timeZone: string): string {
  const search = new URLSearchParams(query.replace(/^\?/, ""));
  const params: Record<string, string[]> = {};
  for (const key of new Set(search.keys())) params[key] = search.getAll(key);
  const parsed = parseFeedParams(params, timeZone);
  if (parsed.problems.length) throw badRequest(parsed.problems.join(" "), "invalid_filter");
  return feedHref(parsed.values).split("?")[1] ?? "";
}

/**
 * Saves the feed's current filters under a name, for this person in this store. A name already
 * used (ignoring case) is a 409 that says so; so is the fiftieth-and-first view.
 */
export async function createSavedView(
  db: Db,
  owner: ViewOwner,
  input: z.input<typeof CreateSavedViewInput>,
): Promise<SavedView> {
  const { name, query } = CreateSavedViewInput.parse(input);
  const canonical = canonicalFeedQuery(query, owner.timeZone);
  return db.transaction(async (tx) => {
    // One person saving twice at once: the unique index decides, this lock keeps the count honest.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`saved-views:${owner.userId}:${owner.storeId}`}, 0))`,
    );
    const mine = and(eq(savedViews.userId, owner.userId), eq(savedViews.storeId, owner.storeId));
    const [taken] = await tx
      .select({ id: savedViews.id })
      .from(savedViews)
      .where(and(mine, sql`lower(${savedViews.name}) = lower(${name})`));
    if (taken) throw new AppError("name_taken", `You already have a view called “${name}”.`, 409);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(savedViews).where(mine);
    if (n >= MAX_SAVED_VIEWS)
      throw new AppError("too_many_views", `You can keep ${MAX_SAVED_VIEWS} views; delete one first.`, 409);
    const [view] = await tx
      .insert(savedViews)
      .values({ userId: owner.userId, storeId: owner.storeId, name, query: canonical })
      .returning();
    return view!;
  });
}
