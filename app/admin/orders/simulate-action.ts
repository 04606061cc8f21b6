"use server";

import { resolveAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { startSimulation } from "@/lib/sandbox/start-simulation";

export type SimulateActionResult =
  | { ok: true; orderId: string; number: number }
  | { ok: false; error: string };

/** "Simulate an order" (sandbox only): a paid checkout through the real webhook route. */
export async function simulateOrderAction(scenario: string): Promise<SimulateActionResult> {
  try {
    if (!getConfig().sandbox) return { ok: false, error: "Simulation needs the sandbox, which is off here." };
    const access = await resolveAccess("orders:write");
    const order = await startSimulation(access.db, access.store.storeId, scenario);
    return { ok: true, orderId: order.id, number: order.number };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    console.error("[sandbox] simulation failed:", error);
    return { ok: false, error: "The simulation could not start. Is the app reachable at APP_URL?" };
  }
}
