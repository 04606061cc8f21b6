import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { appUrl, getConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { processSingleton } from "@/lib/platform/process-singleton";
import { getDb } from "@/lib/runtime/runtime";
import { onShutdown } from "@/lib/runtime/shutdown";
import { createSandbox, type Sandbox } from "./create-sandbox";

/**
 * The process's sandbox, created on first use (never at import, so `next build` opens no
 * database) and closed on shutdown. Webhooks for a Printify shop go to the store whose
 * `printifyShopId` it is, at /api/webhooks/printify/{slug}, signed with its Printify secret.
 */
export function getSandbox(): Sandbox {
  return processSingleton("sandbox", () => {
    const sandbox = createSandbox({
      stepMs: getConfig().sandboxStepMs,
      resolveShop: async (shopId) => {
        const store = await findStoreByPrintifyShop(await getDb(), shopId);
        if (!store?.printifyWebhookSecret) return null;
        return {
          webhookUrl: `${appUrl()}/api/webhooks/printify/${store.slug}`,
          secret: store.printifyWebhookSecret,
        };
      },
    });
    onShutdown("sandbox", () => sandbox.close());
    return sandbox;
  });
}

async function findStoreByPrintifyShop(db: Db, shopId: string) {
  const [store] = await db
    .select({ slug: stores.slug, printifyWebhookSecret: stores.printifyWebhookSecret })
    .from(stores)
    .where(eq(stores.printifyShopId, shopId))
    .limit(1);
  return store ?? null;
}
