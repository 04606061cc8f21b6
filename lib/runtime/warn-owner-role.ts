import { describeConnectedRole } from "@/lib/platform/db/app-role";
import type { DatabaseHandle } from "@/lib/platform/db/types";

/**
 * Server mode: says once, at start, when this process connects as a role that could rewrite
 * the activity log behind the triggers' back (its owner, or a superuser). It keeps working
 * (one URL for everything is the simple set-up); docs/security.md says how to split the roles.
 */
export async function warnIfOwnerRole(database: DatabaseHandle, processName: string): Promise<void> {
  if (database.kind !== "server") return;
  // Asked once the process is up, off its start's path: a failure here only skips the warning.
  const connected = await describeConnectedRole(database).catch(() => null);
  if (!connected || !(connected.superuser || connected.ownsActivityLog)) return;
  const what = connected.superuser ? "a superuser" : "the owner of activity_log";
  console.warn(
    `[${processName}] connected to PostgreSQL as ${connected.role}, ${what}: it could alter or drop the ` +
      "activity log's guards. Run migrations with DATABASE_ADMIN_URL and the app as a role of its own " +
      "(see docs/security.md, Database roles).",
  );
}
