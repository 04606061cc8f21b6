import { getSandbox } from "@/lib/demo/sandbox/get-sandbox";
import { getConfig } from "@/lib/platform/config";

export const dynamic = "force-dynamic";

/** The local Stripe/Printify sandbox; 404 unless it is on. Opens nothing until a request comes. */
async function handle(request: Request): Promise<Response> {
  if (!getConfig().sandbox) {
    return Response.json(
      {
        error: {
          code: "not_found",
          message: "The sandbox is off (STORYLINE_SANDBOX=false or real API credentials are set)",
        },
      },
      { status: 404 },
    );
  }
  return getSandbox().handle(request);
}

export { handle as GET, handle as POST };
