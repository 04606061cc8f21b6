import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";
import { logEvent } from "../write/log-event";
import { latestCheckpoint } from "./checkpoint";
import type { SigningKey } from "./signing-key";
import { type StoreVerification, verifyStore } from "./verify-store";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The periodic check of every store's sealed history: incremental from the last entry found
 * intact, with a full pass once a day, against the newest signed checkpoint. Its outcome is
 * kept on the store's chain head (the Settings page shows it). Damage is logged as
 * `activity.integrity_failed` (once per distinct problem); a clean history as
 * `activity.integrity_verified` at most once a day.
 */
export async function checkIntegrity(
  db: Db,
  options: { checkpointDir: string; key: SigningKey | null; now?: Date; full?: boolean },
): Promise<StoreVerification[]> {
  const now = options.now ?? new Date();
  const heads = await queryRows<{
    store_id: string;
    verified_seq: string;
    last_full_verify_at: Date | string | null;
    reported_at: Date | string | null;
    failure: string | null;
  }>(
    db,
    sql`select store_id, verified_seq::text, last_full_verify_at, reported_at, failure from activity_seal_heads`,
  );
  const results: StoreVerification[] = [];
  for (const head of heads) {
    const lastFull = head.last_full_verify_at ? new Date(head.last_full_verify_at).getTime() : 0;
    const full = options.full || head.failure !== null || now.getTime() - lastFull >= DAY_MS;
    const checkpoint = await latestCheckpoint(options.checkpointDir, head.store_id, options.key?.publicKey);
    const result = await verifyStore(db, head.store_id, {
      fromSeq: full ? 1 : Number(head.verified_seq) + 1,
      checkpoint,
    });
    results.push(result);
    await recordOutcome(db, result, { full, now, reportedAt: head.reported_at });
  }
  return results;
}

async function recordOutcome(
  db: Db,
  result: StoreVerification,
  at: { full: boolean; now: Date; reportedAt: Date | string | null },
) {
  const { storeId, problem } = result;
  const now = at.now.toISOString();
  const activity = {
    storeId,
    actor: { type: "system" as const, label: "History check" },
    source: "system" as const,
  };
  if (problem) {
    const failure = `${problem.kind}: ${problem.detail}${problem.activityId ? ` (row ${problem.activityId})` : ""}`;
    await db.execute(
      sql`update activity_seal_heads set verified_at = ${now}::timestamptz, failure = ${failure}, failed_at = ${now}::timestamptz
          where store_id = ${storeId}`,
    );
    await logEvent(
      db,
      activity,
      "activity.integrity_failed",
      {
        problem: failure,
        activityId: problem.activityId,
        eventType: problem.eventType,
        occurredAt: problem.occurredAt,
        verifiedRows: result.verifiedRows,
      },
      {
        entity: { type: "store", id: storeId },
        dedupeKey: `integrity-failed:${createHash("sha256").update(failure).digest("hex").slice(0, 32)}`,
      },
    );
    return;
  }
  const report = !at.reportedAt || at.now.getTime() - new Date(at.reportedAt).getTime() >= DAY_MS;
  await db.execute(
    sql`update activity_seal_heads
        set verified_at = ${now}::timestamptz, verified_seq = ${result.verifiedSeq},
            verified_through = coalesce(${result.verifiedThrough}::timestamptz, verified_through),
            verified_rows = ${at.full ? result.verifiedRows : sql`verified_rows + ${result.verifiedRows}`},
            last_full_verify_at = ${at.full ? sql`${now}::timestamptz` : sql`last_full_verify_at`},
            failure = null, failed_at = null,
            reported_at = ${report ? sql`${now}::timestamptz` : sql`reported_at`}
        where store_id = ${storeId}`,
  );
  if (report)
    await logEvent(
      db,
      activity,
      "activity.integrity_verified",
      { verifiedRows: result.verifiedRows, through: result.verifiedThrough },
      { entity: { type: "store", id: storeId } },
    );
}
