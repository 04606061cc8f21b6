import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, orders, stores } from "@/db/schema";
import { catalog, type EventType, type PayloadInput } from "@/lib/activity";
import { applyRetention } from "@/lib/activity/retention/apply-retention";
import { scrubRow } from "@/lib/activity/retention/scrub-personal-data";
import { REDACTED, scrubbedRowForm } from "@/lib/activity/seal/scrub-row";
import { sealActivity } from "@/lib/activity/seal/seal-activity";
import { readSealedRows, type SealedRow } from "@/lib/activity/seal/sealed-row";
import { verifyStore } from "@/lib/activity/seal/verify-store";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { buildActivityRow, type LogOptions } from "@/lib/activity/write/build-row";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { adminActions } from "@/lib/http/actions/admin-actions";
import { createStore, systemContext } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";
import { sessionOf } from "../api/api-fixtures";

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
const DAY = 24 * 60 * 60 * 1000;
/** On a server the tests run as the app's role, which is not the table's owner. */
const onServer = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  handle = await createTestDatabase();
  spool = useTestSpool();
  await spool.spool.init();
});

afterAll(async () => {
  await handle?.dispose();
  spool?.cleanup();
});

const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** An event that happened and was recorded `days` ago (as an import or a spool replay writes it). */
async function agedEvent<T extends EventType>(
  activity: ActivityContext,
  type: T,
  payload: PayloadInput<T>,
  days: number,
  options: LogOptions = {},
): Promise<string> {
  const at = daysAgo(days);
  const { row } = buildActivityRow(activity, type, payload, { ...options, occurredAt: at });
  await handle.db.insert(activityLog).values({ ...row, insertedAt: at });
  return row.id;
}

async function readRow(id: string): Promise<SealedRow | undefined> {
  const [row] = await readSealedRows(handle.db, { where: sql`a.id = ${id}` });
  return row;
}

/** Every byte the store's log holds, as text. */
async function storeBytes(storeId: string): Promise<string> {
  const rows = await handle.query<{ text: string }>(
    "select a::text as text from activity_log a where a.store_id = $1",
    [storeId],
  );
  return rows.map((r) => r.text).join("\n");
}

async function storeWith(values: Partial<typeof stores.$inferInsert>) {
  const storeId = await createStore(handle.db);
  await handle.db.update(stores).set(values).where(eq(stores.id, storeId));
  return storeId;
}

async function orderOf(storeId: string, status: "delivered" | "in_production", finishedDaysAgo: number) {
  const [order] = await handle.db
    .insert(orders)
    .values({
      storeId,
      status,
      statusChangedAt: daysAgo(finishedDaysAgo),
      currency: "GBP",
      totalAmount: 4300,
      customerEmail: `buyer-${randomBytes(4).toString("hex")}@example.com`,
      customerName: "Robin Buyer",
      publicToken: randomBytes(24).toString("base64url"),
      placedAt: daysAgo(finishedDaysAgo + 5),
    })
    .returning();
  return order!;
}

const eventsOf = (storeId: string, type: string) =>
  handle.db
    .select()
    .from(activityLog)
    .where(sql`${activityLog.storeId} = ${storeId} and ${activityLog.eventType} = ${type}`);

