/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { runScript } from "./open-configured-database";

await runScript("db:migrate", async (database) => {
  await database.migrate();
  return `migrations applied (${database.kind})`;
});
