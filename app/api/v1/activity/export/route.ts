import { apiRoute } from "@/lib/api/api-route";
import { exportEventsEndpoint } from "@/lib/api/endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute("activity:read", exportEventsEndpoint);
