import { and, eq, inArray } from "drizzle-orm";
import { orders, stores } from "@/db/schema";
import { appUrl } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { badRequest } from "@/lib/platform/errors";
import { findScenario } from "./scenarios";
import { SimulationClient } from "./simulation-client";

/**
 * The admin's "Simulate an order": starts a sandbox scenario against this very app, over
 * HTTP through the real webhook route, signed with the store's own Stripe secret, and returns
 * the new order (its story then unfolds through the workers and the sandbox's webhooks).
 */
export async function startSimulation(db: Db, storeId: string, scenarioName: string) {
  const scenario = findScenario(scenarioName);
  if (!scenario) throw badRequest(`There is no scenario “${scenarioName}”.`, "unknown_scenario");
  const [store] = await db
    .select({ slug: stores.slug, secret: stores.stripeWebhookSecret })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store?.secret)
    throw badRequest("This store has no Stripe signing secret to simulate with.", "not_configured");
  const client = new SimulationClient({
    baseUrl: appUrl(),
    storeSlug: store.slug,
    stripeSecret: store.secret,
  });
  const sessions = await scenario.run(client, SimulationClient.customerEmail(scenario.name));
  const [order] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), inArray(orders.stripeCheckoutSessionId, sessions)))
    .orderBy(orders.placedAt)
    .limit(1);
  if (!order)
    throw badRequest(
      "The simulated payment did not create an order; see the activity feed.",
      "simulation_failed",
    );
  return order;
}
