import { handleControl } from "./control-routes";
import { clearFaults } from "./faults";
import { handlePrintify } from "./printify-routes";
import { json } from "./sandbox-http";
import { clearState, createState, type SandboxDeps, type SandboxOrder } from "./sandbox-state";
import { handleStripe } from "./stripe-routes";

export type { SandboxDeps, SandboxOrder } from "./sandbox-state";
export type Sandbox = ReturnType<typeof createSandbox>;

/**
 * A local stand-in for the parts of Stripe's and Printify's APIs the shop uses, with real
 * lifecycles (signed Printify webhooks after `send_to_production`) and faults on request.
 * `handle` takes paths relative to the sandbox root — `/printify/v1/…`, `/stripe/v1/…`,
 * `/control/…` — and ignores anything up to and including `/api/sandbox`. State lives in
 * memory; `close()` cancels every timer and delivery, and nothing here keeps the process alive.
 */
export function createSandbox(deps: SandboxDeps) {
  const state = createState(deps);

  const sandbox = {
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      const marker = url.pathname.indexOf("/api/sandbox");
      const path = marker >= 0 ? url.pathname.slice(marker + "/api/sandbox".length) : url.pathname;
      const [, area = "", ...rest] = path.split("/");
      const subpath = `/${rest.join("/")}`;
      try {
        if (area === "printify") return await handlePrintify(state, request, subpath, url);
        if (area === "stripe") return await handleStripe(state, request, subpath, url);
        if (area === "control") return await handleControl(request, subpath, sandbox);
        return json(404, { error: { code: "not_found", message: `The sandbox has no ${path}` } });
      } catch (error) {
        console.error("[sandbox]", request.method, path, error);
        return json(500, {
          error: { code: "internal", message: error instanceof Error ? error.message : "failed" },
        });
      }
    },

    /** The Printify orders, oldest first, each with the shop it was submitted to. */
    orders(): SandboxOrder[] {
      return state.orders.map((order) => structuredClone(order));
    },

    /** Takes in orders that exist already (the seeded ones), unless it knows their ids. */
    adopt(orders: SandboxOrder[]) {
      const known = new Set(state.orders.map((o) => o.id));
      for (const order of orders) if (!known.has(order.id)) state.orders.push(structuredClone(order));
    },

    /** Forgets every order, session and fault, and cancels pending lifecycles and deliveries. */
    reset() {
      clearState(state);
      clearFaults();
    },

    close() {
      state.closed = true;
      clearState(state);
      state.abort.abort();
    },
  };
  return sandbox;
}
