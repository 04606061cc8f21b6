import { apiRoute } from "@/lib/http/api/api-route";
import { resolveEventEndpoint } from "@/lib/http/api/endpoints/resolve-event";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("activity:write", resolveEventEndpoint);
