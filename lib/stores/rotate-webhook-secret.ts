import { eq } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";
import { maskSecret } from "@/lib/platform/format/mask-secret";
import { forgetWebhookStores } from "@/lib/webhooks/find-webhook-store";

/** How long the replaced secret is still accepted, while the provider rolls over to the new one. */
export const SECRET_GRACE_HOURS = 24;

const noSpaces = (value: string) => !/\s/.test(value);

export const WebhookSecretInput = z.discriminatedUnion(
  "provider",
  [
    z.object({
      provider: z.literal("stripe"),
      secret: z
        .string()
        .trim()
        .startsWith(
          "whsec_",
          "A Stripe signing secret starts with whsec_ (Developers → Webhooks → your endpoint).",
        )
        .min(20, "That Stripe signing secret is too short: copy the whole value.")
        .max(200, "That Stripe signing secret is too long.")
        .refine(noSpaces, "A signing secret has no spaces."),
    }),
    z.object({
      provider: z.literal("printify"),
      secret: z
        .string()
        .trim()
        .min(16, "A Printify webhook secret has at least 16 characters.")
        .max(200, "That Printify webhook secret is too long.")
        .refine(noSpaces, "A signing secret has no spaces."),
    }),
  ],
  { error: "Choose Stripe or Printify." },
);

const columns = {
  stripe: {
    label: "Stripe" as const,
    current: "stripeWebhookSecret",
    previous: "stripeWebhookSecretPrevious",
    expires: "stripeWebhookSecretPreviousExpiresAt",
  },
  printify: {
    label: "Printify" as const,
    current: "printifyWebhookSecret",
    previous: "printifyWebhookSecretPrevious",
    expires: "printifyWebhookSecretPreviousExpiresAt",
  },
} as const;

/**
 * An owner sets or rotates a store's webhook signing secret. The secret it replaces keeps
 * working for `SECRET_GRACE_HOURS` (a provider rolling over signs with both; the verifier
 * accepts either). Logged as `settings.webhook_secret_rotated` with `changes` — masked forms
 * only, never a secret in clear. Setting the secret it already has is refused.
 */
export async function rotateWebhookSecret(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof WebhookSecretInput>,
  now = new Date(),
) {
  const { provider, secret } = WebhookSecretInput.parse(input);
  const c = columns[provider];
  const label = `${c.label} signing secret`;
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ current: stores[c.current] })
      .from(stores)
      .where(eq(stores.id, activity.storeId))
      .for("update");
    const current = row?.current ?? null;
    if (current === secret) throw new AppError("same_secret", `That is already this store's ${label}.`, 409);
    const previousValidUntil = current ? new Date(now.getTime() + SECRET_GRACE_HOURS * 3_600_000) : null;
    return recordChange(tx, activity, {
      table: stores,
      storeColumn: stores.id,
      match: eq(stores.id, activity.storeId),
      entity: { type: "store", id: activity.storeId },
      patch: { [c.current]: secret },
      alsoSet: { [c.previous]: current, [c.expires]: previousValidUntil },
      labels: { [c.current]: label },
      present: { [c.current]: (value: unknown) => maskSecret(value as string | null) },
      event: "settings.webhook_secret_rotated",
      payload: () => ({
        provider: c.label,
        secret: maskSecret(secret)!,
        previous: maskSecret(current),
        previousValidUntil: previousValidUntil?.toISOString() ?? null,
      }),
    });
  });
  forgetWebhookStores();
  return result;
}
