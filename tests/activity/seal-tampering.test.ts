import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent, resolveEvents } from "@/lib/activity";
import { checkpointFile, latestCheckpoint } from "@/lib/activity/seal/checkpoint";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { keyIdOf, type SigningKey } from "@/lib/activity/seal/signing-key";
import { type IntegrityProblemKind, verifyStore } from "@/lib/activity/seal/verify-store";
import { writeCheckpoints } from "@/lib/activity/seal/write-checkpoints";
import { createStore, staffContext, systemContext } from "@/tests/helpers/activity-fixtures";
import { tamper } from "@/tests/helpers/tamper";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
let checkpointDir: string;
let key: SigningKey;

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  spool = useTestSpool();
  await spool.spool.init();
  checkpointDir = mkdtempSync(path.join(tmpdir(), "storyline-checkpoints-"));
  const pair = generateKeyPairSync("ed25519");
  key = { ...pair, keyId: keyIdOf(pair.publicKey) };
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
  rmSync(checkpointDir, { recursive: true, force: true });
});

type History = { storeId: string; ids: string[]; warning: string; confirmation: string; staffNote: string };

/**
 * A store's sealed history of eight rows: an order's story (with a customer's email, a warning
 * resolved by staff, a staff change with `changes`, a sign-in with IP and user agent), sealed
 * in two passes and checkpointed. `ids` is in writing order: ids[0] oldest, ids.at(-1) newest.
 * The chain: entry 1 seals the first three rows and the warning's resolution, entry 2 the other
 * five rows.
 */
async function sealedHistory(): Promise<History> {
  const storeId = await createStore(handle.db);
  const system = systemContext(storeId);
  const userId = uuidv7();
  const staff = staffContext(storeId, userId, "Olivia Owner");
  const orderId = uuidv7();
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 9, minute));
  const ids: string[] = [];
  const add = async (promise: Promise<{ id: string }>) => {
    const { id } = await promise;
    ids.push(id);
    return id;
  };
  await add(
    logEvent(
      handle.db,
      system,
      "order.created",
      { amount: 4300, currency: "GBP" },
      { orderId, occurredAt: at(1), dedupeKey: `order-created:${orderId}` },
    ),
  );
  const confirmation = await add(
    logEvent(
      handle.db,
      system,
      "order.email.confirmation_sent",
      { to: "customer@example.com" },
      { orderId, occurredAt: at(2) },
    ),
  );
  const warning = await add(
    logEvent(
      handle.db,
      system,
      "order.submission_failed",
      {
        provider: "Printify",
        reason: "variant out of stock",
        attempt: 1,
        maxAttempts: 3,
        retryable: true,
        final: false,
      },
      { orderId, occurredAt: at(3) },
    ),
  );
  await resolveEvents(
    handle.db,
    { storeId, userId },
    { ids: [warning], note: "resubmitted with a new variant" },
  );
  await sealActivity(handle.db, { lagSeconds: 0 });
  const staffNote = await add(
    logEvent(
      handle.db,
      staff,
      "order.updated",
      { summary: "shipping address" },
      {
        orderId,
        occurredAt: at(4),
        changes: { city: { old: "Leeds", new: "York", label: "City" } },
      },
    ),
  );
  await add(
    logEvent(
      handle.db,
      { ...staff, ip: "203.0.113.7", userAgent: "Mozilla/5.0 (Test)" },
      "auth.login_succeeded",
      { email: "owner@example.com" },
      { entity: { type: "user", id: userId }, occurredAt: at(5) },
    ),
  );
  await add(
    logEvent(
      handle.db,
      system,
      "order.submitted",
      { provider: "Printify", providerOrderId: "PFY-1" },
      { orderId, occurredAt: at(6) },
    ),
  );
  await add(
    logEvent(
      handle.db,
      system,
      "order.shipped",
      { carrier: "DHL", trackingNumber: "1Z999" },
      { orderId, occurredAt: at(7) },
    ),
  );
  await add(logEvent(handle.db, system, "order.delivered", {}, { orderId, occurredAt: at(8) }));
  await resolveEvents(
    handle.db,
    { storeId, userId },
    { ids: [warning], note: "resubmitted with a new variant" },
  );
  await sealActivity(handle.db, { lagSeconds: 0 });
  await writeCheckpoints(handle.db, checkpointDir, key);
  return { storeId, ids, warning, confirmation, staffNote };
}

