import { requireApiAccess } from "@/lib/http/access";
import { refuseCrossOrigin } from "@/lib/http/same-origin";
import { getLatestSyncRun } from "@/lib/products/get-latest-sync-run";
import { startProductSync } from "@/lib/products/start-product-sync";

export const dynamic = "force-dynamic";

/** The latest product sync of the current store, for the progress bar. */
export async function GET() {
  const access = await requireApiAccess("store:read");
  if (access instanceof Response) return access;
  const run = await getLatestSyncRun(access.db, access.store.storeId);
  return Response.json({ run }, { headers: { "cache-control": "no-store" } });
}

/** Starts a product sync (or returns the one already running). */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const access = await requireApiAccess("products:write");
  if (access instanceof Response) return access;
  const result = await startProductSync(access.db, access.jobs, access.store.storeId, null);
  access.jobs.wake("sync-products");
  const run = await getLatestSyncRun(access.db, access.store.storeId);
  return Response.json({ ...result, run }, { status: result.started ? 202 : 200 });
}
