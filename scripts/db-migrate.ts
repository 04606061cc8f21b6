/**
 * `npm run db:migrate`: applies the committed migrations to the configured database. On a
 * server, as DATABASE_ADMIN_URL's role when it is set, which then grants the app's role
 * (DATABASE_URL's, or DATABASE_APP_ROLE) its least privilege; see docs/security.md.
 */

import { getConfig } from "@/lib/platform/config";
import { migrateServerDatabase } from "@/lib/runtime/migrate-server-database";
import { runScript, runServerScript } from "./open-configured-database";

const config = getConfig();
if (config.databaseRoles) {
  const roles = config.databaseRoles;
  await runServerScript("db:migrate", () => migrateServerDatabase({ ...roles, appUrl: config.databaseUrl! }));
} else {
  await runScript("db:migrate", async (database) => {
    await database.migrate();
    return `migrations applied (${database.kind})`;
  });
}
