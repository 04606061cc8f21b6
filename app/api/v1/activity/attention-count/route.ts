import { apiRoute } from "@/lib/http/api/api-route";
import { attentionCountEndpoint } from "@/lib/http/api/endpoints/count-needs-attention";

export const dynamic = "force-dynamic";

export const GET = apiRoute("activity:read", attentionCountEndpoint);
