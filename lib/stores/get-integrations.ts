import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";
import { notFound } from "@/lib/platform/errors";
import { maskSecret } from "@/lib/platform/format/mask-secret";

export type SecretState = {
  /** The current secret, masked; null when none is set. */
  current: string | null;
  /** The replaced secret still accepted, masked, and until when; null when there is none. */
  previous: { masked: string; validUntil: Date } | null;
};

export type StoreIntegrations = {
  slug: string;
  stripe: SecretState;
  printify: SecretState & { shopId: string | null };
};

const state = (
  current: string | null,
  previous: string | null,
  until: Date | null,
  now: Date,
): SecretState => ({
  current: maskSecret(current),
  previous: previous && until && until > now ? { masked: maskSecret(previous)!, validUntil: until } : null,
});

/** What Settings → Integrations shows: the store's slug (for its webhook URLs) and masked secrets. */
export async function getStoreIntegrations(
  db: Db,
  storeId: string,
  now = new Date(),
): Promise<StoreIntegrations> {
  const [row] = await db.select().from(stores).where(eq(stores.id, storeId)).limit(1);
  if (!row) throw notFound("That store does not exist.");
  return {
    slug: row.slug,
    stripe: state(
      row.stripeWebhookSecret,
      row.stripeWebhookSecretPrevious,
      row.stripeWebhookSecretPreviousExpiresAt,
      now,
    ),
    printify: {
      ...state(
        row.printifyWebhookSecret,
        row.printifyWebhookSecretPrevious,
        row.printifyWebhookSecretPreviousExpiresAt,
        now,
      ),
      shopId: row.printifyShopId,
    },
  };
}

/** The store's webhook endpoints under this app's base URL. */
export function webhookUrls(appUrl: string, slug: string) {
  return {
    stripe: `${appUrl}/api/webhooks/stripe/${slug}`,
    printify: `${appUrl}/api/webhooks/printify/${slug}`,
  };
}
