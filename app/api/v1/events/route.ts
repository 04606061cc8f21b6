import { apiRoute } from "@/lib/api/api-route";
import { createEventEndpoint } from "@/lib/api/endpoints";

export const dynamic = "force-dynamic";

export const POST = apiRoute("activity:write", createEventEndpoint);
