import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { canonical } from "./seal-forms";
import type { SigningKey } from "./signing-key";
import { keyIdOf } from "./signing-key";

/**
 * The chain layout a checkpoint signs: 2 since the seal moved to one entry per pass (migration
 * 0015). Lines of another version are still signature-checked, but compare with no chain.
 */
export const CHECKPOINT_VERSION = 2;

/** A store's chain head at a moment, signed: one JSON line in the store's checkpoint file. */
export type Checkpoint = {
  v: number;
  storeId: string;
  seq: number;
  chainHash: string;
  /** The row the head entry seals, so a cut-off tail can be named. */
  activityId: string;
  eventType: string | null;
  occurredAt: string | null;
  signedAt: string;
  keyId: string;
  /** The signer's public key (SPKI DER, base64); trust it only if `keyId` is the one you expect. */
  publicKey: string;
  signature: string;
};

/** The file of one store's checkpoints (JSON lines, oldest first). */
export const checkpointFile = (dir: string, storeId: string) => path.join(dir, `${storeId}.jsonl`);

/** Signs a head and appends it to the store's checkpoint file. */
export async function appendCheckpoint(
  dir: string,
  key: SigningKey,
  head: Omit<Checkpoint, "v" | "keyId" | "publicKey" | "signature" | "signedAt">,
  signedAt = new Date(),
): Promise<Checkpoint> {
  const unsigned = {
    v: CHECKPOINT_VERSION,
    ...head,
    signedAt: signedAt.toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
  const signature = sign(null, Buffer.from(canonical(unsigned)), key.privateKey).toString("base64");
  const checkpoint: Checkpoint = { ...unsigned, signature };
  await mkdir(dir, { recursive: true });
  await appendFile(checkpointFile(dir, head.storeId), `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/**
 * Reads a checkpoint file and checks every signature, against `trusted` when given (the key
 * this installation signs with), else against the key each line names. A line that does not
 * verify is an error: a checkpoint file is evidence, and a forged one must not pass.
 */
export async function readCheckpoints(file: string, trusted?: KeyObject | null): Promise<Checkpoint[]> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const trustedId = trusted ? keyIdOf(trusted) : null;
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      const checkpoint = JSON.parse(line) as Checkpoint;
      const { signature, ...unsigned } = checkpoint;
      const key =
        trusted ??
        createPublicKey({ key: Buffer.from(checkpoint.publicKey, "base64"), format: "der", type: "spki" });
      if (trustedId && checkpoint.keyId !== trustedId)
        throw new Error(
          `${file}:${index + 1}: signed by key ${checkpoint.keyId}, not this installation's ${trustedId}`,
        );
      if (!verify(null, Buffer.from(canonical(unsigned)), key, Buffer.from(signature, "base64")))
        throw new Error(`${file}:${index + 1}: the checkpoint's signature does not verify`);
      return checkpoint;
    });
}

/** The newest checkpoint of the current chain of a store in `dir`, signatures checked; null when there is none. */
export async function latestCheckpoint(
  dir: string,
  storeId: string,
  trusted?: KeyObject | null,
): Promise<Checkpoint | null> {
  const all = await readCheckpoints(checkpointFile(dir, storeId), trusted);
  return all.filter((c) => c.storeId === storeId && c.v === CHECKPOINT_VERSION).at(-1) ?? null;
}
