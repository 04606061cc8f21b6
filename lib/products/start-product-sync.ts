import { and, desc, eq, gt } from "drizzle-orm";
import { syncRuns } from "@/db/schema";
import type { JobSender } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";

const STALE_AFTER_MS = 60 * 60_000;

/**
 * Starts a product sync for the store, or returns the one already running (one at a time per
 * store; a run silent for an hour is considered dead). The run and its job commit together.
 */
export async function startProductSync(
  db: Db,
  jobs: JobSender,
  storeId: string,
  correlationId: string | null = null,
) {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(
        and(
          eq(syncRuns.storeId, storeId),
          eq(syncRuns.status, "running"),
          gt(syncRuns.startedAt, new Date(Date.now() - STALE_AFTER_MS)),
        ),
      )
      .orderBy(desc(syncRuns.startedAt))
      .limit(1);
    if (running) return { syncRunId: running.id, started: false };
    const [run] = await tx.insert(syncRuns).values({ storeId }).returning({ id: syncRuns.id });
    await jobs.send(tx, "sync-products", { storeId, syncRunId: run!.id, correlationId });
    return { syncRunId: run!.id, started: true };
  });
}
