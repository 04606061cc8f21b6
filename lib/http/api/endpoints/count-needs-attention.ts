import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import type { ApiCaller } from "../handle-api-request";

/** GET /api/v1/activity/attention-count: unresolved warnings and errors, as on the nav badge. */
export async function attentionCountEndpoint(caller: ApiCaller) {
  return Response.json({ count: await countNeedsAttention(caller.db, caller.storeId) });
}