async function verify(storeId: string) {
  return verifyStore(handle.db, storeId, {
    checkpoint: await latestCheckpoint(checkpointDir, storeId, key.publicKey),
  });
}

async function expectDetected(storeId: string, kind: IntegrityProblemKind, activityId: string | null) {
  const result = await verify(storeId);
  expect(result.problem, "the tampering went unnoticed").not.toBeNull();
  expect(result.problem!.kind).toBe(kind);
  expect(result.problem!.activityId).toBe(activityId);
  return result.problem!;
}

describe("the sealed history, read a few rows a page", () => {
  const verifyPaged = async (storeId: string) =>
    verifyStore(handle.db, storeId, {
      checkpoint: await latestCheckpoint(checkpointDir, storeId, key.publicKey),
      rowPage: 3,
    });

  it("verifies every row across the pages' boundaries", async () => {
    const { storeId } = await sealedHistory();
    expect(await verifyPaged(storeId)).toMatchObject({ problem: null, verifiedRows: 8, notYetSealed: 0 });
  });

  it("names an edited row on the last page and a deleted one on the first", async () => {
    const edited = await sealedHistory();
    await tamper(handle.db, `update activity_log set message = 'edited' where id = '${edited.ids[0]}'`);
    expect((await verifyPaged(edited.storeId)).problem).toMatchObject({
      kind: "hash mismatch",
      activityId: edited.ids[0],
    });

    const deleted = await sealedHistory();
    await tamper(handle.db, `delete from activity_log where id = '${deleted.ids[6]}'`);
    expect((await verifyPaged(deleted.storeId)).problem).toMatchObject({
      kind: "missing row",
      activityId: deleted.ids[6],
    });
  });
});

describe("the sealed history, untouched", () => {
  it("verifies clean after seeding, resolving and new writes, and counts what is not sealed yet", async () => {
    const history = await sealedHistory();
    const first = await verify(history.storeId);
    expect(first.problem).toBeNull();
    expect(first.verifiedRows).toBe(8);
    expect(first.verifiedEntries).toBe(9); // eight rows and one resolution

    const late = await logEvent(
      handle.db,
      systemContext(history.storeId),
      "order.note_added",
      { note: "gift wrap" },
      {},
    );
    const pending = await verify(history.storeId);
    expect(pending.problem).toBeNull();
    expect(pending.notYetSealed).toBe(1);

    await sealActivity(handle.db, { lagSeconds: 0 });
    await writeCheckpoints(handle.db, checkpointDir, key);
    const resealed = await verify(history.storeId);
    expect(resealed).toMatchObject({ problem: null, verifiedRows: 9, notYetSealed: 0 });
    expect(late.id).toBeTruthy();
  });

  it("a seal pass that commits while a check runs is not damage", async () => {
    const { storeId } = await sealedHistory();
    const system = systemContext(storeId);
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 5; i++)
        await logEvent(handle.db, system, "order.note_added", { note: `n${i}` }, {});
      // The check and the pass interleave query by query: the pass may commit its entry before,
      // during or after any of the check's reads.
      const pause = async (steps: number) => {
        for (let step = 0; step < steps; step++) await handle.db.execute(sql`select 1`);
      };
      const [result] = await Promise.all([
        pause(round).then(() => verifyStore(handle.db, storeId)),
        sealActivity(handle.db, { lagSeconds: 0 }),
      ]);
      expect(result.problem, `round ${round}`).toBeNull();
    }
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
  });

  it("a second seal pass adds nothing", async () => {
    await sealedHistory();
    await sealActivity(handle.db, { lagSeconds: 0 });
    const again = await sealActivity(handle.db, { lagSeconds: 0 });
    expect(again.sealed).toBe(0);
  });
});

