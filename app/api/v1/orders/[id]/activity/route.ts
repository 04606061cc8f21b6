import { apiRoute } from "@/lib/http/api/api-route";
import { orderActivityEndpoint } from "@/lib/http/api/endpoints/list-order-activity";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("activity:read", orderActivityEndpoint);
