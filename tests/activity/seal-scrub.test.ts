import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logEvent } from "@/lib/activity";
import { REDACTED, scrubbedRowForm } from "@/lib/activity/seal/scrub-row";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { readSealedRows, type SealedRow } from "@/lib/activity/seal/sealed-row";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import { createStore, staffContext, systemContext } from "@/tests/helpers/activity-fixtures";
import { tamper } from "@/tests/helpers/tamper";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

async function readRow(id: string): Promise<SealedRow> {
  const [row] = await readSealedRows(handle.db, { where: sql`a.id = ${id}` });
  return row!;
}

/** Scrubs a row the way the retention job will: the stored form from `scrubbedRowForm`. */
async function scrub(id: string, message?: string) {
  const form = scrubbedRowForm(await readRow(id), message);
  await tamper(handle.db, (tx) =>
    tx.execute(sql`update activity_log set message = ${form.message}, payload = ${JSON.stringify(form.payload)}::jsonb,
      changes = null, ip_address = null, user_agent = null, redactions = ${JSON.stringify(form.redactions)}::jsonb,
      seal_salt = null, redacted_at = now() where id = ${id}`),
  );
}

async function sealedStory() {
  const storeId = await createStore(handle.db);
  const orderId = uuidv7();
  const confirmation = await logEvent(
    handle.db,
    systemContext(storeId),
    "order.email.confirmation_sent",
    { to: "customer@example.com" },
    { orderId },
  );
  const login = await logEvent(
    handle.db,
    {
      ...staffContext(storeId, uuidv7(), "Olivia Owner"),
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0 (Test)",
    },
    "auth.login_succeeded",
    { email: "owner@example.com" },
  );
  const delivered = await logEvent(handle.db, systemContext(storeId), "order.delivered", {}, { orderId });
  await sealActivity(handle.db, { lagSeconds: 0 });
  return { storeId, confirmation: confirmation.id, login: login.id, delivered: delivered.id };
}

describe("a sealed row scrubbed of its personal data", () => {
  it("keeps its commitments, loses its salt and values, and the history still verifies", async () => {
    const { storeId, confirmation, login } = await sealedStory();
    await scrub(confirmation, "Order confirmation sent to the customer");
    await scrub(login);
    // Verifies before the next seal pass (the scrub is not sealed yet, and not yet late)…
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
    const pass = await sealActivity(handle.db, { lagSeconds: 0 });
    expect(pass.sealed).toBe(2); // one redaction entry per scrubbed row
    // …and after it, every entry checked.
    expect(await verifyStore(handle.db, storeId)).toMatchObject({
      problem: null,
      verifiedRows: 3,
      verifiedEntries: 5,
    });

    const scrubbed = await readRow(confirmation);
    expect(scrubbed).toMatchObject({
      message: "Order confirmation sent to the customer",
      payload: { to: REDACTED },
      seal_salt: null,
    });
    // Commitments to what the row held: its message and the customer's email (it had no IP).
    expect(Object.keys(scrubbed.redactions!).sort()).toEqual(["message", "payload.to"]);
    expect(Object.keys((await readRow(login)).redactions!).sort()).toEqual([
      "ip_address",
      "message",
      "payload.email",
      "user_agent",
    ]);
    const bytes = await handle.query<{ text: string }>(
      `select a::text as text from activity_log a where a.store_id = '${storeId}'`,
    );
    const all = bytes.map((b) => b.text).join("\n");
    for (const personal of ["customer@example.com", "owner@example.com", "203.0.113.7", "Mozilla/5.0"])
      expect(all).not.toContain(personal);
  });

  it("a scrubbed row's message edited afterwards is detected", async () => {
    const { storeId, confirmation } = await sealedStory();
    await scrub(confirmation, "Order confirmation sent to the customer");
    await sealActivity(handle.db, { lagSeconds: 0 });
    await tamper(handle.db, (tx) =>
      tx.execute(
        sql`update activity_log set message = 'Refund sent to the customer' where id = ${confirmation}`,
      ),
    );
    const { problem } = await verifyStore(handle.db, storeId);
    expect(problem).toMatchObject({ kind: "hash mismatch", activityId: confirmation });
  });

  it("a scrubbed row's kept commitment edited is detected", async () => {
    const { storeId, login } = await sealedStory();
    await scrub(login);
    await sealActivity(handle.db, { lagSeconds: 0 });
    await tamper(handle.db, (tx) =>
      tx.execute(
        sql`update activity_log set redactions = redactions || jsonb_build_object('payload.email', repeat('0', 64)) where id = ${login}`,
      ),
    );
    const { problem } = await verifyStore(handle.db, storeId);
    expect(problem).toMatchObject({ kind: "hash mismatch", activityId: login });
  });

  it("a scrubbed row's other columns edited afterwards are detected", async () => {
    const { storeId, confirmation } = await sealedStory();
    await scrub(confirmation);
    await sealActivity(handle.db, { lagSeconds: 0 });
    await tamper(handle.db, (tx) =>
      tx.execute(
        sql`update activity_log set occurred_at = occurred_at - interval '1 day' where id = ${confirmation}`,
      ),
    );
    expect((await verifyStore(handle.db, storeId)).problem).toMatchObject({
      kind: "hash mismatch",
      activityId: confirmation,
    });
  });

  it("a value put back under a scrubbed row's redaction marker is detected", async () => {
    const { storeId, confirmation } = await sealedStory();
    await scrub(confirmation);
    await sealActivity(handle.db, { lagSeconds: 0 });
    await tamper(handle.db, (tx) =>
      tx.execute(
        sql`update activity_log set payload = '{"to": "someone@example.com"}' where id = ${confirmation}`,
      ),
    );
    expect((await verifyStore(handle.db, storeId)).problem).toMatchObject({ activityId: confirmation });
  });

  it("a row scrubbed before its first seal pass is sealed in its scrubbed form", async () => {
    const storeId = await createStore(handle.db);
    const { id } = await logEvent(handle.db, systemContext(storeId), "member.removed", {
      email: "former@example.com",
    });
    await scrub(id);
    await sealActivity(handle.db, { lagSeconds: 0 });
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
  });
});
