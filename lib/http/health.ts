import { timingSafeEqual } from "node:crypto";
import { activityWriterHealth } from "@/lib/activity/write/replay-spool";
import { can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/platform/config";
import { asDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from "@/lib/platform/database-unavailable";
import { pingDatabase } from "@/lib/platform/db/ping-database";
import { getRuntime, type Runtime } from "@/lib/runtime/runtime";
import { resolveAccess } from "./access";

/**
 * Liveness for anyone: `{ status }`, 200 when the database answers and nothing waits in the
 * activity spool, 503 otherwise (with `Retry-After` when the database is the cause) — within
 * the database budget, also when the database is down or hung. The details (database mode
 * and error, the activity writer's counters and backlog) only for a signed-in owner or a
 * monitor presenting `HEALTH_TOKEN`: they tell an attacker what the app runs on.
 */
export async function healthResponse(request: Request): Promise<Response> {
  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (error) {
    const reason =
      asDatabaseUnavailable(error)?.message ?? (error instanceof Error ? error.message : String(error));
    return answer(request, 503, "unavailable", () => ({
      database: { mode: null, ok: false, error: reason },
      activity: activityWriterHealth(),
    }));
  }
  const { database } = runtime;
  const ping = await pingDatabase(database.db);
  const activity = activityWriterHealth();
  const healthy = ping.ok && activity.backlog === 0;
  // "unavailable": the database does not answer; "degraded": it does, but events wait in the spool.
  return answer(
    request,
    healthy ? 200 : 503,
    healthy ? "ok" : ping.ok ? "degraded" : "unavailable",
    () => ({ database: { mode: database.kind, ok: ping.ok, error: ping.ok ? null : ping.error }, activity }),
    ping.ok,
  );
}

async function answer(
  request: Request,
  status: number,
  summary: string,
  details: () => Record<string, unknown>,
  databaseOk = false,
): Promise<Response> {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (!databaseOk) headers["retry-after"] = String(DATABASE_RETRY_AFTER_SECONDS);
  const body = (await mayReadDetails(request, databaseOk))
    ? { status: summary, ...details() }
    : { status: summary };
  return Response.json(body, { status, headers });
}

/** A monitor with the configured token, or (while the database answers) a signed-in owner. */
async function mayReadDetails(request: Request, databaseOk: boolean): Promise<boolean> {
  const token = getConfig().healthToken;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (token && presented) {
    const a = Buffer.from(presented);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  if (!databaseOk || !request.headers.get("cookie")) return false;
  try {
    const access = await resolveAccess(null);
    return can(access.role, "settings:write");
  } catch {
    return false;
  }
}
