import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stores } from "@/db/schema";
import {
  listActivity,
  logEvent,
  maintainActivityPartitions,
  purgeExpiredActivity,
  resolveEvents,
} from "@/lib/activity";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { parseConfig } from "@/lib/platform/config";
import { describeConnectedRole } from "@/lib/platform/db/app-role";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import { migrateServerDatabase } from "@/lib/runtime/migrate-server-database";
import { warnIfOwnerRole } from "@/lib/runtime/warn-owner-role";
import { createStore, rowById, staffContext } from "@/tests/helpers/activity-fixtures";
import {
  createTestDatabase,
  TEST_APP_ROLE,
  type TestDatabase,
  useTestSpool,
} from "@/tests/helpers/test-database";

/**
 * The app's own role on a PostgreSQL server, as an attacker who has the app's DATABASE_URL:
 * everything that would rewrite or erase history is refused by the database. PGlite has one
 * user (the owner), so none of this applies there; the triggers that bind even the owner are
 * tested on both engines in immutability.test.ts.
 */
const onServer = Boolean(process.env.DATABASE_URL);

let handle: TestDatabase;
let spool: ReturnType<typeof useTestSpool>;
/** One connection as the app's role, so that a setting made by one statement is seen by the next. */
let attacker: DatabaseHandle;

async function refusal(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the statement should have been refused").toBeInstanceOf(Error);
  const messages: string[] = [];
  for (let e = error as Error | undefined; e; e = e.cause as Error | undefined) messages.push(e.message);
  return messages.join(" <- ");
}

async function warning(storeId: string) {
  const { id } = await logEvent(handle.db, staffContext(storeId, uuidv7()), "order.cancelled", {
    reason: "customer request",
    by: "customer",
  });
  return id;
}

/** A row that occurred and was recorded `daysAgo` days ago; only the owner can write inserted_at so far back in a test. */
async function agedRow(storeId: string, daysAgo: number): Promise<string> {
  const id = uuidv7();
  await handle.owner.query(
    `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, occurred_at, inserted_at)
     values ($1, $2, 'order.note_added', 'info', 'old', 'system', 'Storyline', 'system',
             now() - make_interval(days => $3::int), now() - make_interval(days => $3::int))`,
    [id, storeId, daysAgo],
  );
  return id;
}

const attacks: [what: string, sql: string, refusedWith: RegExp][] = [
  [
    "disable the delete trigger",
    "alter table activity_log disable trigger activity_log_guard_delete",
    /must be owner/,
  ],
  ["disable every trigger", "alter table activity_log disable trigger all", /must be owner/],
  ["drop the delete trigger", "drop trigger activity_log_guard_delete on activity_log", /must be owner/],
  [
    "replace the trigger's function",
    "create or replace function activity_log_reject_delete() returns trigger language plpgsql as $$ begin return old; end $$",
    /must be owner|permission denied/,
  ],
  [
    "add a trigger of its own",
    "create trigger sneaky before insert on activity_log for each row execute function activity_log_reject_update()",
    /permission denied|must be owner/,
  ],
  ["drop the table", "drop table activity_log", /must be owner/],
  ["delete a row", "delete from activity_log", /permission denied/],
  ["truncate the table", "truncate activity_log", /permission denied/],
  ["change a message", "update activity_log set message = 'Nothing happened'", /permission denied/],
  [
    "back-date an event",
    "update activity_log set occurred_at = occurred_at - interval '1 year'",
    /permission denied/,
  ],
  [
    "slip a message change in with a resolution",
    "update activity_log set resolved_at = now(), message = 'fine'",
    /permission denied/,
  ],
  ["turn triggers off for the session", "set session_replication_role = replica", /permission denied/],
  ["become the owner", "set role postgres", /permission denied/],
  [
    "shadow a function in public",
    "create function public.greatest(integer, integer) returns integer language sql as 'select 30'",
    /permission denied/,
  ],
  [
    "lift the retention floor",
    "alter table stores drop constraint stores_activity_retention_days_range",
    /must be owner/,
  ],
  [
    "rewrite the purge",
    "alter function activity_purge_expired(uuid, integer) security invoker",
    /must be owner/,
  ],
];

