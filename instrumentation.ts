/**
 * Runs once when the server starts, before the first request: opens the database (applying
 * migrations and seeding the demo shop in embedded mode) after it starts stamping requests with
 * their socket address (see lib/platform/peer-address.ts). Not during `next build`, which must
 * never open the data folder.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // First, so that the requests waiting for start-up are stamped with their real address too.
  const { recordPeerAddresses } = await import("@/lib/platform/peer-address");
  recordPeerAddresses();
  const { startOrExit } = await import("@/lib/runtime/start-or-exit");
  await startOrExit();
}
