import { sql } from "drizzle-orm";
import { isoMicros, queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";
import { appendCheckpoint, type Checkpoint } from "./checkpoint";
import type { SigningKey } from "./signing-key";

/**
 * Signs each store's chain head that moved since its last checkpoint and appends it to the
 * store's checkpoint file outside the database. Returns the checkpoints written.
 */
export async function writeCheckpoints(db: Db, dir: string, key: SigningKey): Promise<Checkpoint[]> {
  const heads = await queryRows<{
    store_id: string;
    seq: string;
    chain_hash: string;
    activity_id: string;
    event_type: string | null;
    occurred_at: string | null;
  }>(
    db,
    sql`select h.store_id, h.seq::text, h.chain_hash, s.activity_id::text, a.event_type,
               ${sql.raw(isoMicros("a.occurred_at"))} as occurred_at
        from activity_seal_heads h
        cross join lateral (
          select encode(substring(e.manifest from length(e.manifest) - 63 for 16), 'hex')::uuid as activity_id
          from activity_seals e where e.store_id = h.store_id and e.seq = h.seq
        ) s
        left join activity_log a on a.store_id = h.store_id and a.id = s.activity_id
        where h.seq > h.checkpoint_seq`,
  );
  const written: Checkpoint[] = [];
  for (const head of heads) {
    written.push(
      await appendCheckpoint(dir, key, {
        storeId: head.store_id,
        seq: Number(head.seq),
        chainHash: head.chain_hash,
        activityId: head.activity_id,
        eventType: head.event_type,
        occurredAt: head.occurred_at,
      }),
    );
    await db.execute(
      sql`update activity_seal_heads set checkpoint_seq = ${Number(head.seq)}
          where store_id = ${head.store_id} and checkpoint_seq < ${Number(head.seq)}`,
    );
  }
  return written;
}
