import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countActivity, countActivityStep, pruneActivityCounts } from "@/lib/activity/counts/count-activity";
import { type ActivityByDay, countActivityByDay } from "@/lib/activity/read/count-activity-by-day";
import { listCustomEventTypes } from "@/lib/activity/read/list-custom-event-types";
import { queryRows } from "@/lib/platform/db/query-rows";
import { createStore } from "@/tests/helpers/activity-fixtures";
import { tamper } from "@/tests/helpers/tamper";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.dispose();
});

const DAY = 86_400_000;
const levels = ["info", "info", "info", "info", "warning", "error"] as const;

/** `n` rows in one statement, spread over `spanDays` before `end` (a fixed pseudo-random walk). */
async function writeRows(storeId: string, n: number, end: Date, spanDays: number, seed: number) {
  const values = Array.from({ length: n }, (_, i) => {
    const r = Math.abs(Math.sin(seed * 1000 + i)) % 1;
    const at = new Date(end.getTime() - Math.floor(r * spanDays * DAY));
    const level = levels[(seed + i) % levels.length]!;
    const visibility = i % 17 === 0 ? "debug" : "internal";
    const resolved = level !== "info" && i % 3 === 0;
    return sql`(gen_random_uuid(), ${storeId}::uuid, 'order.note_added', ${level}, 'Note', 'order', null, 'system',
      'Bench', 'system', ${visibility}, '{}'::jsonb, ${at.toISOString()}::timestamptz,
      ${resolved ? sql`${at.toISOString()}::timestamptz` : sql`null`})`;
  });
  await handle.db.execute(
    sql`insert into activity_log (id, store_id, event_type, level, message, entity_type, entity_id, actor_type,
          actor_label, source, visibility, payload, occurred_at, resolved_at)
        values ${sql.join(values, sql`, `)}`,
  );
}

/** The chart as the log itself says it, with no counts: every row of the window, by day. */
async function fromTheLog(
  storeId: string,
  days: number,
  timeZone: string,
  now: Date,
): Promise<ActivityByDay> {
  const chart = await countActivityByDay(handle.db, storeId, { days, timeZone, now });
  const rows = await queryRows<{ day: string; level: "info" | "warning" | "error"; n: number; open: number }>(
    handle.db,
    sql`select to_char((occurred_at at time zone ${timeZone})::date, 'YYYY-MM-DD') as day, level,
               count(*)::integer as n,
               (count(*) filter (where level in ('warning', 'error') and resolved_at is null))::integer as open
          from activity_log where store_id = ${storeId} and visibility <> 'debug' group by 1, 2`,
  );
  const days_ = chart.days.map((d) => ({
    day: d.day,
    counts: { info: 0, warning: 0, error: 0 },
    needsAttention: 0,
  }));
  for (const row of rows) {
    const day = days_.find((d) => d.day === row.day);
    if (!day) continue;
    day.counts[row.level] += Number(row.n);
    day.needsAttention += Number(row.open);
  }
  return { timeZone, days: days_ };
}

