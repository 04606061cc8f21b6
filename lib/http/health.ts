import { activityWriterHealth } from "@/lib/activity/write/replay-spool";
import { pingDatabase } from "@/lib/platform/db/ping-database";
import { getRuntime } from "@/lib/runtime/runtime";

/**
 * Liveness and the activity writer's state: failures, retries and the on-disk backlog are
 * visible here. 200 when the database answers and nothing waits in the spool; 503 otherwise.
 */
export async function healthResponse(): Promise<Response> {
  const { database } = await getRuntime();
  const ping = await pingDatabase(database.db);
  const activity = activityWriterHealth();
  const healthy = ping.ok && activity.backlog === 0;
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      database: { mode: database.kind, ok: ping.ok, error: ping.ok ? null : ping.error },
      activity,
    },
    { status: healthy ? 200 : 503 },
  );
}