describe("the personal-data scrub", () => {
  it("scrubs finished orders' and old events' personal data past the window, keeps the story, and the seal verifies", async () => {
    const storeId = await storeWith({ activityRetentionDays: 3650, personalDataDays: 30 });
    const stripe: ActivityContext = {
      storeId,
      actor: { type: "integration", label: "Stripe" },
      source: "webhook",
      ip: "54.187.174.169",
      userAgent: "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    };
    const ana: ActivityContext = {
      storeId,
      actor: { type: "user", id: null, label: "Ana" },
      source: "admin",
      ip: "203.0.113.9",
      userAgent: "Mozilla/5.0 (Retention test)",
    };
    const finished = await orderOf(storeId, "delivered", 40);
    const f = { orderId: finished.id };
    const created = await agedEvent(stripe, "order.created", { amount: 4300, currency: "GBP" }, 45, f);
    const confirmation = await agedEvent(
      systemContext(storeId),
      "order.email.confirmation_sent",
      { to: finished.customerEmail },
      45,
      f,
    );
    const updated = await agedEvent(ana, "order.updated", { summary: "the shipping address" }, 44, {
      ...f,
      changes: diffChanges({ city: "Leeds" }, { city: "Harrogate" }, { city: "City" }),
    });
    const shipped = await agedEvent(
      systemContext(storeId),
      "order.shipped",
      { carrier: "dhl", trackingNumber: "1Z999AA10123456784" },
      42,
      f,
    );
    const delivered = await agedEvent(systemContext(storeId), "order.delivered", {}, 40, f);
    const signIn = await agedEvent(ana, "auth.login_succeeded", { email: "ana.staff@example.com" }, 35);
    // Inside the window: an order still on its way, an order finished 10 days ago, a recent sign-in.
    const running = await orderOf(storeId, "in_production", 40);
    const runningMail = await agedEvent(
      systemContext(storeId),
      "order.email.confirmation_sent",
      { to: running.customerEmail },
      45,
      { orderId: running.id },
    );
    const recent = await orderOf(storeId, "delivered", 10);
    const recentMail = await agedEvent(
      systemContext(storeId),
      "order.email.confirmation_sent",
      { to: recent.customerEmail },
      15,
      { orderId: recent.id },
    );
    const recentSignIn = await agedEvent(ana, "auth.login_succeeded", { email: "ana.staff@example.com" }, 3);
    await sealActivity(handle.db, { lagSeconds: 0 });
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();

    const lines: string[] = [];
    const results = await applyRetention(handle.db, { scrubBatch: 2, progress: (l) => lines.push(l) });
    const mine = results.find((r) => r.storeId === storeId)!;
    expect(mine).toMatchObject({ removed: 0, scrubbed: 4 });
    // Progress as it went (batches of 2), then the total.
    expect(lines.filter((l) => l.includes("personal data scrubbed")).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/done — 0 removed, 4 scrubbed/);

    // The story stays: times, amounts, carriers, outcomes; the personal data is gone.
    expect(await readRow(created)).toMatchObject({
      message: "Order placed — £43.00 via Stripe",
      ip_address: null,
      user_agent: null,
      seal_salt: null,
    });
    expect(await readRow(confirmation)).toMatchObject({
      message: "Order confirmation sent to the customer",
      payload: { to: REDACTED },
    });
    expect(await readRow(updated)).toMatchObject({
      message: "Ana changed the shipping address",
      changes: null,
    });
    expect((await readRow(shipped))!.redacted_at).toBeNull(); // nothing personal in it
    expect((await readRow(shipped))!.message).toBe("Shipped via DHL — tracking: 1Z999AA10123456784");
    expect((await readRow(delivered))!.message).toBe("Delivered");
    expect(await readRow(signIn)).toMatchObject({
      message: "Someone signed in",
      payload: { email: REDACTED },
    });
    // Inside the window, untouched.
    for (const id of [runningMail, recentMail, recentSignIn])
      expect((await readRow(id))!.redacted_at).toBeNull();

    const bytes = await storeBytes(storeId);
    for (const gone of [finished.customerEmail, "54.187.174.169", "Stripe/1.0", "Harrogate", "Leeds"])
      expect(bytes).not.toContain(gone);
    expect(bytes).toContain(running.customerEmail);
    expect(bytes).toContain(recent.customerEmail);
    expect(bytes.split("ana.staff@example.com").length - 1).toBe(2); // the recent sign-in's payload and message

    // One record of the run, with its counts.
    const [applied] = await eventsOf(storeId, "activity.retention_applied");
    expect(applied).toMatchObject({
      actorLabel: "Retention",
      message: "Retention scrubbed the personal data of 4 events older than 30 days",
      payload: { removed: 0, scrubbed: 4, personalDataDays: 30, cutoff: null },
    });

    // The seal still verifies, before and after it seals the scrubs.
    expect((await verifyStore(handle.db, storeId)).problem).toBeNull();
    await sealActivity(handle.db, { lagSeconds: 0 });
    expect(await verifyStore(handle.db, storeId)).toMatchObject({ problem: null });

    // A second run finds nothing, and says nothing.
    const again = await applyRetention(handle.db, { progress: () => {} });
    expect(again.find((r) => r.storeId === storeId)).toMatchObject({ removed: 0, scrubbed: 0 });
    expect(await eventsOf(storeId, "activity.retention_applied")).toHaveLength(1);
  });

  it("the database refuses a scrub inside the window, a rewritten value, a stranger's erasure, and a second scrub", async () => {
    const storeId = await storeWith({ personalDataDays: 30 });
    const order = await orderOf(storeId, "delivered", 10);
    const young = await agedEvent(
      systemContext(storeId),
      "order.email.confirmation_sent",
      { to: order.customerEmail },
      12,
      { orderId: order.id },
    );
    const row = (await readRow(young))!;
    const form = scrubbedRowForm(row, "Order confirmation sent to the customer");
    const call = (payload: unknown, email: string | null, message = form.message) =>
      handle.query(
        "select activity_scrub_personal($1::uuid, $2::text, $3::jsonb, $4::jsonb, $5::text) as scrubbed",
        [young, message, JSON.stringify(payload), JSON.stringify(form.redactions), email],
      );
    await expect(call(form.payload, null)).rejects.toThrow(/inside its personal-data window/);
    await expect(call(form.payload, "someone.else@example.com")).rejects.toThrow(/not about that customer/);
    await expect(call({ to: "attacker@example.com" }, order.customerEmail)).rejects.toThrow(
      /only be removed, never rewritten/,
    );
    await expect(call({}, order.customerEmail)).rejects.toThrow(/keeps every field/);
    expect((await readRow(young))!.payload).toEqual({ to: order.customerEmail });

    // An erasure of this customer may; then the row is done.
    expect(await scrubRow(handle.db, row, { eraseEmail: order.customerEmail })).toBe(true);
    expect(await scrubRow(handle.db, row, { eraseEmail: order.customerEmail })).toBe(false);

    // The setting alone opens nothing for the app's role (on PGlite everyone is the owner).
    if (onServer) {
      const failure = await handle.db
        .transaction(async (tx) => {
          await tx.execute(sql`select set_config('storyline.activity_scrub', 'on', true)`);
          await tx.execute(sql`update activity_log set message = 'rewritten' where id = ${young}`);
        })
        .then(
          () => null,
          (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
        );
      expect(failure).toMatch(/append-only|permission denied/);
    }
  });
});

describe("retention", () => {
  it("removes expired events in bounded batches and records one retention_applied with the counts", async () => {
    const storeId = await storeWith({ activityRetentionDays: 30, personalDataDays: 3650 });
    const quiet = await storeWith({ activityRetentionDays: 30 });
    for (const days of [60, 50, 45, 40, 35])
      await agedEvent(systemContext(storeId), "sync.started", {}, days);
    const kept = await agedEvent(systemContext(storeId), "sync.started", {}, 10);

    const lines: string[] = [];
    const results = await applyRetention(handle.db, { purgeBatch: 2, progress: (l) => lines.push(l) });
    expect(results.find((r) => r.storeId === storeId)).toMatchObject({ removed: 5, scrubbed: 0 });
    expect(results.find((r) => r.storeId === quiet)).toMatchObject({ removed: 0, scrubbed: 0 });
    expect(lines.filter((l) => l.includes("expired events removed so far"))).toEqual([
      expect.stringMatching(/: 2 expired/),
      expect.stringMatching(/: 4 expired/),
      expect.stringMatching(/: 5 expired/),
    ]);
    expect(await readRow(kept)).toBeDefined();

    const [applied] = await eventsOf(storeId, "activity.retention_applied");
    const payload = applied!.payload as Record<string, string | number>;
    expect(payload).toMatchObject({ removed: 5, retentionDays: 30, scrubbed: 0 });
    expect(Math.abs(new Date(payload.oldest as string).getTime() - daysAgo(60).getTime())).toBeLessThan(
      60_000,
    );
    expect(Math.abs(new Date(payload.newest as string).getTime() - daysAgo(35).getTime())).toBeLessThan(
      60_000,
    );
    expect(Math.abs(new Date(payload.cutoff as string).getTime() - daysAgo(30).getTime())).toBeLessThan(
      60_000,
    );
    const parsed = catalog["activity.retention_applied"].payload.parse(applied!.payload);
    expect(applied!.message).toBe(
      catalog["activity.retention_applied"].message(parsed, { actorLabel: "Retention" }),
    );
    expect(applied!.message).toMatch(/^Retention removed 5 events that occurred before \d{4}-\d{2}-\d{2}$/);
    expect(await eventsOf(quiet, "activity.retention_applied")).toHaveLength(0);
  });

  it("new stores keep events 90 days and personal data 30", async () => {
    const storeId = await createStore(handle.db);
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store).toMatchObject({ activityRetentionDays: 90, personalDataDays: 30 });
    // The database holds the same ranges as the form.
    for (const values of [
      { activityRetentionDays: 3651 },
      { activityRetentionDays: 29 },
      { personalDataDays: 6 },
    ]) {
      const failure = await handle.db
        .update(stores)
        .set(values)
        .where(eq(stores.id, storeId))
        .then(
          () => null,
          (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
        );
      expect(failure, JSON.stringify(values)).toMatch(/check constraint/);
    }
  });
});

describe("the retention settings", () => {
  async function people() {
    const storeId = await createStore(handle.db);
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    const person = (role: "owner" | "manager") =>
      sessionOf(handle.db, store!, {
        id: crypto.randomUUID(),
        name: `Olivia ${role}`,
        email: `${role}@x.test`,
        role,
      });
    return { storeId, owner: person("owner"), manager: person("manager") };
  }

  it("owners change them, logged as settings.updated with changes", async () => {
    const { storeId, owner } = await people();
    const result = await adminActions.updateRetentionSettings.handle(owner, {
      activityRetentionDays: "365",
      personalDataDays: "14",
    });
    expect(result).toEqual({ ok: true, changed: true });
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store).toMatchObject({ activityRetentionDays: 365, personalDataDays: 14 });
    const [event] = await eventsOf(storeId, "settings.updated");
    expect(event).toMatchObject({
      message: "Olivia owner changed the event retention, personal data kept",
      changes: {
        activityRetentionDays: { old: 90, new: 365, label: "Event retention (days)" },
        personalDataDays: { old: 30, new: 14, label: "Personal data kept (days)" },
      },
    });
  });

  it("bad input is a field error, and managers are refused; nothing changes", async () => {
    const { storeId, owner, manager } = await people();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ activityRetentionDays: "29", personalDataDays: "30" }, "activityRetentionDays", /at least 30 days/],
      [{ activityRetentionDays: "3651", personalDataDays: "30" }, "activityRetentionDays", /at most 3,650/],
      [
        { activityRetentionDays: "ninety", personalDataDays: "30" },
        "activityRetentionDays",
        /number of days/,
      ],
      [{ activityRetentionDays: "90", personalDataDays: "6" }, "personalDataDays", /at least 7 days/],
      [{ activityRetentionDays: "90", personalDataDays: "7.5" }, "personalDataDays", /whole number/],
    ];
    for (const [input, field, message] of cases) {
      const result = await adminActions.updateRetentionSettings.handle(owner, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.[field]).toMatch(message);
    }
    const refused = await adminActions.updateRetentionSettings.handle(manager, {
      activityRetentionDays: "365",
      personalDataDays: "30",
    });
    expect(refused.ok).toBe(false);
    const [store] = await handle.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store).toMatchObject({ activityRetentionDays: 90, personalDataDays: 30 });
    expect(await eventsOf(storeId, "settings.updated")).toHaveLength(0);
  });
});
