import { apiRoute } from "@/lib/api/api-route";
import { getEventEndpoint } from "@/lib/api/endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("activity:read", getEventEndpoint);
