import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where the checkpoint signing key comes from: the environment, else a file in the data folder. */
export type SigningKeySource = { keyText?: string | null; dataDir: string };

export type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

/** The key file made on first use when `ACTIVITY_SIGNING_KEY` is not set (mode 0600). */
export const signingKeyFile = (dataDir: string) => path.join(dataDir, "seal", "signing-key.pem");

/**
 * The Ed25519 key that signs checkpoints. It is kept outside the database, so that whoever can
 * rewrite the database cannot re-sign a rewritten history: `ACTIVITY_SIGNING_KEY` (PEM, or the
 * base64 of a PKCS#8 DER key), or a key file generated in the data folder on first use.
 */
export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  const privateKey = source.keyText
    ? parseKey(source.keyText)
    : await keyFromFile(signingKeyFile(source.dataDir));
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error("ACTIVITY_SIGNING_KEY must be an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A short, stable name of a public key: the first 16 hex digits of its DER's sha256. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

function parseKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPrivateKey(trimmed);
  return createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
}

async function keyFromFile(file: string): Promise<KeyObject> {
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing) return createPrivateKey(existing);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
    flag: "wx",
  }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await chmod(file, 0o600);
  // The public half beside it, for verifying checkpoints elsewhere.
  await writeFile(file.replace(/\.pem$/, ".pub.pem"), publicKey.export({ type: "spki", format: "pem" }));
  return createPrivateKey(await readFile(file, "utf8"));
}
