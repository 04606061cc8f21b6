import { apiRoute } from "@/lib/http/api/api-route";
import { exportEventsEndpoint } from "@/lib/http/api/endpoints/export-events";

export const dynamic = "force-dynamic";

export const GET = apiRoute("activity:read", exportEventsEndpoint);
