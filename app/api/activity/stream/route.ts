import { handleActivityStream } from "@/lib/http/activity-stream-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** New activity of the current store (or of one order) as Server-Sent Events, for open pages. */
export function GET(request: Request) {
  return handleActivityStream(request);
}
