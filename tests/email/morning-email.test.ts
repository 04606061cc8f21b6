import { and, count, eq, gte, isNull, lt, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, memberships, morningEmailDeliveries, orders, outboxEmails } from "@/db/schema";
import { countNeedsAttention, logEvent, resolveSuperseded } from "@/lib/activity";
import { summarizeAttention } from "@/lib/activity/read/summarize-attention";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { enqueueMorningEmails } from "@/lib/email/enqueue-morning-emails";
import { findDueMorningEmails } from "@/lib/email/find-due-morning-emails";
import { morningEmailSlot, morningEmailWindow } from "@/lib/email/morning-email-schedule";
import { renderMorningEmail } from "@/lib/email/render-morning-email";
import { sendMorningEmail } from "@/lib/email/send-morning-email";
import { adminActions } from "@/lib/http/actions/admin-actions";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { demoStore, sessionOf } from "@/tests/api/api-fixtures";
import { createTestDatabase, type TestDatabase, useTestSpool } from "@/tests/helpers/test-database";

const APP_URL = "https://admin.shop.example";
const config = parseConfig({ APP_URL });
let handle: TestDatabase;
let demo: Awaited<ReturnType<typeof demoStore>>;
let owner: Awaited<ReturnType<typeof demoStore>>["members"][number];
const now = new Date();

beforeAll(async () => {
  handle = await createTestDatabase();
  await useTestSpool().spool.init();
  await seedDemoData(handle.db, { now });
  demo = await demoStore(handle.db, "demo");
  owner = demo.members.find((m) => m.role === "owner")!;
});
afterAll(async () => {
  await handle?.dispose();
});

describe("when the morning email is due", () => {
  it("is 08:00 in the store's zone, across time zones and daylight-saving changes", () => {
    // London in winter is UTC; in summer 08:00 BST is 07:00 UTC (BST began 29 March 2026).
    expect(morningEmailSlot("Europe/London", new Date("2026-01-15T08:05:00Z"))).toMatchObject({
      localDate: "2026-01-15",
      sendAt: new Date("2026-01-15T08:00:00Z"),
      due: true,
    });
    const dstDay = morningEmailSlot("Europe/London", new Date("2026-03-29T07:30:00Z"));
    expect(dstDay).toMatchObject({
      localDate: "2026-03-29",
      sendAt: new Date("2026-03-29T07:00:00Z"),
      due: true,
    });
    // "Overnight" on the day the clocks change is 23 hours, from 08:00 GMT the day before.
    expect(dstDay.since).toEqual(new Date("2026-03-28T08:00:00Z"));
    expect(morningEmailSlot("Europe/London", new Date("2026-03-29T06:59:00Z")).due).toBe(false);
    // New York's 08:00 is 13:00 UTC in winter: at 12:59 UTC it is not yet due.
    expect(morningEmailSlot("America/New_York", new Date("2026-12-02T12:59:00Z")).due).toBe(false);
    expect(morningEmailSlot("America/New_York", new Date("2026-12-02T13:00:00Z")).due).toBe(true);
    // Tokyo is already on the next day: 23:30 UTC on 1 December is 08:30 on 2 December.
    expect(morningEmailSlot("Asia/Tokyo", new Date("2026-12-01T23:30:00Z"))).toMatchObject({
      localDate: "2026-12-02",
      due: true,
    });
    // From noon it waits for tomorrow (a person who opts in at 15:00 is not mailed at 15:15).
    expect(morningEmailSlot("Europe/Dublin", new Date("2026-12-02T12:00:00Z")).due).toBe(false);
    expect(morningEmailWindow("Asia/Tokyo", "2026-12-02")).toEqual({
      since: new Date("2026-11-30T23:00:00Z"),
      sendAt: new Date("2026-12-01T23:00:00Z"),
    });
  });

  it("finds owners and managers who opted in, per store, and not staff", async () => {
    const at = morningEmailSlot(demo.store.timeZone, now).sendAt;
    const due = await findDueMorningEmails(handle.db, new Date(at.getTime() + 5 * 60_000));
    // The seed has Olivia (demo's owner) opted in; nobody else.
    expect(due).toEqual([
      {
        storeId: demo.store.id,
        userId: owner.id,
        localDate: morningEmailSlot(demo.store.timeZone, at).localDate,
      },
    ]);
    expect(await findDueMorningEmails(handle.db, new Date(at.getTime() - 60_000))).toEqual([]);
  });
});

