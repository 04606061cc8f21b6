import type { KeyObject } from "node:crypto";
import { stat } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";
import { CHECKPOINT_VERSION, latestCheckpoint, readCheckpoints } from "./checkpoint";
import { type StoreVerification, verifyStore } from "./verify-store";

export type HistoryVerification = StoreVerification & { slug: string };

/**
 * Verifies the sealed history of one store (by slug or id) or of every store: from the first
 * entry, or from the first one sealing something at or after `since`, against the newest
 * checkpoint in `checkpoints` (a folder of per-store files, or one store's file).
 */
export async function verifyHistory(
  db: Db,
  options: { store?: string | null; since?: Date | null; checkpoints: string; trustedKey: KeyObject | null },
): Promise<HistoryVerification[]> {
  const stores = await queryRows<{ id: string; slug: string }>(
    db,
    options.store
      ? sql`select id::text, slug from stores where slug = ${options.store} or id::text = ${options.store}`
      : sql`select id::text, slug from stores order by slug`,
  );
  if (options.store && stores.length === 0) throw new Error(`no store "${options.store}"`);
  const isFile = await stat(options.checkpoints).then(
    (s) => s.isFile(),
    () => false,
  );
  const results: HistoryVerification[] = [];
  for (const store of stores) {
    const checkpoint = isFile
      ? ((await readCheckpoints(options.checkpoints, options.trustedKey))
          .filter((c) => c.storeId === store.id && c.v === CHECKPOINT_VERSION)
          .at(-1) ?? null)
      : await latestCheckpoint(options.checkpoints, store.id, options.trustedKey);
    const fromSeq = options.since ? await firstSeqSince(db, store.id, options.since) : 1;
    results.push({ slug: store.slug, ...(await verifyStore(db, store.id, { fromSeq, checkpoint })) });
  }
  return results;
}

async function firstSeqSince(db: Db, storeId: string, since: Date): Promise<number> {
  const [row] = await queryRows<{ seq: string | null }>(
    db,
    sql`select min(seq)::text as seq from activity_seals where store_id = ${storeId} and last_at >= ${since.toISOString()}::timestamptz`,
  );
  return row?.seq ? Number(row.seq) : Number.MAX_SAFE_INTEGER;
}
