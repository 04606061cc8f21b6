import { apiRoute } from "@/lib/api/api-route";
import { resolveEventEndpoint } from "@/lib/api/endpoints";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("activity:write", resolveEventEndpoint);