const zones = ["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "America/Los_Angeles"];

async function expectTheLog(storeId: string, now: Date, days = 30) {
  for (const timeZone of zones) {
    const chart = await countActivityByDay(handle.db, storeId, { days, timeZone, now });
    expect(chart, timeZone).toEqual(await fromTheLog(storeId, days, timeZone, now));
  }
}

/** The store's rows the chart counts (debug ones left out), from `since` when given. */
const visibleRows = async (storeId: string, since?: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::integer as n from activity_log
             where store_id = ${storeId} and visibility <> 'debug'
               ${since ? sql`and occurred_at >= ${since}::timestamptz` : sql``}`,
      )
    )[0]!.n,
  );

const countedIn = async (storeId: string) =>
  Number(
    (
      await queryRows<{ n: number | null }>(
        handle.db,
        sql`select sum(events)::integer as n from activity_counts where store_id = ${storeId}`,
      )
    )[0]?.n ?? 0,
  );

describe("the activity chart from counted quarter hours", () => {
  it("adds the counted quarter hours and the rows since the bookmark up to what the log holds", async () => {
    const storeId = await createStore(handle.db);
    const now = new Date();
    await writeRows(storeId, 300, now, 40, 1);
    // Before any counting, after part of it, after all of it, and with rows written since.
    await expectTheLog(storeId, now);
    await countActivityStep(handle.db, { batch: 50, lagSeconds: 0 });
    await countActivityStep(handle.db, { batch: 50, lagSeconds: 0 });
    expect(await countedIn(storeId)).toBeGreaterThan(0);
    await expectTheLog(storeId, now);
    expect((await countActivity(handle.db, { lagSeconds: 0, budgetMs: 60_000 })).caughtUp).toBe(true);
    const visible = await visibleRows(storeId);
    expect(await countedIn(storeId)).toBe(visible);
    await expectTheLog(storeId, now);
    await expectTheLog(storeId, now, 45);
    await writeRows(storeId, 40, now, 3, 2);
    await expectTheLog(storeId, now);
  });

  it("counts each row once when a batch stops inside one instant's rows", async () => {
    const storeId = await createStore(handle.db);
    await countActivity(handle.db, { lagSeconds: 0, budgetMs: 60_000 });
    // One statement: 25 rows with the same inserted_at, counted three at a time.
    await writeRows(storeId, 25, new Date(), 2, 3);
    for (let step = 0; step < 30; step++)
      if ((await countActivityStep(handle.db, { batch: 3, lagSeconds: 0 })).caughtUp) break;
    const visible = await visibleRows(storeId);
    expect(await countedIn(storeId)).toBe(visible);
    expect(visible).toBe(23);
  });

  it("stays exact while the counter runs beside it", async () => {
    const storeId = await createStore(handle.db);
    const now = new Date();
    await writeRows(storeId, 200, now, 20, 4);
    let done = false;
    const counter = (async () => {
      while (!done) {
        await writeRows(storeId, 7, now, 20, 5);
        await countActivityStep(handle.db, { batch: 11, lagSeconds: 0 });
      }
    })();
    try {
      for (let round = 0; round < 6; round++) {
        // The chart and the log read in one snapshot, while the counter commits beside them:
        // exactly the same days, never a row counted twice or missed.
        const [chart, log] = await handle.db.transaction(
          async (tx) => {
            const chart = await countActivityByDay(tx, storeId, { days: 30, timeZone: "UTC", now });
            const log = await queryRows<{ n: number }>(
              tx,
              sql`select count(*)::integer as n from activity_log
                   where store_id = ${storeId} and visibility <> 'debug'
                     and occurred_at >= ${`${chart.days[0]!.day}T00:00:00Z`}::timestamptz`,
            );
            return [chart, Number(log[0]!.n)] as const;
          },
          { isolationLevel: "repeatable read" },
        );
        const total = chart.days.reduce(
          (sum, d) => sum + d.counts.info + d.counts.warning + d.counts.error,
          0,
        );
        expect(total, `round ${round}`).toBe(log);
        // And as the app reads it, outside a transaction: rows only arrive, so the chart's total
        // lies between the log's just before and just after.
        const inLog = () => visibleRows(storeId, `${chart.days[0]!.day}T00:00:00Z`);
        const before = await inLog();
        const alone = await countActivityByDay(handle.db, storeId, { days: 30, timeZone: "UTC", now });
        const after = await inLog();
        const aloneTotal = alone.days.reduce(
          (sum, d) => sum + d.counts.info + d.counts.warning + d.counts.error,
          0,
        );
        expect(aloneTotal).toBeGreaterThanOrEqual(before);
        expect(aloneTotal).toBeLessThanOrEqual(after);
      }
    } finally {
      done = true;
      await counter;
    }
    await expectTheLog(storeId, now);
  });

  it("past the store's retention, counts what the log still holds", async () => {
    const storeId = await createStore(handle.db);
    await handle.db.execute(sql`update stores set activity_retention_days = 30 where id = ${storeId}`);
    const now = new Date();
    await writeRows(storeId, 120, now, 60, 6);
    await countActivity(handle.db, { lagSeconds: 0, budgetMs: 60_000 });
    await expectTheLog(storeId, now, 60);
    // What a purge does to rows past the retention: the counts keep them, the chart does not.
    await tamper(
      handle.owner.db,
      `delete from activity_log where store_id = '${storeId}' and occurred_at < now() - interval '31 days'`,
    );
    await expectTheLog(storeId, now, 60);
    const chart = await countActivityByDay(handle.db, storeId, { days: 60, timeZone: "UTC", now });
    expect(
      chart.days.slice(0, 25).every((d) => d.counts.info + d.counts.warning + d.counts.error === 0),
    ).toBe(true);
  });

  it("lists a store's custom event types from what was counted and what was written since", async () => {
    const storeId = await createStore(handle.db);
    const other = await createStore(handle.db);
    const write = (store: string, type: string, visibility = "internal") =>
      handle.db.execute(
        sql`insert into activity_log (id, store_id, event_type, level, message, entity_type, actor_type,
              actor_label, source, visibility, payload, occurred_at)
            values (gen_random_uuid(), ${store}::uuid, ${type}, 'info', 'Custom', 'custom', 'integration', 'CRM',
                    'api', ${visibility}, '{}'::jsonb, now())`,
      );
    await write(storeId, "custom.crm.synced");
    await write(storeId, "custom.hidden", "debug");
    await write(storeId, "order.note_added");
    await write(other, "custom.other_store");
    // Not counted yet: found among the rows written since the bookmark.
    expect(await listCustomEventTypes(handle.db, storeId)).toEqual(["custom.crm.synced"]);
    await countActivity(handle.db, { lagSeconds: 0, budgetMs: 60_000 });
    await write(storeId, "custom.anniversary");
    expect(await listCustomEventTypes(handle.db, storeId)).toEqual([
      "custom.anniversary",
      "custom.crm.synced",
    ]);
    await countActivity(handle.db, { lagSeconds: 0, budgetMs: 60_000 });
    const recorded = await queryRows<{ event_type: string }>(
      handle.db,
      sql`select event_type from activity_custom_types where store_id = ${storeId} order by 1`,
    );
    expect(recorded.map((r) => r.event_type)).toEqual(["custom.anniversary", "custom.crm.synced"]);
    expect(await listCustomEventTypes(handle.db, storeId)).toEqual([
      "custom.anniversary",
      "custom.crm.synced",
    ]);
    // A type whose rows are all gone leaves the list at the daily prune.
    await tamper(
      handle.owner.db,
      `delete from activity_log where store_id = '${storeId}' and event_type = 'custom.anniversary'`,
    );
    await pruneActivityCounts(handle.db);
    expect(await listCustomEventTypes(handle.db, storeId)).toEqual(["custom.crm.synced"]);
    expect(await listCustomEventTypes(handle.db, other)).toEqual(["custom.other_store"]);
  });
});
