/**
 * `npm run activity:verify [--store <slug|id>] [--since <ISO date>] [--checkpoints <file|dir>]
 * [--public-key <pem>]`: verifies the sealed activity history of the configured database (server
 * or embedded, like db:migrate). Exits 0 with the rows verified per store, or 1 naming the
 * first broken row and what is wrong with it.
 */
import { parseArgs } from "node:util";
import { readTrustedKey } from "@/lib/activity/seal/read-trusted-key";
import { type HistoryVerification, verifyHistory } from "@/lib/activity/seal/verify-history";
import { getConfig } from "@/lib/platform/config";
import { openConfiguredDatabase } from "./open-configured-database";

const { values } = parseArgs({
  options: {
    store: { type: "string" },
    since: { type: "string" },
    checkpoints: { type: "string" },
    "public-key": { type: "string" },
  },
});

function sentenceFor(result: HistoryVerification): string {
  const { problem } = result;
  if (problem) {
    const row = problem.activityId
      ? `row ${problem.activityId}${problem.eventType ? ` (${problem.eventType}, occurred ${problem.occurredAt})` : ""}`
      : `entry ${problem.seq}`;
    return `${result.slug}: BROKEN at ${row}: ${problem.kind} — ${problem.detail} (${result.verifiedRows} rows verified before it)`;
  }
  const through = result.verifiedThrough ? ` through ${result.verifiedThrough}` : "";
  const pending = result.notYetSealed
    ? `; ${result.notYetSealed} not yet sealed (written after the last seal pass)`
    : "";
  const purged = result.purgedRows ? `; ${result.purgedRows} sealed rows removed by a recorded purge` : "";
  return `${result.slug}: ${result.verifiedRows} rows verified (${result.verifiedEntries} sealed records)${through}${purged}${pending}`;
}

async function main() {
  const config = getConfig();
  const since = values.since ? new Date(values.since) : null;
  if (since && Number.isNaN(since.getTime())) throw new Error(`--since: "${values.since}" is not a date`);
  const trustedKey = await readTrustedKey({
    publicKeyFile: values["public-key"],
    keyText: config.seal.signingKey,
    dataDir: config.dataDir,
  });
  if (!trustedKey)
    console.warn("[activity:verify] no signing key found: checkpoints are checked against the key they name");
  const database = await openConfiguredDatabase();
  try {
    const results = await verifyHistory(database.db, {
      store: values.store,
      since,
      checkpoints: values.checkpoints ?? config.seal.checkpointDir,
      trustedKey,
    });
    for (const result of results) console.info(sentenceFor(result));
    const broken = results.filter((r) => r.problem).length;
    console.info(
      broken
        ? `[activity:verify] ${broken} of ${results.length} store(s) failed verification`
        : `[activity:verify] ${results.length} store(s) verified intact`,
    );
    if (broken) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(`[activity:verify] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
