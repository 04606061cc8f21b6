import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityWriteError } from "@/lib/activity";
import { logExternalEventStrict } from "@/lib/activity/write/log-external-event";
import { createStore, rowById, rowsOfStore } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

const integration = (storeId: string) => ({
  storeId,
  actor: { type: "integration" as const, id: "key-1", label: "Invoicing" },
  source: "api" as const,
});

describe("logExternalEventStrict", () => {
  it("records a custom event with its own level, message and payload, and the context's envelope", async () => {
    const storeId = await createStore(handle.db);
    const result = await logExternalEventStrict(
      handle.db,
      integration(storeId),
      { type: "custom.invoice_sent", level: "warning", message: "Invoice 42 sent late", payload: { n: 42 } },
      { entity: { type: "invoice", id: "42" }, dedupeKey: "invoice:42" },
    );
    expect(result.status).toBe("written");
    expect(await rowById(handle.db, result.id)).toMatchObject({
      eventType: "custom.invoice_sent",
      level: "warning",
      message: "Invoice 42 sent late",
      payload: { n: 42 },
      entityType: "invoice",
      entityId: "42",
      actorType: "integration",
      actorLabel: "Invoicing",
      source: "api",
      visibility: "internal",
    });
    const again = await logExternalEventStrict(
      handle.db,
      integration(storeId),
      { type: "custom.invoice_sent", level: "info", message: "again", payload: {} },
      { dedupeKey: "invoice:42" },
    );
    expect(again.status).toBe("duplicate");
  });

  it("checks a catalog event's payload at run time and writes nothing when it fails", async () => {
    const storeId = await createStore(handle.db);
    await expect(
      logExternalEventStrict(handle.db, integration(storeId), { type: "sync.failed", payload: { nope: 1 } }),
    ).rejects.toBeInstanceOf(ActivityWriteError);
    expect(await rowsOfStore(handle.db, storeId)).toEqual([]);
  });
});
