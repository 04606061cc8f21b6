"use server";

import { resolveAccess } from "@/lib/http/access";
import { adminActions } from "@/lib/http/actions/admin-actions";

export type SimulateActionResult =
  | { ok: true; orderId: string; number: number }
  | { ok: false; error: string };

/** "Simulate an order" (sandbox only): a paid checkout through the real webhook route. */
export async function simulateOrderAction(scenario: string): Promise<SimulateActionResult> {
  return adminActions.simulateOrder.handle(() => resolveAccess("orders:write"), { scenario });
}
