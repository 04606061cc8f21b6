import { apiRoute } from "@/lib/http/api/api-route";
import { createEventEndpoint } from "@/lib/http/api/endpoints/create-event";

export const dynamic = "force-dynamic";

export const POST = apiRoute("activity:write", createEventEndpoint);
