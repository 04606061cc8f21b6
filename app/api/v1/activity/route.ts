import { apiRoute } from "@/lib/http/api/api-route";
import { listEventsEndpoint } from "@/lib/http/api/endpoints/list-events";

export const dynamic = "force-dynamic";

export const GET = apiRoute("activity:read", listEventsEndpoint);
