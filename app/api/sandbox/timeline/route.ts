import { listSimulatedOrdersRoute } from "@/lib/http/sandbox-routes";

export const dynamic = "force-dynamic";

/** For `npm run simulate`: what the app recorded for the simulated checkouts (sandbox only). */
export const GET = listSimulatedOrdersRoute;
