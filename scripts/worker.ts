import path from "node:path";
import { replaySpool, startSpoolReplayer, stopSpoolReplayer } from "@/lib/activity/write/replay-spool";
import { ActivitySpool } from "@/lib/activity/write/spool";
import { writerState } from "@/lib/activity/write/writer-state";
import { sandboxMailFault } from "@/lib/demo/sandbox/mail-faults";
import { setMailFault } from "@/lib/email/send-mail";
import { startJobQueue } from "@/lib/jobs/queue";
import { getConfig } from "@/lib/platform/config";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import { onShutdown } from "@/lib/runtime/shutdown";
import { startWorkers } from "@/lib/runtime/start-workers";
import { warnIfOwnerRole } from "@/lib/runtime/warn-owner-role";

/**
 * `npm run worker`: the job workers as their own process, for server mode (DATABASE_URL).
 * In embedded mode the app runs them itself — PGlite allows one process per data folder.
 */
async function main() {
  const config = getConfig();
  if (config.mode !== "server") {
    console.error(
      "[worker] DATABASE_URL is not set. In embedded mode the workers run inside the app (npm run dev / npm start).",
    );
    process.exit(1);
  }
  const database = openServerDatabase(config.databaseUrl!, { poolMax: 4, budget: config.databaseBudget });
  onShutdown("database", () => database.close());

  // Its own spool folder, so it never shares a file with the web process.
  writerState.spool = new ActivitySpool(path.join(config.dataDir, "spool-worker"));
  await writerState.spool.init();
  startSpoolReplayer(database.db);
  onShutdown("activity spool", async () => {
    stopSpoolReplayer();
    await replaySpool(database.db).catch(() => {});
    await writerState.spool?.close();
  });

  const queue = await startJobQueue(database, {
    config,
    connectionString: config.databaseUrl,
    supervise: true,
  });
  onShutdown("job queue", () => queue.stop());
  if (config.sandbox) setMailFault(sandboxMailFault);
  await startWorkers(queue, { concurrency: 2 });
  await warnIfOwnerRole(database, "worker");
  console.info(
    "[worker] ready: order intake, submission, emails, carts, product sync, follow-up and watchdog",
  );
}

main().catch((error) => {
  console.error(`[worker] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
