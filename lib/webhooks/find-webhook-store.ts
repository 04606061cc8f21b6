import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

export type WebhookStore = {
  id: string;
  slug: string;
  name: string;
  stripeWebhookSecret: string | null;
  stripeWebhookSecretPrevious: string | null;
  stripeWebhookSecretPreviousExpiresAt: Date | null;
  printifyWebhookSecret: string | null;
  printifyWebhookSecretPrevious: string | null;
  printifyWebhookSecretPreviousExpiresAt: Date | null;
  printifyShopId: string | null;
};

/**
 * The secrets a delivery may be signed with now: the current one, and the one it replaced
 * while that is still in its grace period (a provider rolling over signs with either).
 */
export function acceptedSecrets(
  current: string | null,
  previous: string | null,
  previousExpiresAt: Date | null,
  now = new Date(),
): string[] {
  const stillValid = previous && previousExpiresAt && previousExpiresAt.getTime() > now.getTime();
  return [current, stillValid ? previous : null].filter((s): s is string => Boolean(s));
}

const TTL_MS = 5_000;
const cache = new Map<string, { store: WebhookStore | null; until: number }>();

/**
 * The store a webhook URL names, with its signing secrets. Cached for a few seconds: providers
 * deliver in bursts, and a changed secret takes effect within `TTL_MS`.
 */
export async function findWebhookStore(db: Db, slug: string): Promise<WebhookStore | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  const hit = cache.get(slug);
  if (hit && hit.until > Date.now()) return hit.store;
  const [store] = await db
    .select({
      id: stores.id,
      slug: stores.slug,
      name: stores.name,
      stripeWebhookSecret: stores.stripeWebhookSecret,
      stripeWebhookSecretPrevious: stores.stripeWebhookSecretPrevious,
      stripeWebhookSecretPreviousExpiresAt: stores.stripeWebhookSecretPreviousExpiresAt,
      printifyWebhookSecret: stores.printifyWebhookSecret,
      printifyWebhookSecretPrevious: stores.printifyWebhookSecretPrevious,
      printifyWebhookSecretPreviousExpiresAt: stores.printifyWebhookSecretPreviousExpiresAt,
      printifyShopId: stores.printifyShopId,
    })
    .from(stores)
    .where(eq(stores.slug, slug))
    .limit(1);
  cache.set(slug, { store: store ?? null, until: Date.now() + TTL_MS });
  return store ?? null;
}

/** Forgets cached stores (after a secret changes, and between tests). */
export function forgetWebhookStores() {
  cache.clear();
}
