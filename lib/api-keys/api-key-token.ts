import { createHash, randomBytes } from "node:crypto";

/** Keys look like `sl_` + 43 base64url characters (32 random bytes, 256 bits). */
const KEY_SHAPE = /^sl_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 11;

export function generateApiKey(): { key: string; prefix: string; tokenHash: string } {
  const key = `sl_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), tokenHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export const apiKeyPrefix = (key: string) => key.slice(0, PREFIX_LENGTH);

export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

/**
 * The demo store's API key, created by the demo seed so the README's curl examples work on a
 * fresh install. Local demo data only; revoke it in Settings → API keys.
 */
export const DEMO_API_KEY = "sl_demo_storyline_local_only_00000000000000000";
