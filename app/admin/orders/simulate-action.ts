"use server";

import { type AdminActionResult, adminActions } from "@/lib/http/actions/admin-actions";

export type SimulateActionResult = AdminActionResult<"simulateOrder">;

/** "Simulate an order" (sandbox only): a paid checkout through the real webhook route. */
export async function simulateOrderAction(scenario: string): Promise<SimulateActionResult> {
  return adminActions.simulateOrder.perform({ scenario });
}
