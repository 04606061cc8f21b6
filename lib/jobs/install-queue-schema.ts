import PgBoss from "pg-boss";
import { QUEUE_SCHEMA } from "@/lib/platform/db/app-role";

/**
 * Installs or upgrades pg-boss's schema as the connecting role (the database's admin, from
 * `npm run db:migrate`), without starting any worker or supervisor. pg-boss creates its schema
 * with `CREATE SCHEMA IF NOT EXISTS`, which needs CREATE on the database even when the schema
 * exists: the app's least-privilege role has no such right, so the admin does this once and
 * hands the schema to the app's role.
 */
export async function installQueueSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    migrate: true,
    supervise: false,
    schedule: false,
    max: 1,
    application_name: "storyline-migrate",
  });
  boss.on("error", (error) => console.error("[db:migrate] job queue:", error));
  try {
    await boss.start();
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true }).catch(() => {});
  }
}
