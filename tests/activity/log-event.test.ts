import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, stores } from "@/db/schema";
import { ActivityWriteError, activityWriterHealth, logEvent, logEventStrict } from "@/lib/activity";
import { buildActivityRow } from "@/lib/activity/write/build-row";
import { GroupWriter } from "@/lib/activity/write/group-writer";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import {
  createStore,
  openUnreachableDatabase,
  rowById,
  rowsOfStore,
  staffContext,
  systemContext,
} from "@/tests/helpers/activity-fixtures";
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

const submissionFailure = {
  reason: "variant out of stock",
  attempt: 3,
  maxAttempts: 3,
  retryable: false,
  final: true,
};

describe("logEvent records every field", () => {
  it("stores the context, the options, the catalog's level and the rendered message", async () => {
    const storeId = await createStore(handle.db);
    const orderId = uuidv7();
    const userId = uuidv7();
    const occurredAt = new Date("2025-02-16T14:23:05.123Z");
    const changes = { address: { old: "1 Old Road", new: "2 New Road", label: "Shipping address" } };
    const before = Date.now();

    const result = await logEvent(
      handle.db,
      {
        storeId,
        actor: { type: "user", id: userId, label: "Ana" },
        source: "admin",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
        correlationId: "req_123",
      },
      "order.shipped",
      { carrier: "DHL", trackingNumber: "1Z999AA10123456784" },
      {
        orderId,
        entity: { type: "shipment", id: "shp_42" },
        occurredAt,
        changes,
        dedupeKey: "printify:shipment:shp_42",
        visibility: "internal",
      },
    );

    expect(result.status).toBe("written");
    const row = await rowById(handle.db, result.id);
    expect(row).toMatchObject({
      id: result.id,
      storeId,
      eventType: "order.shipped",
      level: "info",
      message: "Shipped via DHL — tracking: 1Z999AA10123456784",
      entityType: "shipment",
      entityId: "shp_42",
      orderId,
      actorType: "user",
      actorId: userId,
      actorLabel: "Ana",
      source: "admin",
      visibility: "internal",
      payload: { carrier: "DHL", trackingNumber: "1Z999AA10123456784" },
      changes,
      correlationId: "req_123",
      dedupeKey: "printify:shipment:shp_42",
      ipAddress: "203.0.113.7",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
    });
    expect(row!.occurredAt.toISOString()).toBe(occurredAt.toISOString());
    expect(row!.insertedAt).toBeInstanceOf(Date);
    expect(row!.insertedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(row!.insertedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it("fills defaults from the catalog: entity, visibility, payload defaults, occurred now", async () => {
    const storeId = await createStore(handle.db);
    const orderId = uuidv7();
    const before = Date.now();

    const created = await logEvent(
      handle.db,
      systemContext(storeId),
      "order.created",
      { amount: 4300, currency: "GBP" },
      { orderId },
    );
    const sync = await logEvent(handle.db, systemContext(storeId), "sync.failed", { reason: "timeout" });

    const createdRow = await rowById(handle.db, created.id);
    expect(createdRow).toMatchObject({
      eventType: "order.created",
      level: "info",
      message: "Order placed — £43.00 via Stripe",
      entityType: "order",
      entityId: orderId,
      orderId,
      visibility: "customer",
      payload: { amount: 4300, currency: "GBP", via: "Stripe" },
      actorType: "system",
      actorId: null,
      actorLabel: "Storyline",
      source: "system",
      changes: null,
      correlationId: null,
      dedupeKey: null,
      ipAddress: null,
      userAgent: null,
    });
    expect(createdRow!.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(createdRow!.occurredAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);

    expect(await rowById(handle.db, sync.id)).toMatchObject({
      level: "error",
      message: "Product sync with Printify failed: timeout",
      entityType: "sync",
      entityId: null,
      orderId: null,
      visibility: "internal",
      payload: { provider: "Printify", reason: "timeout" },
    });
  });

  it("takes the level from the catalog, including a level that depends on the payload", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const levels = async (...results: { id: string }[]) =>
      Promise.all(results.map(async (r) => (await rowById(handle.db, r.id))?.level));

    const final = await logEvent(handle.db, activity, "order.submission_failed", submissionFailure, {
      orderId,
    });
    const retryable = await logEvent(
      handle.db,
      activity,
      "order.submission_failed",
      { ...submissionFailure, attempt: 1, retryable: true, final: false },
      { orderId },
    );
    const info = await logEvent(handle.db, activity, "order.delivered", {}, { orderId });
    const warning = await logEvent(handle.db, activity, "order.payment_failed", { reason: "card declined" });
    const error = await logEvent(handle.db, activity, "order.email.failed", {
      email: "shipping",
      to: "customer@example.com",
      reason: "SMTP timeout",
    });

    expect(await levels(final, retryable, info, warning, error)).toEqual([
      "error",
      "warning",
      "info",
      "warning",
      "error",
    ]);
    expect((await rowById(handle.db, final.id))?.message).toBe(
      "Submission to Printify failed: variant out of stock",
    );
    expect((await rowById(handle.db, error.id))?.message).toBe(
      "Could not send the shipping email: SMTP timeout",
    );
  });

  it("renders templates that use the actor's label", async () => {
    const storeId = await createStore(handle.db);
    const result = await logEvent(
      handle.db,
      staffContext(storeId, uuidv7(), "Ana"),
      "order.note_added",
      { note: "customer asked for gift wrap" },
      { orderId: uuidv7() },
    );
    expect((await rowById(handle.db, result.id))?.message).toBe("Ana: customer asked for gift wrap");
  });
});

describe("dedupe keys", () => {
  it("writes nothing for a repeated key and reports it as a duplicate, not an error", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const first = await logEvent(
      handle.db,
      activity,
      "order.refunded",
      { amount: 1200, currency: "GBP" },
      { orderId, dedupeKey: "stripe:evt_1" },
    );
    const again = await logEvent(
      handle.db,
      activity,
      "order.refunded",
      { amount: 9900, currency: "GBP" },
      { orderId, dedupeKey: "stripe:evt_1" },
    );
    const strict = await logEventStrict(
      handle.db,
      activity,
      "order.refunded",
      { amount: 1, currency: "GBP" },
      { orderId, dedupeKey: "stripe:evt_1" },
    );

    expect(first.status).toBe("written");
    expect(again.status).toBe("duplicate");
    expect(strict.status).toBe("duplicate");
    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows.map((r) => r.id)).toEqual([first.id]);
    expect(rows[0]!.message).toBe("Refunded £12.00");
  });

  it("keeps one row when the same key is logged concurrently (one batch)", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, attempt) =>
        logEvent(
          handle.db,
          activity,
          "order.submission_retried",
          { attempt: attempt + 1, maxAttempts: 10 },
          { dedupeKey: "job:42:retry" },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "written")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(9);
    const rows = await rowsOfStore(handle.db, storeId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(results.find((r) => r.status === "written")!.id);
  });

  it("treats a repeated key inside a transaction as a duplicate too", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    await logEvent(handle.db, activity, "sync.started", {}, { dedupeKey: "sync:1:start" });
    const inTx = await handle.db.transaction((tx) =>
      logEvent(tx, activity, "sync.started", {}, { dedupeKey: "sync:1:start" }),
    );
    expect(inTx.status).toBe("duplicate");
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(1);
  });

  it("allows the same key in another store", async () => {
    const storeA = await createStore(handle.db);
    const storeB = await createStore(handle.db);
    const a = await logEvent(handle.db, systemContext(storeA), "sync.started", {}, { dedupeKey: "k" });
    const b = await logEvent(handle.db, systemContext(storeB), "sync.started", {}, { dedupeKey: "k" });
    expect([a.status, b.status]).toEqual(["written", "written"]);
    expect(await rowsOfStore(handle.db, storeA)).toHaveLength(1);
    expect(await rowsOfStore(handle.db, storeB)).toHaveLength(1);
  });
});