describe("the morning email's content", () => {
  it("counts the seeded demo's open problems by kind, lists the oldest with links, and what resolved itself", async () => {
    const { since } = morningEmailSlot(demo.store.timeZone, now);
    // A failure overnight that the system then resolved itself (an email that went out on retry).
    const [order] = await handle.db.select().from(orders).where(eq(orders.storeId, demo.store.id)).limit(1);
    const worker = {
      storeId: demo.store.id,
      actor: { type: "worker" as const, label: "Email worker" },
      source: "worker" as const,
    };
    await logEvent(
      handle.db,
      worker,
      "order.email.failed",
      { email: "shipping", to: order!.customerEmail, reason: "SMTP timeout" },
      { orderId: order!.id },
    );
    const healed = await resolveSuperseded(handle.db, {
      storeId: demo.store.id,
      orderId: order!.id,
      types: ["order.email.failed"],
      note: "Resolved automatically: the shipping email went out on attempt 2.",
    });
    expect(healed.length).toBeGreaterThan(0);
    const until = new Date(Date.now() + 1000);
    const summary = await summarizeAttention(handle.db, demo.store.id, { since: new Date(0), until });
    expect(summary.open).toBe(await countNeedsAttention(handle.db, demo.store.id));
    expect(summary.open).toBeGreaterThan(0);
    expect(summary.kinds.reduce((n, k) => n + k.count, 0)).toBe(summary.open);
    expect(summary.kinds.map((k) => k.count)).toEqual(
      [...summary.kinds.map((k) => k.count)].sort((a, b) => b - a),
    );
    const times = summary.oldest.map((o) => o.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Self-resolved since the epoch: every seeded warning or error the system closed.
    const [systemResolved] = await handle.db
      .select({ n: count() })
      .from(activityLog)
      .where(
        and(
          eq(activityLog.storeId, demo.store.id),
          ne(activityLog.level, "info"),
          ne(activityLog.visibility, "debug"),
          isNull(activityLog.resolvedBy),
          gte(activityLog.resolvedAt, new Date(0)),
          lt(activityLog.resolvedAt, until),
        ),
      );
    expect(summary.resolvedBySystemCount).toBe(systemResolved!.n);
    expect(summary.resolvedBySystem.map((r) => r.id)).toEqual(expect.arrayContaining([healed[0]]));
    expect(summary.resolvedBySystem[0]).toMatchObject({
      orderNumber: order!.number,
      note: expect.stringMatching(/^Resolved automatically/),
    });

    const email = await renderMorningEmail({
      storeName: demo.store.name,
      recipientName: owner.name,
      localDate: "2026-12-02",
      summary,
      appUrl: APP_URL,
      now,
    });
    expect(email.subject).toBe(`${demo.store.name} this morning: ${summary.open} things need attention`);
    const first = summary.oldest[0]!;
    const firstLink = first.orderId
      ? `${APP_URL}/admin/orders/${first.orderId}`
      : `${APP_URL}/admin/activity?tab=attention&type=${encodeURIComponent(first.type)}`;
    expect(email.text).toContain(firstLink);
    expect(email.html).toContain(`href="${firstLink.replaceAll("&", "&amp;")}"`);
    expect(email.text).toContain(`${summary.kinds[0]!.count} × ${summary.kinds[0]!.label}`);
    expect(email.text).toContain(`Resolved itself overnight (${summary.resolvedBySystemCount})`);
    expect(email.text).toContain(`#${order!.number}: Could not send the shipping email: SMTP timeout`);
    expect(email.text).toContain(`Hi ${owner.name.split(" ")[0]},`);
    expect(since.getTime()).toBeLessThan(now.getTime());
  });
});

describe("sending it", () => {
  it("writes one outbox mail and one email.digest_sent per person, store and day, even with two workers", async () => {
    const queues: JobQueue[] = [];
    try {
      for (let i = 0; i < 2; i++)
        queues.push(await startJobQueue(handle, { config, connectionString: handle.url, supervise: false }));
      const data = { storeId: demo.store.id, userId: owner.id, localDate: "2030-06-01" };
      // Two scheduler runs in different processes, queueing the same email twice (no singleton slot).
      const ids = [await queues[0]!.send(handle.db, "send-morning-email", data)];
      ids.push(await queues[1]!.send(handle.db, "send-morning-email", data));
      expect(ids.every(Boolean)).toBe(true);
      const handlers = {
        "send-morning-email": (d: typeof data, ctx: Parameters<typeof sendMorningEmail>[1]) =>
          sendMorningEmail(d, ctx),
      };
      await Promise.all(queues.map((q) => q.work(handlers, { pollingIntervalSeconds: 0.5 })));

      const until = Date.now() + 30_000;
      let states: string[] = [];
      while (Date.now() < until) {
        const rows = await handle.query<{ state: string }>(
          "select state from pgboss.job where id = any($1::uuid[])",
          [ids],
        );
        states = rows.map((r) => r.state);
        if (states.length === 2 && states.every((s) => s === "completed")) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(states).toEqual(["completed", "completed"]);

      const mails = await handle.db
        .select()
        .from(outboxEmails)
        .where(and(eq(outboxEmails.storeId, demo.store.id), eq(outboxEmails.kind, "morning_email")));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toBe(owner.email);
      expect(mails[0]!.html).toContain("Needs attention, by kind");
      const events = await handle.db
        .select()
        .from(activityLog)
        .where(
          and(
            eq(activityLog.eventType, "email.digest_sent"),
            eq(activityLog.dedupeKey, `morning-email:${owner.id}:2030-06-01`),
          ),
        );
      expect(events).toHaveLength(1);
      expect(events[0]!.level).toBe("info");
      expect(events[0]!.payload).toMatchObject({
        to: owner.email,
        date: "2030-06-01",
        open: expect.any(Number),
      });
      const claims = await handle.db
        .select()
        .from(morningEmailDeliveries)
        .where(eq(morningEmailDeliveries.localDate, "2030-06-01"));
      expect(claims).toHaveLength(1);
    } finally {
      for (const q of queues) await q.stop();
    }
  });

  it("queues one send per due person from two scheduler runs, and none once it went out", async () => {
    const queue = await startJobQueue(handle, { config, connectionString: handle.url, supervise: false });
    try {
      const at = new Date(morningEmailSlot(demo.store.timeZone, now).sendAt.getTime() + 60_000);
      const first = await enqueueMorningEmails({}, { db: handle.db, queue }, at);
      const second = await enqueueMorningEmails({}, { db: handle.db, queue }, at);
      expect(first).toEqual({ queued: 1 });
      const rows = await handle.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = 'send-morning-email' and data->>'localDate' = $1",
        [morningEmailSlot(demo.store.timeZone, at).localDate],
      );
      expect(second).toEqual({ queued: 1 });
      expect(rows[0]!.n).toBe(1);

      const localDate = morningEmailSlot(demo.store.timeZone, at).localDate;
      await sendMorningEmail(
        { storeId: demo.store.id, userId: owner.id, localDate },
        { db: handle.db, config },
        {},
        at,
      );
      expect(await enqueueMorningEmails({}, { db: handle.db, queue }, at)).toEqual({ queued: 0 });
      expect(
        await sendMorningEmail(
          { storeId: demo.store.id, userId: owner.id, localDate },
          { db: handle.db, config },
          {},
          at,
        ),
      ).toEqual({ skipped: "already sent today" });
    } finally {
      await queue.stop();
    }
  });
});

describe("the Morning email switch", () => {
  it("lets a manager turn it on (logged with changes), refuses staff, and sends only to subscribers", async () => {
    const manager = demo.members.find((m) => m.role === "manager")!;
    const staff = demo.members.find((m) => m.role === "staff")!;
    const asManager = sessionOf(handle.db, demo.store, manager);
    const result = await adminActions.setMorningEmail.handle(asManager, { enabled: true });
    expect(result).toEqual({ ok: true, enabled: true });
    const [event] = await handle.db
      .select()
      .from(activityLog)
      .where(
        and(eq(activityLog.eventType, "member.morning_email_changed"), eq(activityLog.actorId, manager.id)),
      );
    expect(event!.changes).toMatchObject({ morningEmail: { old: false, new: true, label: "Morning email" } });
    expect(event!.message).toBe(`${manager.name} turned the morning email on for ${manager.email}`);

    const refused = await adminActions.setMorningEmail.handle(sessionOf(handle.db, demo.store, staff), {
      enabled: true,
    });
    expect(refused.ok).toBe(false);
    const invalid = await adminActions.setMorningEmail.handle(asManager, { enabled: "yes" });
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { enabled: expect.any(String) } });

    await adminActions.setMorningEmail.handle(asManager, { enabled: false });
    const [row] = await handle.db
      .select({ on: memberships.morningEmail })
      .from(memberships)
      .where(and(eq(memberships.userId, manager.id), eq(memberships.storeId, demo.store.id)));
    expect(row!.on).toBe(false);
    expect(
      await sendMorningEmail(
        { storeId: demo.store.id, userId: manager.id, localDate: "2030-06-02" },
        { db: handle.db, config },
      ),
    ).toEqual({ skipped: "no longer a subscriber" });
  });
});
