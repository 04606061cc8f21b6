import type { apiKeys } from "@/db/schema";
import { apiKeyPrefix, DEMO_API_KEY, hashApiKey } from "@/lib/api-keys/api-key-token";

type KeyDates = { oldApiKeyCreatedAt: Date; oldApiKeyRevokedAt: Date; demoApiKeyCreatedAt: Date };

/** The demo store's API keys: a revoked one, and `DEMO_API_KEY` with both scopes. */
export function demoApiKeyPlan(dates: KeyDates) {
  return [
    {
      id: "0190b6a0-0000-7000-8000-00000000a001",
      name: "Weekly spreadsheet",
      key: "sl_demo_revoked_spreadsheet_key_000000000000000",
      scopes: ["activity:read"] as const,
      createdAt: dates.oldApiKeyCreatedAt,
      revokedAt: dates.oldApiKeyRevokedAt as Date | null,
    },
    {
      id: "0190b6a0-0000-7000-8000-00000000a002",
      name: "Demo integration",
      key: DEMO_API_KEY,
      scopes: ["activity:read", "activity:write"] as const,
      createdAt: dates.demoApiKeyCreatedAt,
      revokedAt: null,
    },
  ].map((k) => ({ ...k, scopes: [...k.scopes], prefix: apiKeyPrefix(k.key) }));
}

export function demoApiKeys(
  storeId: string,
  createdBy: string,
  dates: KeyDates,
): (typeof apiKeys.$inferInsert)[] {
  return demoApiKeyPlan(dates).map((k) => ({
    id: k.id,
    storeId,
    name: k.name,
    prefix: k.prefix,
    tokenHash: hashApiKey(k.key),
    scopes: k.scopes,
    createdBy,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
    revokedBy: k.revokedAt ? createdBy : null,
  }));
}
