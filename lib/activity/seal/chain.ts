import type { SealKind } from "@/db/schema";
import { canonical, sha256 } from "./seal-forms";

/** One link of a store's chain, as it is hashed. */
export type ChainEntry = {
  seq: number;
  kind: SealKind;
  activityId: string;
  entryAt: string;
  rowHash: string;
};

/** What a store's first entry links to. */
export const genesisHash = (storeId: string) => sha256(`storyline activity seal v1\u0000${storeId}`);

/** The chain hash of `entry` after `previous`: any change to an earlier entry changes it. */
export function linkHash(previous: string, entry: ChainEntry): string {
  return sha256(
    `${previous}\u0000${canonical({
      seq: entry.seq,
      kind: entry.kind,
      id: entry.activityId,
      at: entry.entryAt,
      row_hash: entry.rowHash,
    })}`,
  );
}
