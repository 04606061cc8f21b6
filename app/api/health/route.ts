import { sql } from "drizzle-orm";
import { activityWriterHealth } from "@/lib/activity/write/replay-spool";
import { getRuntime } from "@/lib/runtime/runtime";

export const dynamic = "force-dynamic";

/**
 * Liveness and the activity writer's state: failures, retries and the on-disk backlog are
 * visible here. 200 when the database answers and nothing waits in the spool; 503 otherwise.
 */
export async function GET() {
  const { database } = await getRuntime();
  let databaseOk = true;
  let databaseError: string | null = null;
  try {
    await database.db.execute(sql`select 1`);
  } catch (error) {
    databaseOk = false;
    databaseError = error instanceof Error ? error.message : String(error);
  }
  const activity = activityWriterHealth();
  const healthy = databaseOk && activity.backlog === 0;
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      database: { mode: database.kind, ok: databaseOk, error: databaseError },
      activity,
    },
    { status: healthy ? 200 : 503 },
  );
}
