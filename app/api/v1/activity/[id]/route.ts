import { apiRoute } from "@/lib/http/api/api-route";
import { getEventEndpoint } from "@/lib/http/api/endpoints/get-event";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("activity:read", getEventEndpoint);
