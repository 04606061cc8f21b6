import type { Db } from "@/lib/platform/db/types";
import { insertActivityRows } from "./insert-rows";
import { describeError } from "./write-errors";
import { getSpool, recordFailure, writerOptions, writerState } from "./writer-state";

/**
 * Writes the spooled backlog to the database, oldest first. Safe to repeat: rows keep their
 * ids and dedupe keys, so a row already written is skipped. Returns the rows written, or
 * throws when the database is still unavailable (the backlog stays on disk).
 */
export async function replaySpool(db: Db): Promise<number> {
  const spool = getSpool();
  await spool.init();
  if (spool.backlog === 0) return 0;
  const moved = await spool.replay(async (rows) => {
    await insertActivityRows(db, rows);
  }, writerOptions().batchMax);
  writerState.stats.replayed += moved;
  if (moved) console.info(`[activity] wrote ${moved} spooled event(s); ${spool.backlog} still waiting`);
  return moved;
}

/** Retries the spool every `spoolRetryMs` while it holds rows. */
export function startSpoolReplayer(db: Db): () => void {
  stopSpoolReplayer();
  const tick = async () => {
    try {
      await replaySpool(db);
    } catch (error) {
      recordFailure(`spool replay failed: ${describeError(error)}`);
      console.warn(
        `[activity] ${getSpool().backlog} event(s) wait in the spool; the database is still unavailable: ${describeError(error)}`,
      );
    }
  };
  void tick();
  writerState.replayTimer = setInterval(() => void tick(), writerOptions().spoolRetryMs);
  writerState.replayTimer.unref();
  return stopSpoolReplayer;
}

export function stopSpoolReplayer() {
  if (writerState.replayTimer) clearInterval(writerState.replayTimer);
  writerState.replayTimer = null;
}

export function activityWriterHealth() {
  const spool = getSpool();
  return { ...writerState.stats, backlog: spool.backlog, deadLettered: spool.deadLettered };
}
