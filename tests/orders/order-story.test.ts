import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, orders, savedViews } from "@/db/schema";
import { logEvent } from "@/lib/activity";
import { listCustomEventTypes } from "@/lib/activity/read/list-custom-event-types";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logExternalEventStrict as logExternalEvent } from "@/lib/activity/write/log-external-event";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { savedViewActions } from "@/lib/http/actions/saved-view-actions";
import { paymentStatus } from "@/lib/orders/payment-status";
import { problemFix } from "@/lib/orders/problem-fix";
import { addressEditBlocker, updateShippingAddress } from "@/lib/orders/update-shipping-address";
import { AppError } from "@/lib/platform/errors";
import { carrierName, carrierTrackingUrl } from "@/lib/platform/format/carriers";
import { createSavedView, MAX_SAVED_VIEWS } from "@/lib/users/create-saved-view";
import { deleteSavedView } from "@/lib/users/delete-saved-view";
import { listSavedViews } from "@/lib/users/list-saved-views";
import { demoStore, sessionOf } from "@/tests/api/api-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

let handle: TestDatabase;
let demo: Awaited<ReturnType<typeof demoStore>>;
let north: Awaited<ReturnType<typeof demoStore>>;
let ana: ActivityContext;

const db = () => handle.db;
const owner = (s: typeof demo) => s.members.find((m) => m.role === "owner")!;
const orderIn = async (storeId: string, status: string) =>
  (
    await db()
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, storeId), eq(orders.status, status as never)))
      .limit(1)
  )[0]!;
const eventsOf = async (orderId: string) =>
  (await db().select({ n: count() }).from(activityLog).where(eq(activityLog.orderId, orderId)))[0]!.n;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now: new Date() });
  demo = await demoStore(handle.db, "demo");
  north = await demoStore(handle.db, "north");
  ana = {
    storeId: demo.store.id,
    actor: { type: "user", id: owner(demo).id, label: owner(demo).name },
    source: "admin",
  };
});
afterAll(() => handle?.dispose());

describe("the shipping address, once the order is at Printify", () => {
  it("is refused with why and what to do, and nothing changes or is logged", async () => {
    for (const status of ["submitted", "in_production"]) {
      const order = await orderIn(demo.store.id, status);
      expect(order.providerOrderId).toBeTruthy();
      const before = await eventsOf(order.id);
      const error = await refusal(
        updateShippingAddress(db(), ana, {
          orderId: order.id,
          address: { ...order.shippingAddress!, line2: "", region: "", city: "Elsewhere" },
        }),
      );
      expect(error.status).toBe(409);
      expect(error.code).toBe("order_locked");
      expect(error.message).toMatch(/already at Printify/);
      expect(error.message).toMatch(/Printify support/);
      expect(error.message).toMatch(/cancel the order and resubmit/);
      const [after] = await db().select().from(orders).where(eq(orders.id, order.id));
      expect(after!.shippingAddress).toEqual(order.shippingAddress);
      expect(await eventsOf(order.id)).toBe(before);
    }
  });

  it("still changes before submission, logged as order.updated", async () => {
    const order = await orderIn(demo.store.id, "paid");
    expect(order.providerOrderId).toBeNull();
    expect(addressEditBlocker(order)).toBeNull();
    const result = await updateShippingAddress(db(), ana, {
      orderId: order.id,
      address: { ...order.shippingAddress!, line2: "", region: "", city: "Bristol" },
    });
    expect(result.changed).toBe(true);
    const [event] = await db()
      .select()
      .from(activityLog)
      .where(and(eq(activityLog.orderId, order.id), eq(activityLog.eventType, "order.updated")));
    expect(event!.changes).toMatchObject({ "shippingAddress.city": { new: "Bristol" } });
  });
});

