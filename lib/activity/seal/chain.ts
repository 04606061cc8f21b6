import { createHash } from "node:crypto";
import { sha256 } from "./seal-forms";

/** What a store's first entry links to. */
export const genesisHash = (storeId: string) => sha256(`storyline activity seal v2\u0000${storeId}`);

/**
 * The chain hash of entry `seq` after `previous`: sha256 of the previous chain hash, the seq and
 * the entry's manifest, so any change to an earlier entry or record changes it.
 */
export function linkHash(previous: string, seq: number, manifest: Uint8Array): string {
  return createHash("sha256").update(`${previous}\u0000${seq}\u0000`).update(manifest).digest("hex");
}
