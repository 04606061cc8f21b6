import { activityWriterHealth } from "@/lib/activity/write/replay-spool";
import { asDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from "@/lib/platform/database-unavailable";
import { pingDatabase } from "@/lib/platform/db/ping-database";
import { getRuntime, type Runtime } from "@/lib/runtime/runtime";

/**
 * Liveness and the activity writer's state: failures, retries and the on-disk backlog are
 * visible here. 200 when the database answers and nothing waits in the spool; 503 otherwise
 * (with `Retry-After` when the database is the cause) — within the database budget, also when
 * the database is down or hung, or the app could not start on it yet.
 */
export async function healthResponse(): Promise<Response> {
  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (error) {
    const reason =
      asDatabaseUnavailable(error)?.message ?? (error instanceof Error ? error.message : String(error));
    return Response.json(
      {
        status: "unavailable",
        database: { mode: null, ok: false, error: reason },
        activity: activityWriterHealth(),
      },
      { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
  const { database } = runtime;
  const ping = await pingDatabase(database.db);
  const activity = activityWriterHealth();
  const healthy = ping.ok && activity.backlog === 0;
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      database: { mode: database.kind, ok: ping.ok, error: ping.ok ? null : ping.error },
      activity,
    },
    {
      status: healthy ? 200 : 503,
      headers: ping.ok ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    },
  );
}