describe("tampering by a superuser is detected, naming the row", () => {
  const columnEdits: [string, (id: string) => string][] = [
    ["message", (id) => `update activity_log set message = 'Refunded £43.00' where id = '${id}'`],
    ["event_type", (id) => `update activity_log set event_type = 'order.refunded' where id = '${id}'`],
    [
      "occurred_at",
      (id) => `update activity_log set occurred_at = occurred_at - interval '1 year' where id = '${id}'`,
    ],
    [
      "occurred_at by one microsecond",
      (id) =>
        `update activity_log set occurred_at = occurred_at + interval '1 microsecond' where id = '${id}'`,
    ],
    [
      "inserted_at",
      (id) => `update activity_log set inserted_at = inserted_at - interval '1 day' where id = '${id}'`,
    ],
    [
      "payload",
      (id) =>
        `update activity_log set payload = payload || '{"reason": "customer asked"}' where id = '${id}'`,
    ],
    ["level", (id) => `update activity_log set level = 'info' where id = '${id}'`],
    ["actor_label", (id) => `update activity_log set actor_label = 'Olivia Owner' where id = '${id}'`],
    [
      "actor_type and actor_id",
      (id) => `update activity_log set actor_type = 'user', actor_id = 'someone' where id = '${id}'`,
    ],
    [
      "entity",
      (id) => `update activity_log set entity_type = 'product', entity_id = 'p-1' where id = '${id}'`,
    ],
    ["order_id", (id) => `update activity_log set order_id = '${uuidv7()}' where id = '${id}'`],
    ["dedupe_key", (id) => `update activity_log set dedupe_key = 'order-created:forged' where id = '${id}'`],
    ["visibility", (id) => `update activity_log set visibility = 'customer' where id = '${id}'`],
    ["source", (id) => `update activity_log set source = 'api' where id = '${id}'`],
    ["correlation_id", (id) => `update activity_log set correlation_id = 'c-1' where id = '${id}'`],
    ["ip_address", (id) => `update activity_log set ip_address = '198.51.100.1' where id = '${id}'`],
    ["user_agent", (id) => `update activity_log set user_agent = 'curl/8' where id = '${id}'`],
    ["seal_salt", (id) => `update activity_log set seal_salt = gen_random_uuid() where id = '${id}'`],
  ];
  for (const [column, edit] of columnEdits) {
    it(`${column} changed`, async () => {
      const { storeId, ids, warning } = await sealedHistory();
      const target =
        column.startsWith("ip") || column.startsWith("user_agent")
          ? ids[4]!
          : column === "level"
            ? warning
            : ids[2]!;
      await tamper(handle.db, edit(target));
      await expectDetected(storeId, "hash mismatch", target);
    });
  }

  it("a personal payload field (the customer's email) changed", async () => {
    const { storeId, confirmation } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set payload = '{"to": "attacker@example.com"}' where id = '${confirmation}'`,
    );
    await expectDetected(storeId, "hash mismatch", confirmation);
  });

  it("the changes of a staff edit changed", async () => {
    const { storeId, staffNote } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set changes = '{"city": {"old": "Leeds", "new": "Hull"}}' where id = '${staffNote}'`,
    );
    await expectDetected(storeId, "hash mismatch", staffNote);
  });

  it("store_id changed: the row moved to another store", async () => {
    const { storeId, ids } = await sealedHistory();
    const other = await createStore(handle.db);
    await tamper(handle.db, `update activity_log set store_id = '${other}' where id = '${ids[3]}'`);
    await expectDetected(storeId, "hash mismatch", ids[3]!);
  });

  for (const [which, index] of [
    ["a middle", 3],
    ["the oldest", 0],
    ["the newest", 7],
  ] as const) {
    it(`${which} row deleted`, async () => {
      const { storeId, ids } = await sealedHistory();
      await tamper(handle.db, `delete from activity_log where id = '${ids[index]}'`);
      const problem = await expectDetected(storeId, "missing row", ids[index]!);
      expect(problem.detail).toMatch(/gone/);
    });
  }

  it("a back-dated row forged among sealed ones", async () => {
    const { storeId, ids } = await sealedHistory();
    const forged = uuidv7();
    await tamper(
      handle.db,
      `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_id, actor_label, source, payload, occurred_at, inserted_at)
       select '${forged}', store_id, 'auth.login_succeeded', 'info', 'owner@example.com signed in', 'user', actor_id, 'Olivia Owner', 'admin',
              '{"email": "owner@example.com"}', occurred_at - interval '1 second', inserted_at
       from activity_log where id = '${ids[4]}'`,
    );
    const problem = await expectDetected(storeId, "unsealed forged row", forged);
    expect(problem.eventType).toBe("auth.login_succeeded");
  });

  it("two rows swapped (their occurred_at exchanged)", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log a set occurred_at = b.occurred_at from activity_log b
       where (a.id, b.id) in (('${ids[5]}', '${ids[6]}'), ('${ids[6]}', '${ids[5]}'))`,
    );
    await expectDetected(storeId, "hash mismatch", ids[5]!);
  });

  it("two rows swapped (their ids exchanged)", async () => {
    const { storeId, ids } = await sealedHistory();
    const spare = uuidv7();
    await tamper(
      handle.db,
      `update activity_log set id = '${spare}' where id = '${ids[5]}';
       update activity_log set id = '${ids[5]}' where id = '${ids[6]}';
       update activity_log set id = '${ids[6]}' where id = '${spare}'`,
    );
    await expectDetected(storeId, "hash mismatch", ids[5]!);
  });

  it("a resolution's note changed", async () => {
    const { storeId, warning } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set resolution_note = 'never happened' where id = '${warning}'`,
    );
    await expectDetected(storeId, "resolution changed", warning);
  });

  it("a resolution re-dated and re-assigned", async () => {
    const { storeId, warning } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set resolved_at = resolved_at - interval '2 days', resolved_by = '${uuidv7()}' where id = '${warning}'`,
    );
    await expectDetected(storeId, "resolution changed", warning);
  });

  it("a resolution removed (un-resolved)", async () => {
    const { storeId, warning } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set resolved_at = null, resolved_by = null, resolution_note = null where id = '${warning}'`,
    );
    const problem = await expectDetected(storeId, "resolution changed", warning);
    expect(problem.detail).toMatch(/removed/);
  });

  it("a resolution forged in the past of the seal", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set resolved_at = inserted_at, resolution_note = 'fine' where id = '${ids[6]}'`,
    );
    await expectDetected(storeId, "resolution changed", ids[6]!);
  });

  it("a seal entry deleted", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(handle.db, `delete from activity_seals where store_id = '${storeId}' and seq = 1`);
    await expectDetected(storeId, "seal table edited", ids[0]!);
  });

  it("a seal record's hash rewritten to match an edited row", async () => {
    const { storeId, ids } = await sealedHistory();
    // Entry 1 seals ids[0..2] (records 0–2) and the warning's resolution; a record's hash is its last 32 bytes.
    await tamper(
      handle.db,
      `update activity_log set message = 'Refunded' where id = '${ids[2]}';
       update activity_seals set manifest = overlay(manifest placing decode(repeat('00', 32), 'hex') from 2 * 65 + 34 for 32)
         where store_id = '${storeId}' and seq = 1`,
    );
    await expectDetected(storeId, "seal table edited", ids[2]!);
  });

  it("a seal record's hash rewritten alone", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_seals set manifest = overlay(manifest placing decode(repeat('00', 32), 'hex') from 1 * 65 + 34 for 32)
         where store_id = '${storeId}' and seq = 2`,
    );
    await expectDetected(storeId, "seal table edited", ids[4]!);
  });

  it("a seal record removed from its entry", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_seals set manifest = overlay(manifest placing '' from 65 + 1 for 65), records = records - 1
         where store_id = '${storeId}' and seq = 2`,
    );
    await expectDetected(storeId, "seal table edited", ids[4]!);
  });

  it("two seal entries reordered", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_seals set seq = -1 where store_id = '${storeId}' and seq = 1;
       update activity_seals set seq = 1 where store_id = '${storeId}' and seq = 2;
       update activity_seals set seq = 2 where store_id = '${storeId}' and seq = -1`,
    );
    await expectDetected(storeId, "seal table edited", ids[3]!);
  });

  it("the newest row deleted with its seal entry", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `delete from activity_log where id = '${ids[7]}';
       delete from activity_seals where store_id = '${storeId}' and seq = 2`,
    );
    const problem = await expectDetected(storeId, "missing row", null);
    expect(problem.detail).toMatch(/newest sealed entries were removed/);
  });

  it("the chain's head deleted", async () => {
    const { storeId } = await sealedHistory();
    await tamper(
      handle.db,
      `create table saved_head as select * from activity_seal_heads where store_id = '${storeId}';
       delete from activity_seal_heads where store_id = '${storeId}'`,
    );
    const problem = await expectDetected(storeId, "seal table edited", null);
    expect(problem.detail).toMatch(/no head/);
    // Put it back: seal passes over every store would otherwise stop at this one.
    await tamper(
      handle.db,
      `insert into activity_seal_heads select * from saved_head;
       drop table saved_head`,
    );
  });

  it("the chain's head rewound, its entries kept", async () => {
    const { storeId } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_seal_heads h set seq = s.seq, chain_hash = s.chain_hash
         from activity_seals s where h.store_id = '${storeId}' and s.store_id = h.store_id and s.seq = 1`,
    );
    const problem = await expectDetected(storeId, "seal table edited", null);
    expect(problem.detail).toMatch(/behind its last entry 2/);
    await tamper(
      handle.db,
      `update activity_seal_heads h set seq = s.seq, chain_hash = s.chain_hash
         from activity_seals s where h.store_id = '${storeId}' and s.store_id = h.store_id and s.seq = 2`,
    );
    expect((await verify(storeId)).problem).toBeNull();
  });

  it("the tail truncated with its seal entries and the head rewound: the checkpoint names the row", async () => {
    const { storeId, ids } = await sealedHistory();
    // Entry 2 seals the second pass: ids[3..7].
    await tamper(
      handle.db,
      `delete from activity_log where id in ('${ids.slice(3).join("', '")}');
       delete from activity_seals where store_id = '${storeId}' and seq = 2;
       update activity_seal_heads h set seq = s.seq, chain_hash = s.chain_hash
         from activity_seals s where h.store_id = '${storeId}' and s.store_id = h.store_id and s.seq = 1`,
    );
    const problem = await expectDetected(storeId, "checkpoint mismatch", ids[7]!);
    expect(problem.detail).toMatch(/tail was cut off/);
    // Without the checkpoint the truncation is invisible: that is what checkpoints are for.
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
  });

  it("the whole chain rebuilt over an edited row: the checkpoint does not match", async () => {
    const { storeId, ids } = await sealedHistory();
    await tamper(
      handle.db,
      `update activity_log set message = 'Refunded £43.00', payload = '{"amount": 4300, "currency": "GBP"}', event_type = 'order.refunded' where id = '${ids[0]}';
       delete from activity_seals where store_id = '${storeId}';
       delete from activity_seal_heads where store_id = '${storeId}';
       update activity_seal_progress set sealed_through = '-infinity', sealed_id = null`,
    );
    // Resealed in passes of five rows, so that the rebuilt chain reaches the checkpoint's seq.
    while ((await sealActivity(handle.db, { lagSeconds: 0, batch: 5 })).sealed > 0);
    const problem = await expectDetected(storeId, "checkpoint mismatch", ids.at(-1)!);
    expect(problem.detail).toMatch(/does not match the checkpoint/);
  });

  it("a checkpoint line forged or removed from its file is refused or caught", async () => {
    const { storeId } = await sealedHistory();
    const file = checkpointFile(checkpointDir, storeId);
    const original = readFileSync(file, "utf8");
    const forged = JSON.parse(original.trim().split("\n").at(-1)!);
    writeFileSync(file, `${original}${JSON.stringify({ ...forged, seq: forged.seq - 1 })}\n`);
    await expect(latestCheckpoint(checkpointDir, storeId, key.publicKey)).rejects.toThrow(
      /signature does not verify/,
    );
    const other = generateKeyPairSync("ed25519");
    await expect(latestCheckpoint(checkpointDir, storeId, other.publicKey)).rejects.toThrow(
      /not this installation's/,
    );
    writeFileSync(file, original);
  });
});

describe("seal passes that stop inside one instant", () => {
  it("seal each row once, and an incremental check from the next entry sees them all", async () => {
    const storeId = await createStore(handle.db);
    const ids = await handle.db.transaction(async (tx) => {
      const written: string[] = [];
      // One transaction: every row shares its inserted_at.
      for (let i = 0; i < 6; i++)
        written.push(
          (await logEvent(tx, systemContext(storeId), "order.note_added", { note: `n${i}` }, {})).id,
        );
      return written;
    });
    await sealActivity(handle.db, { lagSeconds: 0 });
    const { records: before } = (
      await handle.query<{ records: string }>(
        `select count(*)::text as records from activity_seal_records where store_id = '${storeId}'`,
      )
    )[0]!;
    expect(before).toBe("6");
    const other = await createStore(handle.db);
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < 6; i++)
        await logEvent(tx, systemContext(other), "order.note_added", { note: `m${i}` }, {});
    });
    while ((await sealActivity(handle.db, { lagSeconds: 0, batch: 4 })).sealed > 0);
    const records = await handle.query<{ seq: string; n: string }>(
      `select seq::text, count(*)::text as n from activity_seal_records where store_id = '${other}' group by seq order by seq`,
    );
    expect(records.map((r) => Number(r.n))).toEqual([4, 2]);
    expect(await verifyStore(handle.db, other, { fromSeq: 2 })).toMatchObject({
      problem: null,
      verifiedRows: 2,
    });
    expect(await verifyStore(handle.db, other)).toMatchObject({ problem: null, verifiedRows: 6 });
    const [last] = await handle.query<{ activity_id: string }>(
      `select activity_id::text from activity_seal_records where store_id = '${other}' and seq = 2 order by position desc limit 1`,
    );
    await tamper(handle.db, `update activity_log set message = 'edited' where id = '${last!.activity_id}'`);
    expect((await verifyStore(handle.db, other, { fromSeq: 2 })).problem).toMatchObject({
      kind: "hash mismatch",
      activityId: last!.activity_id,
    });
    expect(ids).toHaveLength(6);
  });
});

describe("a chain longer than a page of entries", () => {
  it("verifies in seq order past entry 9 and past a page of 50, and names a missing entry there", async () => {
    const storeId = await createStore(handle.db);
    // A row and a pass at a time until the chain has 55 entries, so seq order differs from text
    // order ("10" < "2") and the verifier reads the chain in two pages.
    const entries = async () =>
      Number(
        (
          await handle.query<{ n: string }>(
            `select count(*)::text as n from activity_seals where store_id = '${storeId}'`,
          )
        )[0]!.n,
      );
    let written = 0;
    while ((await entries()) < 55 && written < 200) {
      await logEvent(handle.db, systemContext(storeId), "order.note_added", { note: `n${written}` }, {});
      written++;
      await sealActivity(handle.db, { lagSeconds: 0 });
    }
    while ((await sealActivity(handle.db, { lagSeconds: 0 })).sealed > 0);
    expect(await entries()).toBeGreaterThanOrEqual(55);
    expect(await verifyStore(handle.db, storeId)).toMatchObject({ problem: null, verifiedRows: written });

    await tamper(handle.db, `delete from activity_seals where store_id = '${storeId}' and seq = 52`);
    expect((await verifyStore(handle.db, storeId)).problem).toMatchObject({
      kind: "seal table edited",
      seq: 52,
    });
  });
});

describe("seal passes and open transactions", () => {
  it.runIf(process.env.DATABASE_URL)(
    "never seals past a transaction still open, and seals its rows once it commits",
    async () => {
      const storeId = await createStore(handle.db);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inFlight = "";
      const writer = handle.db.transaction(async (tx) => {
        inFlight = (await logEvent(tx, systemContext(storeId), "order.delivered", {}, {})).id;
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await logEvent(
        handle.db,
        systemContext(storeId),
        "order.note_added",
        { note: "after" },
        {},
      );
      await sealActivity(handle.db, { lagSeconds: 0 });
      const sealedIds = async () =>
        (
          await handle.query<{ activity_id: string }>(
            `select activity_id from activity_seal_records where store_id = '${storeId}'`,
          )
        ).map((r) => r.activity_id);
      // The later row is committed, but the pass stops before the open transaction began.
      expect(await sealedIds()).toEqual([]);
      release();
      await writer;
      await sealActivity(handle.db, { lagSeconds: 0 });
      expect(new Set(await sealedIds())).toEqual(new Set([inFlight, after.id]));
      expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
    },
  );
});
