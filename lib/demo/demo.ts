import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { setMailFault } from "@/lib/email/send-mail";
import { appUrl, type Config } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { listSeededSandboxOrders } from "./sandbox/adopt-seeded-orders";
import { createSandbox } from "./sandbox/create-sandbox";
import { listSimulatedOrders } from "./sandbox/list-simulated-orders";
import { sandboxMailFault } from "./sandbox/mail-faults";
import { scenarios } from "./scenarios/scenarios";
import { startSimulation } from "./scenarios/start-simulation";

export type Demo = ReturnType<typeof startDemo>;

/**
 * The demo, wired in by the composition root when the sandbox is on: the local Stripe/Printify
 * sandbox (its HTTP handler), its mail fault, and the admin's "Simulate an order". Production
 * code never imports it; it reaches the app only through the runtime. Webhooks for a Printify
 * shop go to the store whose `printifyShopId` it is, signed with its Printify secret.
 */
export function startDemo({ db, config }: { db: Db; config: Config }) {
  const sandbox = createSandbox({
    stepMs: config.sandboxStepMs,
    resolveShop: async (shopId) => {
      const store = await findStoreByPrintifyShop(db, shopId);
      if (!store?.printifyWebhookSecret) return null;
      return {
        webhookUrl: `${appUrl()}/api/webhooks/printify/${store.slug}`,
        secret: store.printifyWebhookSecret,
      };
    },
  });
  setMailFault(sandboxMailFault);
  // The seeded orders at Printify exist in the sandbox too, so following them up finds them.
  const adopted = listSeededSandboxOrders(db)
    .then((orders) => sandbox.adopt(orders))
    .catch((error: unknown) => console.warn("[sandbox] could not take in the seeded orders:", error));
  return {
    /** Answers `/api/sandbox/…`: the fake Printify and Stripe APIs and the control routes. */
    handle: (request: Request) => sandbox.handle(request),
    /** Settles once the seeded orders are in the sandbox. */
    ready: adopted,
    /** The scenarios "Simulate an order" offers. */
    scenarios: scenarios.map(({ name, summary }) => ({ name, summary })),
    startSimulation: (storeId: string, scenario: string) => startSimulation(db, storeId, scenario),
    listSimulatedOrders: (storeSlug: string, secret: string, sessionIds: string[]) =>
      listSimulatedOrders(db, storeSlug, secret, sessionIds),
    close() {
      setMailFault(null);
      sandbox.close();
    },
  };
}

async function findStoreByPrintifyShop(db: Db, shopId: string) {
  const [store] = await db
    .select({ slug: stores.slug, printifyWebhookSecret: stores.printifyWebhookSecret })
    .from(stores)
    .where(eq(stores.printifyShopId, shopId))
    .limit(1);
  return store ?? null;
}
