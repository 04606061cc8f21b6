import { z } from "zod";
import { listSimulatedOrders } from "@/lib/demo/sandbox/list-simulated-orders";
import { getConfig } from "@/lib/platform/config";
import { getDb } from "@/lib/runtime/runtime";

export const dynamic = "force-dynamic";

const Query = z.object({
  store: z.string().min(1).max(63),
  sessions: z
    .string()
    .min(1)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.string().min(1).max(255)).min(1).max(20)),
});

const error = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/** For `npm run simulate`: what the app recorded for the simulated checkouts (sandbox only). */
export async function GET(request: Request) {
  if (!getConfig().sandbox) return error(404, "not_found", "The sandbox is off.");
  const url = new URL(request.url);
  const query = Query.safeParse({
    store: url.searchParams.get("store"),
    sessions: url.searchParams.get("sessions"),
  });
  if (!query.success)
    return error(
      400,
      "invalid_request",
      "Give ?store=<slug>&sessions=<checkout session ids, comma-separated>.",
    );
  const secret = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const result = await listSimulatedOrders(await getDb(), query.data.store, secret, query.data.sessions);
  if (!result)
    return error(401, "unauthorized", "Authenticate with the store's Stripe webhook signing secret.");
  return Response.json(result);
}
