/**
 * One app process for tests/scale/two-processes.test.ts, run with `tsx`: the app's real request
 * handlers for `POST /api/v1/events` (API key, scope, the shared rate limit, the event endpoint)
 * and the activity stream, on its own database pool and its own LISTEN connection, as a
 * production process has. The stream's store is named by `?store=` (there is no session here).
 * Prints one JSON line `{"url": …}` once it serves and listens.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LiveHub } from "@/lib/activity/live/live-hub";
import { ActivitySpool } from "@/lib/activity/write/spool";
import { writerState } from "@/lib/activity/write/writer-state";
import { activityStreamResponse } from "@/lib/http/activity-stream";
import { createEventEndpoint } from "@/lib/http/api/endpoints/create-event";
import { handleApiRequest } from "@/lib/http/api/handle-api-request";
import { errorResponse } from "@/lib/http/error-response";
import { StreamSlots } from "@/lib/http/stream-slots";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import { unauthorized } from "@/lib/platform/errors";
import { serveFetchHandler } from "@/tests/helpers/serve-fetch-handler";
import { untilListening } from "@/tests/helpers/until-listening";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const database = openServerDatabase(url, { poolMax: 5 });
  writerState.spool = new ActivitySpool(mkdtempSync(path.join(tmpdir(), "storyline-scale-spool-")));
  await writerState.spool.init();
  const live = new LiveHub((channel, handlers) => database.listen(channel, handlers));
  await live.start();
  await untilListening(live, 30_000);
  const slots = new StreamSlots();

  const served = await serveFetchHandler(async (request) => {
    const { pathname, searchParams } = new URL(request.url);
    if (request.method === "POST" && pathname === "/api/v1/events")
      return handleApiRequest(
        request,
        "activity:write",
        { db: database.db, session: () => Promise.reject(unauthorized()) },
        (caller) => createEventEndpoint(caller, request),
      );
    if (request.method === "GET" && pathname === "/api/activity/stream")
      return activityStreamResponse(request, {
        db: database.db,
        live,
        storeId: searchParams.get("store") ?? "",
        slots,
        maxStreams: 10,
      });
    return errorResponse(404, "not_found", `${request.method} ${pathname}`);
  });
  console.log(JSON.stringify({ url: served.url, pid: process.pid }));

  const stop = async () => {
    await served.close().catch(() => {});
    await live.stop().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((error) => {
  console.error(`[scale app] cannot start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
