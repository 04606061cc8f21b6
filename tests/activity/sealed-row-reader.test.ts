import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealBinary, sealBinaryOfText, sealHash } from "@/lib/activity/seal/seal-forms";
import {
  readSealedPage,
  readSealedRows,
  type SealedRow,
  sealedTimeColumns,
  sealedValueColumns,
} from "@/lib/activity/seal/sealed-row";
import { isoMicros, queryRows } from "@/lib/platform/db/query-rows";
import { createStore } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

/**
 * The seal reads rows as one text a page (`readSealedPage`); what it hashes must be exactly
 * what the column-by-column read gives, for every kind of value a row can hold — or a sealed
 * history would stop verifying the day the reader changed.
 */
/** The reference: every column by itself, the timestamps as the seal's exact text in SQL. */
const sealedRowColumns = () =>
  sql.raw(
    [
      ...sealedValueColumns.map((name) => `a.${name}`),
      ...sealedTimeColumns.map((name) => `${isoMicros(`a.${name}`)} as ${name}`),
    ].join(", "),
  );

let handle: TestDatabase;
let storeId: string;

beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" });
  storeId = await createStore(handle.db);
  const insert = (values: {
    occurredAt: string;
    message: string;
    payload: string;
    changes?: string | null;
    ip?: string | null;
    agent?: string | null;
    resolvedAt?: string | null;
    redactions?: string | null;
    redactedAt?: string | null;
  }) =>
    handle.db.execute(sql`insert into activity_log (id, store_id, event_type, level, message, entity_type, order_id,
        actor_type, actor_label, source, payload, changes, ip_address, user_agent, occurred_at, inserted_at,
        resolved_at, resolved_by, resolution_note, seal_salt, redactions, redacted_at)
      values (${uuidv7()}, ${storeId}, 'order.email.confirmation_sent', 'info', ${values.message}, 'order', ${uuidv7()},
        'system', 'Storyline', 'system', ${values.payload}::jsonb, ${values.changes ?? null}::jsonb, ${values.ip ?? null},
        ${values.agent ?? null}, ${values.occurredAt}::timestamptz, ${values.occurredAt}::timestamptz,
        ${values.resolvedAt ?? null}::timestamptz, ${values.resolvedAt ? uuidv7() : null},
        ${values.resolvedAt ? "Resolved automatically." : null}, ${values.redactions ? null : uuidv7()},
        ${values.redactions ?? null}::jsonb, ${values.redactedAt ?? null}::timestamptz)`);
  await insert({
    occurredAt: "2026-01-02T03:04:05Z",
    message: "whole second",
    payload: `{"to":"a@example.com"}`,
  });
  await insert({
    occurredAt: "2026-01-02T03:04:05.1Z",
    message: "a tenth",
    payload: `{"amount":1.50,"big":1e21}`,
  });
  await insert({
    occurredAt: "2026-01-02T03:04:05.000001Z",
    message: `quotes " \\ and
a new line, é, 😀, \u0001`,
    payload: `{"nested":{"b":[1,null,{"é":"x"}],"a":"\\u0001 and \\\\u0000 as text"}}`,
    changes: `{"city":{"old":"Leeds","new":"York"}}`,
    ip: "203.0.113.7",
    agent: "Mozilla/5.0 (X11; Linux x86_64)",
    resolvedAt: "2026-01-03T00:00:00.12Z",
  });
  await insert({
    occurredAt: "1999-12-31T23:59:59.999999Z",
    message: "Order confirmation sent to the customer",
    payload: `{"to":"[removed]"}`,
    redactions: `{"message":"${"a".repeat(64)}","payload.to":"${"b".repeat(64)}"}`,
    redactedAt: "2026-02-01T00:00:00.5Z",
  });
  await insert({
    occurredAt: "2026-03-04T05:06:07.654321Z",
    message: "a\ttab, a \\ backslash and \u2028 a line separator",
    payload: `{"to":"tab\\there@example.com","note":"\\"quoted\\"","n":-0.000001}`,
    changes: `"just a string"`,
    agent: "tab\tin the agent",
  });
  await insert({
    occurredAt: "2026-03-04T05:06:08Z",
    message: "a payload that is not an object",
    payload: `[1,"two",{"to":"x@example.com"}]`,
  });
}, 120_000);

afterAll(async () => {
  await handle?.dispose();
});

/** The store's rows, oldest first, as the seal's reader asks for them. */
const oldestFirst = () => ({
  where: sql`a.store_id = ${storeId}`,
  orderBy: sql`a.occurred_at, a.id`,
  ordered: true,
});

/** The same rows read column by column: the reference. */
const readByColumns = () =>
  queryRows<SealedRow>(
    handle.db,
    sql`select ${sealedRowColumns()} from activity_log a where a.store_id = ${storeId}
        order by a.occurred_at, a.id`,
  );

describe("reading sealed rows as one text a page", () => {
  it("gives exactly the rows the column-by-column read gives, in the order asked", async () => {
    const byColumns = await readByColumns();
    const byJson = await readSealedRows(handle.db, oldestFirst());
    expect(byColumns).toHaveLength(6);
    expect(byJson).toEqual(byColumns);
    for (const [index, row] of byJson.entries()) {
      expect(sealHash("row", row)).toBe(sealHash("row", byColumns[index]!));
      expect(sealHash("resolution", row)).toBe(sealHash("resolution", byColumns[index]!));
      expect(sealHash("redaction", row)).toBe(sealHash("redaction", byColumns[index]!));
    }
    expect(byJson.map((r) => r.occurred_at)).toEqual([
      "1999-12-31T23:59:59.999999Z",
      "2026-01-02T03:04:05.000000Z",
      "2026-01-02T03:04:05.000001Z",
      "2026-01-02T03:04:05.100000Z",
      "2026-03-04T05:06:07.654321Z",
      "2026-03-04T05:06:08.000000Z",
    ]);
  });

  it("hashes a row's form from its column texts exactly as from the parsed row", async () => {
    const byColumns = await readByColumns();
    const page = await readSealedPage(handle.db, oldestFirst());
    const texts = [...page.texts()];
    expect(texts.map((t) => t.id)).toEqual(byColumns.map((r) => r.id));
    for (const [index, text] of texts.entries()) {
      const row = byColumns[index]!;
      expect(text.row()).toEqual(row);
      expect(text.time("inserted_at")).toBe(row.inserted_at);
      expect(text.time("resolved_at")).toBe(row.resolved_at);
      for (const kind of ["row", "resolution", "redaction"] as const) {
        expect(sealBinaryOfText(kind, text), `${kind} of ${row.message}`).toBe(sealBinary(kind, row));
        expect(Buffer.from(sealBinary(kind, row), "latin1").toString("hex")).toBe(sealHash(kind, row));
      }
    }
    // A changed value changes the hash: the texts are hashed, not skipped.
    const edited = texts[4]!;
    const before = sealBinaryOfText("row", edited);
    edited.fields[4] = JSON.stringify("another message");
    expect(sealBinaryOfText("row", edited)).not.toBe(before);
  });

  it("pages with a limit, and reads nothing as an empty list", async () => {
    const page = await readSealedRows(handle.db, {
      where: sql`a.store_id = ${storeId}`,
      orderBy: sql`a.occurred_at desc, a.id desc`,
      limit: 2,
      ordered: true,
    });
    expect(page.map((r) => r.message)).toEqual([
      "a payload that is not an object",
      expect.stringContaining("a line separator"),
    ]);
    expect(await readSealedRows(handle.db, { where: sql`a.store_id = ${uuidv7()}` })).toEqual([]);
  });
});
