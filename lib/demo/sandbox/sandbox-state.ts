import type { SubmitOrderInput } from "@/lib/providers/printify/types";

export type SandboxDeps = {
  /** Time between lifecycle steps after send_to_production (in production, shipped, delivered). */
  stepMs: number;
  /** Where a Printify shop's webhooks go, and their secret; null when no store uses the shop. */
  resolveShop(shopId: string): Promise<{ webhookUrl: string; secret: string } | null>;
  fetch?: typeof fetch;
  now?: () => Date;
};

export type SandboxOrderStatus =
  | "on-hold"
  | "sending-to-production"
  | "in-production"
  | "fulfilled"
  | "canceled";

export type SandboxLineItem = {
  product_id: string;
  variant_id: number;
  quantity: number;
  print_provider_id: number;
  cost: number;
  shipping_cost: number;
  status: SandboxOrderStatus;
  metadata: { title: string; price: number; variant_label: string; sku: string; country: string };
  sent_to_production_at?: string;
  fulfilled_at?: string;
};

/** A Printify order as the sandbox keeps it: the API's JSON plus the shop it belongs to. */
export type SandboxOrder = {
  shopId: string;
  id: string;
  external_id: string;
  label: string | null;
  status: SandboxOrderStatus;
  address_to: SubmitOrderInput["address_to"];
  line_items: SandboxLineItem[];
  shipping_method: number;
  total_price: number;
  total_shipping: number;
  total_tax: number;
  shipments: { carrier: string; number: string; url: string; delivered_at: string | null }[];
  created_at: string;
  sent_to_production_at: string | null;
  fulfilled_at: string | null;
};

/** A completed Stripe Checkout Session and its line items, as the sandbox serves them. */
export type SandboxSession = {
  session: Record<string, unknown> & { id: string; customer_email: string | null };
  lineItems: SandboxStripeLineItem[];
};

export type SandboxStripeLineItem = {
  id: string;
  description: string;
  quantity: number;
  unitAmount: number;
  currency: string;
  priceId: string;
  product: { id: string; name: string; metadata: Record<string, string> };
};

/**
 * Everything one sandbox holds. Timers are unref'd (they never keep the process alive) and
 * tracked so that `reset()`/`close()` cancel every pending step and webhook retry.
 */
export type SandboxState = {
  deps: Required<SandboxDeps>;
  orders: SandboxOrder[];
  sessions: Map<string, SandboxSession>;
  timers: Set<NodeJS.Timeout>;
  /** Aborted on reset/close: in-flight deliveries and held (timed-out) requests end. */
  abort: AbortController;
  closed: boolean;
};

export function createState(deps: SandboxDeps): SandboxState {
  return {
    deps: { fetch: (input, init) => fetch(input, init), now: () => new Date(), ...deps },
    orders: [],
    sessions: new Map(),
    timers: new Set(),
    abort: new AbortController(),
    closed: false,
  };
}

/** Runs `fn` after `ms` unless the sandbox is reset or closed first. */
export function schedule(state: SandboxState, ms: number, fn: () => void) {
  if (state.closed) return;
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    fn();
  }, ms);
  timer.unref();
  state.timers.add(timer);
}

/**
 * Resolves after `ms`, or early (false) when `signal` aborts — by default the current
 * generation's, which ends when the sandbox is reset or closed.
 */
export function sleep(state: SandboxState, ms: number, signal = state.abort.signal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    schedule(state, ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    });
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Cancels every timer and in-flight delivery and forgets all orders and sessions. */
export function clearState(state: SandboxState) {
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
  state.abort.abort();
  state.abort = new AbortController();
  state.orders.length = 0;
  state.sessions.clear();
}
