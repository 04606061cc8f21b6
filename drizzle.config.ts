import { defineConfig } from "drizzle-kit";

/**
 * `npm run db:generate` diffs db/schema against the committed snapshots and writes a new
 * migration. It never connects to a database, so it is safe while the app is running.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