describe("payment status, refunded and net", () => {
  const order = { totalAmount: 2599, refundedAmount: 0, status: "delivered" as const };
  it("paid, partially refunded, refunded", () => {
    expect(paymentStatus(order)).toEqual({ status: "paid", refunded: 0, net: 2599 });
    expect(paymentStatus({ ...order, refundedAmount: 1000 })).toEqual({
      status: "partially_refunded",
      refunded: 1000,
      net: 1599,
    });
    expect(paymentStatus({ ...order, status: "cancelled", refundedAmount: 2599 })).toEqual({
      status: "refunded",
      refunded: 2599,
      net: 0,
    });
    // Never more refunded than paid, whatever the column says.
    expect(paymentStatus({ ...order, refundedAmount: 9999 }).net).toBe(0);
    expect(paymentStatus({ ...order, status: "pending" }).status).toBe("awaiting");
    expect(paymentStatus({ ...order, status: "payment_failed" }).status).toBe("failed");
  });

  it("agrees with the seeded refunds: every refunded order's refund is its refund events' sum", async () => {
    const refunded = await db().select().from(orders).where(eq(orders.storeId, demo.store.id));
    const withRefunds = refunded.filter((o) => o.refundedAmount > 0);
    expect(withRefunds.length).toBeGreaterThan(0);
    for (const o of withRefunds) {
      const rows = await db()
        .select({ payload: activityLog.payload })
        .from(activityLog)
        .where(and(eq(activityLog.orderId, o.id), eq(activityLog.eventType, "order.refunded")));
      const sum = rows.reduce((total, r) => total + Number(r.payload.amount), 0);
      const money = paymentStatus(o);
      expect(money.refunded).toBe(sum);
      expect(money.net).toBe(o.totalAmount - sum);
      expect(money.status).toBe(sum >= o.totalAmount ? "refunded" : "partially_refunded");
    }
  });
});

describe("the fix an open problem offers", () => {
  const paid = { status: "paid" as const, providerOrderId: null };
  it("resubmit for a failed or stuck submission, resend for a failed email, nothing otherwise", () => {
    expect(problemFix({ eventType: "order.submission_failed", payload: {} }, paid)).toBe("resubmit");
    expect(problemFix({ eventType: "order.stuck", payload: { stage: "not_submitted" } }, paid)).toBe(
      "resubmit",
    );
    expect(problemFix({ eventType: "order.stuck", payload: { stage: "in_production" } }, paid)).toBeNull();
    expect(
      problemFix(
        { eventType: "order.submission_failed", payload: {} },
        { status: "submitted", providerOrderId: "p1" },
      ),
    ).toBeNull();
    expect(problemFix({ eventType: "order.email.failed", payload: { email: "confirmation" } }, paid)).toBe(
      "resendConfirmation",
    );
    expect(
      problemFix(
        { eventType: "order.email.failed", payload: { email: "shipping" } },
        { status: "shipped", providerOrderId: "p1" },
      ),
    ).toBe("resendShipping");
    expect(problemFix({ eventType: "order.payment_failed", payload: {} }, paid)).toBeNull();
  });
});

describe("carriers", () => {
  it("read as names, with a tracking link where the carrier has one", () => {
    expect(carrierName("ROYAL-MAIL")).toBe("Royal Mail");
    expect(carrierName("royal-mail")).toBe("Royal Mail");
    expect(carrierName("Royal Mail")).toBe("Royal Mail");
    expect(carrierName("usps")).toBe("USPS");
    expect(carrierName("some-local-courier")).toBe("Some Local Courier");
    expect(carrierTrackingUrl("royal-mail", "RM123GB")).toBe(
      "https://www.royalmail.com/track-your-item#/tracking-results/RM123GB",
    );
    expect(carrierTrackingUrl("Royal Mail", "RM123GB")).toContain("royalmail.com");
    expect(carrierTrackingUrl("gls", "1")).toBeNull();
    expect(carrierTrackingUrl("unknown-co", "1")).toBeNull();
  });
});

describe("custom event types in the store", () => {
  it("lists the custom types present, once each, and only this store's", async () => {
    const key = {
      storeId: demo.store.id,
      actor: { type: "integration" as const, id: null, label: "Key" },
      source: "api" as const,
    };
    for (const type of ["custom.invoice_sent", "custom.invoice_sent", "custom.review_received"] as const)
      await logExternalEvent(db(), key, { type, level: "info", message: type, payload: {} });
    await logExternalEvent(
      db(),
      { ...key, storeId: north.store.id },
      { type: "custom.north_only", level: "info", message: "n", payload: {} },
    );
    expect(await listCustomEventTypes(db(), demo.store.id)).toEqual([
      "custom.invoice_sent",
      "custom.review_received",
    ]);
    // A catalog event is not custom.
    await logEvent(db(), ana, "order.note_added", { note: "x" });
    expect(await listCustomEventTypes(db(), demo.store.id)).not.toContain("order.note_added");
  });
});

