import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { signingKeyFile } from "./signing-key";

/**
 * The public key checkpoints must be signed with, for verifying: a given public key file, else
 * the public half of this installation's signing key (environment or key file). Never makes a
 * key. Null when none is found: each checkpoint is then checked against the key it names.
 */
export async function readTrustedKey(options: {
  publicKeyFile?: string | null;
  keyText?: string | null;
  dataDir: string;
}): Promise<KeyObject | null> {
  if (options.publicKeyFile) return createPublicKey(await readFile(options.publicKeyFile, "utf8"));
  const text =
    options.keyText?.trim() || (await readFile(signingKeyFile(options.dataDir), "utf8").catch(() => null));
  if (!text) return null;
  const privateKey = text.startsWith("-----BEGIN")
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, "base64"), format: "der", type: "pkcs8" });
  return createPublicKey(privateKey);
}
