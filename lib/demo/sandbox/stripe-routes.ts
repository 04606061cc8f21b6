import { buildCheckoutSession, CreateSessionParams, lineItemJson } from "./checkout-session";
import { takeFault } from "./faults";
import { parseFormBody } from "./parse-form-body";
import { bearerToken, json, stripeError } from "./sandbox-http";
import type { SandboxState } from "./sandbox-state";

const SESSION = /^\/v1\/checkout\/sessions\/([^/]+)(\/line_items)?$/;

/**
 * The slice of Stripe's API the shop uses (paths below `/stripe`): create, retrieve and list
 * the line items of Checkout Sessions. Bodies may be form-encoded with bracket keys (what the
 * SDK sends) or JSON. Any `Bearer` key is accepted. The `stripe_503` fault is looked up by the
 * session's customer email.
 */
export async function handleStripe(state: SandboxState, request: Request, path: string, url: URL) {
  if (!bearerToken(request)) {
    return stripeError(
      401,
      "invalid_request_error",
      "You did not provide an API key. Send Authorization: Bearer sk_…",
    );
  }
  if (path === "/v1/checkout/sessions" && request.method === "POST") return createSession(state, request);

  const match = SESSION.exec(path);
  if (!match || request.method !== "GET") {
    return stripeError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${request.method}: ${path}).`,
    );
  }
  const id = decodeURIComponent(match[1]!);
  const found = state.sessions.get(id);
  if (!found) {
    return stripeError(404, "invalid_request_error", `No such checkout.session: '${id}'`, "resource_missing");
  }
  if (!match[2]) return json(200, found.session);

  const email = found.session.customer_email ?? (found.session.customer_details as { email?: string }).email;
  if (takeFault(email, "stripe_503")) {
    return stripeError(
      503,
      "api_error",
      "Stripe is temporarily unavailable (sandbox fault). Try again later.",
    );
  }
  const query = parseFormBody(url.searchParams);
  const expand = Array.isArray(query.expand)
    ? query.expand
    : typeof query.expand === "string"
      ? [query.expand]
      : [];
  const expandProduct = expand.includes("data.price.product");
  return json(200, {
    object: "list",
    data: found.lineItems.map((item) => lineItemJson(item, expandProduct)),
    has_more: false,
    url: `/v1/checkout/sessions/${id}/line_items`,
  });
}

async function createSession(state: SandboxState, request: Request): Promise<Response> {
  const text = await request.text();
  let raw: unknown;
  try {
    raw = (request.headers.get("content-type") ?? "").includes("json")
      ? JSON.parse(text)
      : parseFormBody(text);
  } catch {
    return stripeError(400, "invalid_request_error", "The request body is not valid JSON.");
  }
  const parsed = CreateSessionParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join("");
    return json(400, {
      error: {
        type: "invalid_request_error",
        param,
        message: `Invalid ${param || "request"}: ${issue.message} (the sandbox supports line_items with price_data only)`,
      },
    });
  }
  const created = buildCheckoutSession(parsed.data, state.deps.now());
  state.sessions.set(created.session.id, created);
  return json(200, created.session);
}
