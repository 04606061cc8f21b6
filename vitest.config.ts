import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file gets its own fresh database (in-memory PGlite, or a new database on the
    // server when DATABASE_URL is set); files run in parallel on separate processes.
    maxWorkers: 2,
  },
});