describe("inside the caller's transaction", () => {
  it("commits with the transaction", async () => {
    const storeId = await createStore(handle.db);
    const orderId = uuidv7();
    const result = await handle.db.transaction(async (tx) => {
      await tx.update(stores).set({ name: "Renamed in tx" }).where(eq(stores.id, storeId));
      return logEvent(tx, systemContext(storeId), "order.delivered", {}, { orderId });
    });
    expect(result.status).toBe("written");
    expect(await rowById(handle.db, result.id)).toMatchObject({ storeId, orderId });
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.name).toBe("Renamed in tx");
  });

  it("disappears when the transaction rolls back", async () => {
    const storeId = await createStore(handle.db);
    let logged: { id: string; status: string } | undefined;
    await expect(
      handle.db.transaction(async (tx) => {
        logged = await logEvent(tx, systemContext(storeId), "order.delivered", {}, { orderId: uuidv7() });
        expect(await rowById(tx, logged.id)).toBeDefined();
        throw new Error("business step failed");
      }),
    ).rejects.toThrow("business step failed");
    expect(logged?.status).toBe("written");
    expect(await rowById(handle.db, logged!.id)).toBeUndefined();
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(0);
  });

  it("records a row Postgres refuses (NUL in jsonb) sanitised, without aborting the caller's transaction", async () => {
    const storeId = await createStore(handle.db);
    const sanitizedBefore = activityWriterHealth().sanitized;
    const result = await handle.db.transaction(async (tx) => {
      await tx.update(stores).set({ name: "before the event" }).where(eq(stores.id, storeId));
      const logged = await logEvent(
        tx,
        staffContext(storeId, uuidv7()),
        "order.note_added",
        { note: "gift\u0000wrap" },
        { orderId: uuidv7() },
      );
      // The transaction is still usable: later statements run and commit.
      await tx.update(stores).set({ name: "after the event" }).where(eq(stores.id, storeId));
      await tx.insert(stores).values({ slug: `t-${storeId.slice(-12)}`, name: "Created after the event" });
      return logged;
    });

    expect(result.status).toBe("written");
    const row = await rowById(handle.db, result.id);
    expect(row?.payload).toEqual({ note: "giftwrap" });
    expect(row?.message).toBe("Ana: giftwrap");
    expect(activityWriterHealth().sanitized).toBe(sanitizedBefore + 1);
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.name).toBe("after the event");
    const created = await handle.db
      .select()
      .from(stores)
      .where(eq(stores.slug, `t-${storeId.slice(-12)}`));
    expect(created).toHaveLength(1);
  });

  it("outside a transaction, sanitises only the refused row of a batch", async () => {
    const storeId = await createStore(handle.db);
    const activity = staffContext(storeId, uuidv7());
    const [clean, dirty] = await Promise.all([
      logEvent(handle.db, activity, "order.note_added", { note: "clean\u2713" }),
      logEvent(handle.db, activity, "order.note_added", { note: "dir\u0000ty" }),
    ]);
    expect([clean.status, dirty.status]).toEqual(["written", "written"]);
    expect((await rowById(handle.db, clean.id))?.payload).toEqual({ note: "clean\u2713" });
    expect((await rowById(handle.db, dirty.id))?.payload).toEqual({ note: "dirty" });
  });
});

