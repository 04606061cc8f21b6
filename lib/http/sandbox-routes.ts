import { getRuntime } from "@/lib/runtime/runtime";
import { errorResponse } from "./error-response";

const sandboxOff = () =>
  errorResponse(
    404,
    "not_found",
    "The sandbox is off (STORYLINE_SANDBOX=false or real API credentials are set)",
  );

/** `/api/sandbox/…`: the local Stripe/Printify sandbox, when the runtime wired it in; 404 otherwise. */
export async function handleSandboxRequest(request: Request): Promise<Response> {
  const { demo } = await getRuntime();
  return demo ? demo.handle(request) : sandboxOff();
}

/**
 * For `npm run simulate`: what the app recorded for some simulated checkouts
 * (`?store=<slug>&sessions=<ids>`), authenticated with the store's Stripe signing secret.
 */
export async function listSimulatedOrdersRoute(request: Request): Promise<Response> {
  const { demo } = await getRuntime();
  if (!demo) return sandboxOff();
  const url = new URL(request.url);
  const store = url.searchParams.get("store") ?? "";
  const sessions = (url.searchParams.get("sessions") ?? "").split(",").filter(Boolean);
  if (
    !store ||
    store.length > 63 ||
    sessions.length === 0 ||
    sessions.length > 20 ||
    sessions.some((s) => s.length > 255)
  )
    return errorResponse(
      400,
      "invalid_request",
      "Give ?store=<slug>&sessions=<checkout session ids, comma-separated>.",
    );
  const secret = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const result = await demo.listSimulatedOrders(store, secret, sessions);
  if (!result)
    return errorResponse(401, "unauthorized", "Authenticate with the store's Stripe webhook signing secret.");
  return Response.json(result);
}