describe.skipIf(!onServer)("on a server", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    attacker = openServerDatabase(handle.url!, { poolMax: 1 });
    spool = useTestSpool();
    await spool.spool.init();
  });

  afterAll(async () => {
    await attacker?.close();
    await handle?.dispose();
    spool?.cleanup();
  });

  describe("the app's role", () => {
    it("is neither a superuser nor the owner of activity_log", async () => {
      expect(await describeConnectedRole(handle)).toEqual({
        role: TEST_APP_ROLE,
        superuser: false,
        ownsActivityLog: false,
      });
      expect(await describeConnectedRole(handle.owner)).toMatchObject({ ownsActivityLog: true });
    });

    it("the app warns at start when it runs as the owner, and is quiet as its own role", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        await warnIfOwnerRole(handle, "storyline");
        expect(warn).not.toHaveBeenCalled();
        const asOwner = openServerDatabase(handle.ownerUrl!, { poolMax: 1 });
        await warnIfOwnerRole(asOwner, "storyline").finally(() => asOwner.close());
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(
          /a superuser: it could alter or drop the activity log's guards/,
        );
      } finally {
        warn.mockRestore();
      }
    });

    it.each(attacks)("cannot %s", async (_what, statement, refusedWith) => {
      const storeId = await createStore(handle.db);
      const id = await warning(storeId);
      const before = await rowById(handle.db, id);
      expect(await refusal(attacker.query(statement))).toMatch(refusedWith);
      expect(await rowById(handle.db, id)).toEqual(before);
    });

    it("cannot delete by setting the old retention setting, nor the purge's own flag", async () => {
      const storeId = await createStore(handle.db);
      const id = await warning(storeId);
      for (const setting of ["storyline.activity_retention", "storyline.activity_purge"]) {
        const message = await refusal(
          attacker.db.transaction(async (tx) => {
            await tx.execute(sql`select set_config(${setting}, 'on', true)`);
            await tx.execute(sql`delete from activity_log where id = ${id}`);
          }),
        );
        expect(message).toMatch(/permission denied/);
      }
      expect(await rowById(handle.db, id)).toBeDefined();
    });

    it("even granted DELETE by mistake, it cannot delete with the purge's flag: the trigger wants the owner", async () => {
      const storeId = await createStore(handle.db);
      const id = await warning(storeId);
      await handle.owner.query(`grant delete on activity_log to ${TEST_APP_ROLE}`);
      try {
        const message = await refusal(
          attacker.db.transaction(async (tx) => {
            await tx.execute(sql`select set_config('storyline.activity_purge', 'on', true)`);
            await tx.execute(sql`delete from activity_log where id = ${id}`);
          }),
        );
        expect(message).toMatch(/deleted only by activity_purge_expired/);
      } finally {
        await handle.owner.query(`revoke delete on activity_log from ${TEST_APP_ROLE}`);
      }
      expect(await rowById(handle.db, id)).toBeDefined();
    });

    it("cannot make the purge delete recent rows: it deletes only past the store's retention, never under 30 days", async () => {
      const storeId = await createStore(handle.db);
      const recent = await warning(storeId);
      const month = await agedRow(storeId, 29);
      const old = await agedRow(storeId, 31);
      expect(
        await refusal(
          attacker.db.update(stores).set({ activityRetentionDays: 1 }).where(eq(stores.id, storeId)),
        ),
      ).toMatch(/stores_activity_retention_days_range/);
      await attacker.db.update(stores).set({ activityRetentionDays: 30 }).where(eq(stores.id, storeId));

      const result = await purgeExpiredActivity(attacker.db, storeId, { maxRows: 10_000 });

      expect(result.deleted).toBe(1);
      expect(await rowById(handle.db, old)).toBeUndefined();
      expect(await rowById(handle.db, month)).toBeDefined();
      expect(await rowById(handle.db, recent)).toBeDefined();
      const purged = await listActivity(handle.db, storeId, { type: "activity.purged" }, { limit: 10 });
      expect(purged.items.map((e) => e.payload)).toEqual([
        expect.objectContaining({ deleted: 1, retentionDays: 30 }),
      ]);
    });

    it("cannot un-resolve or re-resolve an event: a resolution is written once", async () => {
      const storeId = await createStore(handle.db);
      const id = await warning(storeId);
      const userId = uuidv7();
      expect(await resolveEvents(handle.db, { storeId, userId }, { ids: [id], note: "refunded" })).toEqual({
        resolved: [id],
        skipped: [],
      });
      const resolved = await rowById(handle.db, id);
      for (const assignment of [
        "resolved_at = null, resolved_by = null, resolution_note = null",
        "resolution_note = 'nothing to see'",
        `resolved_at = now() - interval '1 year', resolved_by = '${uuidv7()}'`,
      ]) {
        expect(
          await refusal(attacker.query(`update activity_log set ${assignment} where id = $1`, [id])),
        ).toMatch(/a resolution is written once/);
      }
      expect(await rowById(handle.db, id)).toEqual(resolved);
    });
  });

  describe("the partitions of activity_log", () => {
    const thisMonth = () => {
      const now = new Date();
      return `activity_log_y${now.getUTCFullYear()}m${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
    };
    /** Every table the app's role holds any privilege on among activity_log's partitions. */
    const reachablePartitions = () =>
      handle.owner.query<{ name: string }>(
        `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'public.activity_log'::regclass
            and (has_table_privilege($1, c.oid, 'SELECT') or has_table_privilege($1, c.oid, 'INSERT')
              or has_table_privilege($1, c.oid, 'UPDATE') or has_table_privilege($1, c.oid, 'DELETE')
              or has_table_privilege($1, c.oid, 'TRUNCATE') or has_any_column_privilege($1, c.oid, 'UPDATE'))`,
        [TEST_APP_ROLE],
      );

    it.each([
      [
        "insert a row",
        (
          p: string,
        ) => `insert into ${p} (id, store_id, event_type, level, message, actor_type, actor_label, source, occurred_at)
         select gen_random_uuid(), store_id, 'order.note_added', 'info', 'forged', 'system', 'Storyline', 'system', now() from activity_log limit 1`,
      ],
      ["change a message", (p: string) => `update ${p} set message = 'Nothing happened'`],
      ["resolve through it", (p: string) => `update ${p} set resolved_at = now()`],
      ["delete a row", (p: string) => `delete from ${p}`],
      ["truncate it", (p: string) => `truncate ${p}`],
      ["read it", (p: string) => `select count(*) from ${p}`],
    ])("cannot %s through a partition directly (this month's, or DEFAULT)", async (_what, statement) => {
      const storeId = await createStore(handle.db);
      const id = await warning(storeId);
      const before = await rowById(handle.db, id);
      for (const partition of [thisMonth(), "activity_log_default"])
        expect(await refusal(attacker.query(statement(partition)))).toMatch(/permission denied/);
      expect(await rowById(handle.db, id)).toEqual(before);
    });

    it("holds no privilege on any partition, new ones included, even after db:migrate grants again", async () => {
      expect(await reachablePartitions()).toEqual([]);
      const storeId = await createStore(handle.db);
      await logEvent(
        handle.db,
        staffContext(storeId, uuidv7()),
        "order.note_added",
        { note: "from 2018" },
        {
          occurredAt: new Date(Date.UTC(2018, 5, 1)),
        },
      );
      // The app's role runs the maintenance (a SECURITY DEFINER function): the new partition is the owner's.
      const { created } = await maintainActivityPartitions(handle.db);
      expect(created).toContain("activity_log_y2018m06");
      expect(await reachablePartitions()).toEqual([]);
      const appUrl = new URL(handle.ownerUrl!);
      appUrl.username = TEST_APP_ROLE;
      await migrateServerDatabase({
        adminUrl: handle.ownerUrl!,
        appRole: TEST_APP_ROLE,
        appUrl: appUrl.toString(),
      });
      expect(await reachablePartitions()).toEqual([]);
    });

    it("cannot create a partition itself, nor attach or detach one", async () => {
      expect(
        await refusal(
          attacker.query(
            "create table activity_log_y2099m01 partition of activity_log for values from ('2099-01-01') to ('2099-02-01')",
          ),
        ),
      ).toMatch(/permission denied|must be owner/);
      expect(
        await refusal(attacker.query("alter table activity_log detach partition activity_log_default")),
      ).toMatch(/must be owner/);
    });

    it("cannot free or forge a dedupe key: the keys are read and appended only", async () => {
      const storeId = await createStore(handle.db);
      await logEvent(
        handle.db,
        staffContext(storeId, uuidv7()),
        "order.note_added",
        { note: "once" },
        {
          dedupeKey: "only-once",
        },
      );
      expect(
        await refusal(attacker.query("delete from activity_dedupe_keys where dedupe_key = 'only-once'")),
      ).toMatch(/permission denied/);
      expect(
        await refusal(
          attacker.query(
            "update activity_dedupe_keys set dedupe_key = 'other' where dedupe_key = 'only-once'",
          ),
        ),
      ).toMatch(/permission denied/);
    });
  });

  describe("the app's normal path as the app's role", () => {
    it("seeds the demo shop, lists and resolves its events", async () => {
      const summary = await seedDemoData(handle.db);
      expect(summary?.events).toBeGreaterThan(100);
      const [demo] = await handle.db.select({ id: stores.id }).from(stores).where(eq(stores.slug, "demo"));
      const page = await listActivity(handle.db, demo!.id, { needsAttention: true }, { limit: 5 });
      expect(page.items.length).toBeGreaterThan(0);
      const ids = page.items.map((e) => e.id);
      expect((await resolveEvents(handle.db, { storeId: demo!.id, userId: null }, { ids })).resolved).toEqual(
        expect.arrayContaining(ids),
      );
    });

    it("runs the job queue: pg-boss's schema is the app's, so it creates its queues and works jobs", async () => {
      const config = parseConfig({});
      const queue: JobQueue = await startJobQueue(handle, { config, connectionString: handle.url });
      try {
        const [owner] = await handle.query<{ owner: string }>(
          "select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'pgboss'",
        );
        expect(owner?.owner).toBe(TEST_APP_ROLE);
        const id = await queue.send(handle.db, "sync-products", { storeId: uuidv7(), syncRunId: uuidv7() });
        expect(id).toBeTruthy();
      } finally {
        await queue.stop();
      }
    });

    it("db:migrate runs again without harm: the role exists, its grants are made again", async () => {
      await migrateServerDatabase({
        adminUrl: handle.ownerUrl!,
        appRole: TEST_APP_ROLE,
        appUrl: handle.url!,
      });
      const storeId = await createStore(handle.db);
      expect(await rowById(handle.db, await warning(storeId))).toBeDefined();
      expect(await refusal(attacker.query("delete from activity_log"))).toMatch(/permission denied/);
    });
  });
});