describe("invalid payloads at run time", () => {
  it("records the event flagged under payload.$invalid instead of dropping it", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const orderId = uuidv7();
    const invalidBefore = activityWriterHealth().invalidPayloads;

    const wrongType = await logEvent(handle.db, activity, "order.shipped", { carrier: 42 } as never, {
      orderId,
    });
    const dynamicLevel = await logEvent(
      handle.db,
      activity,
      "order.submission_failed",
      { final: "yes" } as never,
      {
        orderId,
      },
    );
    const unknown = await logEvent(handle.db, activity, "order.exploded" as never, { boom: true } as never, {
      orderId,
    });
    const missing = await logEvent(handle.db, activity, "order.cancelled", undefined as never, { orderId });

    expect([wrongType, dynamicLevel, unknown, missing].map((r) => r.status)).toEqual([
      "written",
      "written",
      "written",
      "written",
    ]);
    expect(activityWriterHealth().invalidPayloads).toBe(invalidBefore + 4);

    const shipped = await rowById(handle.db, wrongType.id);
    expect(shipped).toMatchObject({
      eventType: "order.shipped",
      level: "info",
      orderId,
      message: "Shipped (details did not match the expected shape)",
      payload: { $invalid: { raw: { carrier: 42 } } },
    });
    const reason = (shipped!.payload.$invalid as { reason: string }).reason;
    expect(reason).toMatch(/carrier/);
    expect(reason).toMatch(/trackingNumber/);

    expect(await rowById(handle.db, dynamicLevel.id)).toMatchObject({
      eventType: "order.submission_failed",
      level: "warning",
      payload: { $invalid: { raw: { final: "yes" } } },
    });
    expect(await rowById(handle.db, unknown.id)).toMatchObject({
      eventType: "order.exploded",
      level: "warning",
      message: "order.exploded (unknown event type)",
      payload: { $invalid: { reason: 'unknown event type "order.exploded"', raw: { boom: true } } },
    });
    expect(await rowById(handle.db, missing.id)).toMatchObject({
      eventType: "order.cancelled",
      payload: { $invalid: { raw: null } },
    });
  });

  it("logEventStrict throws ActivityWriteError for an invalid payload and writes nothing", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    await expect(
      logEventStrict(handle.db, activity, "order.shipped", { carrier: 42 } as never),
    ).rejects.toThrow(ActivityWriteError);
    await expect(
      logEventStrict(handle.db, activity, "order.exploded" as never, {} as never),
    ).rejects.toBeInstanceOf(ActivityWriteError);
    expect(await rowsOfStore(handle.db, storeId)).toHaveLength(0);

    const ok = await logEventStrict(handle.db, activity, "order.delivered", {}, { orderId: uuidv7() });
    expect(ok.status).toBe("written");
    expect(await rowById(handle.db, ok.id)).toBeDefined();
  });
});

