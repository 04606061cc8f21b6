import { and, eq, isNull, lt, not, or, sql } from "drizzle-orm";
import { orders } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import { orderNeedsAttention } from "@/lib/activity/read/order-needs-attention";
import type { JobContext } from "@/lib/jobs/queue";

const LIMIT = 200;

/**
 * Periodic job `watchdog`: an order paid but not submitted after `unsubmittedMinutes`, or in
 * production for more than `inProductionDays`, gets one `order.stuck` warning (a dedupe key
 * per order and stage). Orders that already show an unresolved warning or error are left
 * alone: someone is already being told. The warning resolves itself when the order moves on.
 */
export async function watchOrders(_data: unknown, job: JobContext) {
  const now = Date.now();
  const { unsubmittedMinutes, inProductionDays } = job.config.watchdog;
  const unsubmittedBefore = new Date(now - unsubmittedMinutes * 60_000);
  const productionBefore = new Date(now - inProductionDays * 86_400_000);

  const needsAttention = orderNeedsAttention(job.db, orders.storeId, orders.id);
  const stuck = await job.db
    .select({
      id: orders.id,
      storeId: orders.storeId,
      status: orders.status,
      placedAt: orders.placedAt,
      since: orders.statusChangedAt,
    })
    .from(orders)
    .where(
      and(
        or(
          and(
            eq(orders.status, "paid"),
            isNull(orders.providerOrderId),
            lt(orders.placedAt, unsubmittedBefore),
          ),
          and(
            eq(orders.status, "in_production"),
            lt(
              sql`coalesce(${orders.statusChangedAt}, ${orders.placedAt})`,
              // As text: postgres.js cannot bind a Date that is not compared with a typed column.
              sql`${productionBefore.toISOString()}::timestamptz`,
            ),
          ),
        ),
        not(needsAttention),
      ),
    )
    .limit(LIMIT);

  let warned = 0;
  for (const order of stuck) {
    const activity: ActivityContext = {
      storeId: order.storeId,
      actor: { type: "system", label: "Watchdog" },
      source: "system",
    };
    const notSubmitted = order.status === "paid";
    const since = notSubmitted ? order.placedAt : (order.since ?? order.placedAt);
    const result = await logEvent(
      job.db,
      activity,
      "order.stuck",
      {
        stage: notSubmitted ? "not_submitted" : "in_production",
        since: since.toISOString(),
        thresholdMinutes: notSubmitted ? unsubmittedMinutes : inProductionDays * 24 * 60,
      },
      {
        orderId: order.id,
        dedupeKey: `stuck:${order.id}:${notSubmitted ? "not_submitted" : "in_production"}`,
      },
    );
    if (result.status === "written") warned++;
  }
  return { checked: stuck.length, warned };
}
