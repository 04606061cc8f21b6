import { SubmitOrderInput } from "@/lib/providers/printify/types";
import { takeFault } from "./faults";
import { startLifecycle } from "./lifecycle";
import { sandboxCatalogue } from "./sandbox-catalogue";
import { bearerToken, json, paginate, printifyError, readJson } from "./sandbox-http";
import { buildSandboxOrder, orderJson } from "./sandbox-order";
import { type SandboxState, schedule } from "./sandbox-state";

const ORDERS = /^\/v1\/shops\/([^/]+)\/orders\.json$/;
const ORDER = /^\/v1\/shops\/([^/]+)\/orders\/([^/]+?)(\.json|\/send_to_production\.json|\/cancel\.json)$/;
const PRODUCTS = /^\/v1\/shops\/([^/]+)\/products\.json$/;
const HANG_MAX_MS = 60_000;

/**
 * Printify's order and product endpoints (paths below `/printify`), with the shapes of the
 * real API. Like Printify, it does not dedupe submissions: the same `external_id` twice makes
 * two orders. Faults are looked up by the order's `address_to.email`.
 */
export async function handlePrintify(state: SandboxState, request: Request, path: string, url: URL) {
  if (!bearerToken(request)) {
    return printifyError(401, 401, "Unauthenticated.", "Send Authorization: Bearer <token>");
  }
  const method = request.method;
  let match = ORDERS.exec(path);
  if (match && method === "POST") return submitOrder(state, request, decodeURIComponent(match[1]!));
  if (match && method === "GET") {
    const shopId = decodeURIComponent(match[1]!);
    const orders = state.orders.filter((o) => o.shopId === shopId).reverse();
    return json(200, paginate(orders.map(orderJson), url));
  }
  match = PRODUCTS.exec(path);
  if (match && method === "GET")
    return json(200, paginate(sandboxCatalogue(decodeURIComponent(match[1]!)), url));

  match = ORDER.exec(path);
  const order = match
    ? state.orders.find(
        (o) => o.shopId === decodeURIComponent(match![1]!) && o.id === decodeURIComponent(match![2]!),
      )
    : undefined;
  if (!match) return printifyError(404, 404, "Not found.", `No endpoint ${method} ${path}`);
  if (!order) return printifyError(404, 404, "Not found.", "Order not found");
  const action = match[3];
  if (action === ".json" && method === "GET") return json(200, orderJson(order));
  if (action === "/send_to_production.json" && method === "POST") {
    if (order.status !== "on-hold") {
      return printifyError(
        400,
        8253,
        "Operation failed.",
        `Order is ${order.status}; only on-hold orders can be sent to production`,
      );
    }
    order.status = "sending-to-production";
    for (const item of order.line_items) item.status = "sending-to-production";
    startLifecycle(state, order);
    return json(200, orderJson(order));
  }
  if (action === "/cancel.json" && method === "POST") {
    if (order.status !== "on-hold") {
      return printifyError(
        400,
        8254,
        "Operation failed.",
        `Order is ${order.status}; only on-hold or payment-not-received orders can be canceled`,
      );
    }
    order.status = "canceled";
    for (const item of order.line_items) item.status = "canceled";
    return json(200, orderJson(order));
  }
  return printifyError(405, 405, "Method not allowed.", `${method} is not allowed on ${path}`);
}

async function submitOrder(state: SandboxState, request: Request, shopId: string): Promise<Response> {
  const body = await readJson(request);
  const email = emailOf(body);
  if (takeFault(email, "submit_timeout")) return hang(state, request);
  if (takeFault(email, "submit_503")) {
    return printifyError(
      503,
      503,
      "Service Unavailable.",
      "Printify is temporarily unavailable (sandbox fault)",
    );
  }
  const parsed = SubmitOrderInput.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return printifyError(400, 8150, "Validation failed.", reason);
  }
  const order = buildSandboxOrder(shopId, parsed.data, state.deps.now());
  if (takeFault(email, "out_of_stock")) {
    const sku = order.line_items[0]?.metadata.sku ?? "unknown";
    return printifyError(400, 8502, "Validation failed.", `Variant ${sku} is out of stock`);
  }
  state.orders.push(order);
  return json(200, { id: order.id });
}

function emailOf(body: unknown): string | null {
  const address = (body as { address_to?: { email?: unknown } } | undefined)?.address_to;
  return typeof address?.email === "string" ? address.email : null;
}

/** Answers only once the client has given up (its signal aborts), the sandbox resets, or after 60 s. */
async function hang(state: SandboxState, request: Request): Promise<Response> {
  await new Promise<void>((resolve) => {
    if (request.signal.aborted || state.abort.signal.aborted) return resolve();
    request.signal.addEventListener("abort", () => resolve(), { once: true });
    state.abort.signal.addEventListener("abort", () => resolve(), { once: true });
    schedule(state, HANG_MAX_MS, resolve);
  });
  return printifyError(504, 504, "Gateway Timeout.", "Printify did not answer in time (sandbox fault)");
}
