import { and, eq, inArray } from "drizzle-orm";
import { memberships, morningEmailDeliveries, stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { morningEmailSlot } from "./morning-email-schedule";

export type DueMorningEmail = { storeId: string; userId: string; localDate: string };

/** Who receives the morning email: owners and managers who turned it on. */
export const MORNING_EMAIL_ROLES = ["owner", "manager"] as const;

/**
 * The morning emails due at `now`: each owner or manager who turned it on, in each store
 * where it is now between 08:00 and noon, and who has not had today's yet.
 */
export async function findDueMorningEmails(db: Db, now: Date): Promise<DueMorningEmail[]> {
  const subscribers = await db
    .select({ storeId: memberships.storeId, userId: memberships.userId, timeZone: stores.timeZone })
    .from(memberships)
    .innerJoin(stores, eq(stores.id, memberships.storeId))
    .where(and(eq(memberships.morningEmail, true), inArray(memberships.role, [...MORNING_EMAIL_ROLES])));
  const due = subscribers
    .map((s) => ({ ...s, slot: morningEmailSlot(s.timeZone, now) }))
    .filter((s) => s.slot.due);
  if (due.length === 0) return [];
  const sent = await db
    .select()
    .from(morningEmailDeliveries)
    .where(inArray(morningEmailDeliveries.localDate, [...new Set(due.map((s) => s.slot.localDate))]));
  const sentKeys = new Set(sent.map((r) => `${r.storeId}:${r.userId}:${r.localDate}`));
  return due
    .map((s) => ({ storeId: s.storeId, userId: s.userId, localDate: s.slot.localDate }))
    .filter((s) => !sentKeys.has(`${s.storeId}:${s.userId}:${s.localDate}`));
}