describe("logEventStrict on a dead database", () => {
  let dead: DatabaseHandle;
  beforeAll(async () => {
    dead = await openUnreachableDatabase(handle.url);
  });
  afterAll(async () => {
    await dead?.close().catch(() => {});
  });

  it("throws ActivityWriteError (and does not spool)", async () => {
    const backlog = activityWriterHealth().backlog;
    const error = await logEventStrict(dead.db, systemContext(uuidv7()), "sync.started", {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActivityWriteError);
    expect((error as ActivityWriteError).eventType).toBe("sync.started");
    expect(activityWriterHealth().backlog).toBe(backlog);
  });
});

describe("group commit", () => {
  it("writes 200 concurrent calls outside a transaction, every one written", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        logEvent(handle.db, activity, "order.note_added", { note: `note ${i}` }, { orderId: uuidv7() }),
      ),
    );
    expect(results.every((r) => r.status === "written")).toBe(true);
    expect(new Set(results.map((r) => r.id)).size).toBe(200);
    const rows = await handle.db
      .select({ id: activityLog.id })
      .from(activityLog)
      .where(eq(activityLog.storeId, storeId));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(results.map((r) => r.id)));
  });

  it("shares a burst out over the free connections: 64 calls with two free go as two statements of 32, 63 with three as three of 21", async () => {
    const storeId = await createStore(handle.db);
    const activity = systemContext(storeId);
    const writer = new GroupWriter(handle.db, 2);
    const rows = Array.from(
      { length: 64 },
      (_, i) =>
        buildActivityRow(activity, "order.note_added", { note: `burst ${i}` }, { orderId: uuidv7() }).row,
    );
    const statuses = await Promise.all(rows.map((row) => writer.write(row)));
    expect(statuses.every((s) => s === "written")).toBe(true);
    // One statement is one transaction, and every row of a transaction has its start as inserted_at.
    const groups = await handle.query<{ n: number }>(
      "select count(*)::int as n from activity_log where store_id = $1 group by inserted_at order by inserted_at",
      [storeId],
    );
    expect(groups.map((g) => g.n)).toEqual([32, 32]);

    // Three free connections: three statements of 21.
    const three = new GroupWriter(handle.db, 3);
    const more = Array.from(
      { length: 63 },
      (_, i) =>
        buildActivityRow(activity, "order.note_added", { note: `burst of three ${i}` }, { orderId: uuidv7() })
          .row,
    );
    expect((await Promise.all(more.map((row) => three.write(row)))).every((s) => s === "written")).toBe(true);
    const threeGroups = await handle.query<{ n: number }>(
      "select count(*)::int as n from activity_log where store_id = $1 and payload->>'note' like 'burst of three %' group by inserted_at",
      [storeId],
    );
    expect(threeGroups.map((g) => g.n)).toEqual([21, 21, 21]);
  });
});
