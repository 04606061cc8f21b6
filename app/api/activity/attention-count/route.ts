import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { requireApiAccess } from "@/lib/http/access";

export const dynamic = "force-dynamic";

/** The nav badge: unresolved warnings and errors in the current store. Owners and managers only. */
export async function GET() {
  const access = await requireApiAccess("activity:read");
  if (access instanceof Response) return access;
  const count = await countNeedsAttention(access.db, access.store.storeId);
  return Response.json({ count }, { headers: { "cache-control": "no-store" } });
}
