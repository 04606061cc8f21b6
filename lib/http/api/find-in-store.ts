import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { type ActivityRow, orders } from "@/db/schema";
import { getEvent } from "@/lib/activity/read/get-event";
import { notFound } from "@/lib/platform/errors";
import type { ApiCaller } from "./handle-api-request";

/** The caller's store's event with this id (never a debug one), or a 404: a malformed id too. */
export async function findEvent(caller: ApiCaller, id: string): Promise<ActivityRow> {
  const row = z.uuid().safeParse(id).success ? await getEvent(caller.db, caller.storeId, id) : null;
  if (!row) throw notFound("There is no such event in this store.");
  return row;
}

/** The caller's store's order with this id, or a 404: a malformed id too. */
export async function findOrder(caller: ApiCaller, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound("There is no such order in this store.");
  const [order] = await caller.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.storeId, caller.storeId)));
  if (!order) throw notFound("There is no such order in this store.");
  return order;
}
