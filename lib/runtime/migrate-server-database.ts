import { installQueueSchema } from "@/lib/jobs/install-queue-schema";
import { databaseUser } from "@/lib/platform/config";
import { ensureAppRole, grantAppRole } from "@/lib/platform/db/app-role";
import { openServerDatabase } from "@/lib/platform/db/open-server";

export type ServerRoles = {
  /** The owner's URL: migrations run as this role, and it owns every table and function. */
  adminUrl: string;
  /** The role the app and the workers run as; null when they run as the owner. */
  appRole: string | null;
  /** DATABASE_URL: when it signs in as `appRole`, a role created here gets its password. */
  appUrl: string;
};

/**
 * `npm run db:migrate` on a server: the committed migrations as the owner and, when the app
 * has a role of its own, that role (created if missing), the job queue's schema (installed by
 * the owner, then handed to the app's role) and the app's grants. Says what it did.
 */
export async function migrateServerDatabase(roles: ServerRoles): Promise<string> {
  const admin = openServerDatabase(roles.adminUrl, { poolMax: 1 });
  try {
    await admin.migrate();
    const { appRole } = roles;
    if (!appRole) return "migrations applied (server; the app runs as the tables' owner)";
    const password =
      databaseUser(roles.appUrl) === appRole
        ? decodeURIComponent(new URL(roles.appUrl).password) || null
        : null;
    const role = await ensureAppRole(admin, appRole, password);
    await installQueueSchema(roles.adminUrl);
    await grantAppRole(admin, appRole);
    return `migrations applied (server) as ${databaseUser(roles.adminUrl)}; the app's role ${appRole} (${role}) may read and append to the activity log, nothing more`;
  } finally {
    await admin.close();
  }
}
