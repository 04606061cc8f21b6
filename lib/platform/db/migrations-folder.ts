import path from "node:path";

/** The committed migrations; resolved from the project root, where every entry point runs. */
export const migrationsFolder = path.join(process.cwd(), "db", "migrations");