describe("saved views", () => {
  const mine = () => ({ userId: owner(demo).id, storeId: demo.store.id, timeZone: "Europe/London" });

  it("saves the feed's filters in their canonical form, lists them, and deletes them", async () => {
    const view = await createSavedView(db(), mine(), {
      name: "  Open errors ",
      query: "?level=error&tab=attention&cursor=abc",
    });
    expect(view).toMatchObject({ name: "Open errors", query: "tab=attention&level=error" });
    const custom = await createSavedView(db(), mine(), { name: "Integrations", query: "type=custom.*" });
    expect((await listSavedViews(db(), mine())).map((v) => v.name)).toEqual(["Open errors", "Integrations"]);
    // Someone else's list, or another store's, does not hold them.
    expect(await listSavedViews(db(), { userId: owner(demo).id, storeId: north.store.id })).toEqual([]);
    expect(await deleteSavedView(db(), mine(), { id: custom.id })).toEqual({ deleted: true });
    expect((await listSavedViews(db(), mine())).map((v) => v.name)).toEqual(["Open errors"]);
  });

  it("refuses a name already used (ignoring case), filters the feed would ignore, and others' views", async () => {
    const taken = await refusal(
      createSavedView(db(), mine(), { name: "OPEN ERRORS", query: "level=warning" }),
    );
    expect(taken.status).toBe(409);
    expect(taken.message).toBe("You already have a view called “OPEN ERRORS”.");
    const bad = await refusal(createSavedView(db(), mine(), { name: "Odd", query: "level=fatal" }));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/Unknown level/);
    const [view] = await listSavedViews(db(), mine());
    const notYours = await refusal(
      deleteSavedView(db(), { userId: owner(north).id, storeId: demo.store.id }, { id: view!.id }),
    );
    expect(notYours.status).toBe(404);
    // The same name in another store is fine: names are unique per person and store.
    await createSavedView(db(), { ...mine(), storeId: north.store.id }, { name: "Open errors", query: "" });
  });

  it("keeps at most the limit per person and store", async () => {
    const person = { userId: owner(north).id, storeId: north.store.id, timeZone: "Europe/Dublin" };
    for (let i = 0; i < MAX_SAVED_VIEWS; i++)
      await createSavedView(db(), person, { name: `View ${i}`, query: `q=${i}` });
    const error = await refusal(createSavedView(db(), person, { name: "One more", query: "" }));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/delete one first/);
  });

  it("the actions answer validation errors by field, and refusals as messages", async () => {
    const session = sessionOf(db(), demo.store, { ...owner(demo), role: "owner" });
    const blank = await savedViewActions.createSavedView.handle(session, { name: "  ", query: "" });
    expect(blank).toEqual({
      ok: false,
      error: "Give the view a name.",
      fieldErrors: { name: "Give the view a name." },
    });
    const long = await savedViewActions.createSavedView.handle(session, { name: "x".repeat(61), query: "" });
    expect(long).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/60 characters/) } });
    const dup = await savedViewActions.createSavedView.handle(session, { name: "open errors", query: "" });
    expect(dup).toEqual({ ok: false, error: "You already have a view called “open errors”." });
    const ok = await savedViewActions.createSavedView.handle(session, {
      name: "Refunds",
      query: "type=order.refunded",
    });
    expect(ok).toMatchObject({ ok: true, name: "Refunds", query: "type=order.refunded" });
    const rows = await db()
      .select()
      .from(savedViews)
      .where(eq(savedViews.userId, owner(demo).id));
    expect(rows.map((r) => r.name)).toContain("Refunds");
    const staff = demo.members.find((m) => m.role === "staff")!;
    const refused = await savedViewActions.createSavedView.handle(
      sessionOf(db(), demo.store, { ...staff, role: "staff" }),
      { name: "Mine", query: "" },
    );
    expect(refused.ok).toBe(false);
  });
});
