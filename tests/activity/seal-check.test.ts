import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { checkIntegrity } from "@/lib/activity/seal/check-integrity";
import { checkpointFile, readCheckpoints } from "@/lib/activity/seal/checkpoint";
import { getIntegrityStatus } from "@/lib/activity/seal/get-integrity-status";
import { readTrustedKey } from "@/lib/activity/seal/read-trusted-key";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { loadSigningKey, type SigningKey, signingKeyFile } from "@/lib/activity/seal/signing-key";
import { writeCheckpoints } from "@/lib/activity/seal/write-checkpoints";
import { createStore, rowsOfStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { tamper } from "@/tests/helpers/tamper";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let dataDir: string;
let key: SigningKey;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
  dataDir = mkdtempSync(path.join(tmpdir(), "storyline-seal-"));
  key = await loadSigningKey({ dataDir });
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const checkpointDir = () => path.join(dataDir, "seal", "checkpoints");

async function sealedStore() {
  const storeId = await createStore(handle.db);
  for (const note of ["one", "two", "three"])
    await logEvent(handle.db, systemContext(storeId), "order.note_added", { note }, {});
  await sealActivity(handle.db, { lagSeconds: 0 });
  await writeCheckpoints(handle.db, checkpointDir(), key);
  return storeId;
}

const eventsOf = async (storeId: string, type: string) =>
  (await rowsOfStore(handle.db, storeId)).filter((r) => r.eventType === type);

describe("the signing key", () => {
  it("is generated once in the data folder, readable by its owner only, and read back the same", async () => {
    const file = signingKeyFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadSigningKey({ dataDir });
    expect(again.keyId).toBe(key.keyId);
    const trusted = await readTrustedKey({ dataDir });
    expect(trusted?.export({ type: "spki", format: "pem" })).toBe(
      key.publicKey.export({ type: "spki", format: "pem" }),
    );
  });

  it("can come from the environment instead (PEM)", async () => {
    const pem = key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const fromEnv = await loadSigningKey({ keyText: pem, dataDir: "/nonexistent" });
    expect(fromEnv.keyId).toBe(key.keyId);
  });
});

describe("checkpoints", () => {
  it("are signed only when a head moved, one JSON line each", async () => {
    const storeId = await sealedStore();
    const file = checkpointFile(checkpointDir(), storeId);
    expect(await readCheckpoints(file, key.publicKey)).toHaveLength(1);
    await writeCheckpoints(handle.db, checkpointDir(), key);
    expect(await readCheckpoints(file, key.publicKey)).toHaveLength(1);
    await logEvent(handle.db, systemContext(storeId), "order.note_added", { note: "four" }, {});
    await sealActivity(handle.db, { lagSeconds: 0 });
    await writeCheckpoints(handle.db, checkpointDir(), key);
    const all = await readCheckpoints(file, key.publicKey);
    // One entry a seal pass: the three rows, then the fourth.
    expect(all.map((c) => c.seq)).toEqual([1, 2]);
    expect(all[1]).toMatchObject({ storeId, eventType: "order.note_added", keyId: key.keyId });
  });
});

describe("the periodic check", () => {
  it("records a clean history and says so at most once a day", async () => {
    const storeId = await sealedStore();
    const now = new Date();
    await checkIntegrity(handle.db, { checkpointDir: checkpointDir(), key, now });
    await checkIntegrity(handle.db, {
      checkpointDir: checkpointDir(),
      key,
      now: new Date(now.getTime() + 3600_000),
    });
    expect(await getIntegrityStatus(handle.db, storeId)).toMatchObject({ state: "verified", rows: 3 });
    expect(await eventsOf(storeId, "activity.integrity_verified")).toHaveLength(1);
    await checkIntegrity(handle.db, {
      checkpointDir: checkpointDir(),
      key,
      now: new Date(now.getTime() + 25 * 3600_000),
    });
    expect(await eventsOf(storeId, "activity.integrity_verified")).toHaveLength(2);
  });

  it("raises one error event naming the damage, and shows it until the history verifies again", async () => {
    const storeId = await sealedStore();
    const [, second] = await rowsOfStore(handle.db, storeId);
    await tamper(handle.owner.db, (tx) =>
      tx.execute(sql`update activity_log set message = 'rewritten' where id = ${second!.id}`),
    );
    await checkIntegrity(handle.db, { checkpointDir: checkpointDir(), key });
    await checkIntegrity(handle.db, { checkpointDir: checkpointDir(), key });
    const failed = await eventsOf(storeId, "activity.integrity_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: "error", resolvedAt: null });
    expect(failed[0]!.payload).toMatchObject({ activityId: second!.id, eventType: "order.note_added" });
    const status = await getIntegrityStatus(handle.db, storeId);
    expect(status.state).toBe("failed");
    expect(status.state === "failed" && status.failure).toMatch(/^hash mismatch/);
  });
});
