/**
 * Runs once when the server starts, before the first request: opens the database (applying
 * migrations and seeding the demo shop in embedded mode). Not during `next build`, which must
 * never open the data folder.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startOrExit } = await import("@/lib/runtime/start-or-exit");
  await startOrExit();
}
