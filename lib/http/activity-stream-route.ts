import { getRuntime } from "@/lib/runtime/runtime";
import { requireApiAccess } from "./access";
import { activityStreamResponse } from "./activity-stream";
import { activityStreamSlots } from "./stream-slots";

/**
 * GET /api/activity/stream: the current store's new activity as Server-Sent Events. The whole
 * store's needs the activity permission (owners and managers), like the feed; one order's
 * (`?order=`) needs only the store, like the order page.
 */
export async function handleActivityStream(request: Request): Promise<Response> {
  const forOrder = new URL(request.url).searchParams.has("order");
  const access = await requireApiAccess(forOrder ? "store:read" : "activity:read");
  if (access instanceof Response) return access;
  const { live, config } = await getRuntime();
  return activityStreamResponse(request, {
    db: access.db,
    live,
    storeId: access.store.storeId,
    slots: activityStreamSlots(),
    maxStreams: config.liveMaxStreams,
  });
}
