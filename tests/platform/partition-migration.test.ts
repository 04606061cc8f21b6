import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "@/lib/platform/db/migrations-folder";

/**
 * The partitioning migration on a database that already has history: migrated to the migration before it, given
 * rows over many months and stores (dedupe keys, resolutions, order timelines), then taken to
 * the latest migration. Every row must survive unchanged, every dedupe key still hold, and the
 * guards still refuse. On PGlite, or on the server named by DATABASE_URL.
 */
const ROWS_PER_STORE = 15_000;
const STORES = 3;

type Sql = {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  migrate(folder: string): Promise<void>;
};

let db: Sql;
let close: () => Promise<void>;
const folders: string[] = [];

/** A copy of the migrations folder holding only the first `count` migrations. */
function firstMigrations(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "storyline-migrations-"));
  folders.push(dir);
  mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"));
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  for (const entry of journal.entries as { tag: string }[])
    copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

async function openDatabase(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const client = new PGlite();
    const orm = drizzlePglite({ client, casing: "snake_case" });
    db = {
      query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
      migrate: (folder) => migratePglite(orm, { migrationsFolder: folder }),
    };
    close = () => client.close();
    return;
  }
  const name = `storyline_partmig_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const cluster = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await cluster.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const orm = drizzlePostgres({ client, casing: "snake_case" });
  db = {
    query: async <T>(text: string, params: unknown[] = []) =>
      (await client.unsafe(text, params as never[])) as unknown as T[],
    migrate: (folder) => migratePostgres(orm, { migrationsFolder: folder }),
  };
  close = async () => {
    await client.end();
    await cluster.unsafe(`drop database if exists ${name} with (force)`);
    await cluster.end();
  };
}

const fingerprint = async () => {
  const [row] = await db.query<{ n: number; sum: string; keyed: number; resolved: number }>(
    `select count(*)::int as n, md5(string_agg(to_jsonb(a)::text, '|' order by a.id)) as sum,
            (count(*) filter (where a.dedupe_key is not null))::int as keyed,
            (count(*) filter (where a.resolved_at is not null))::int as resolved
       from activity_log a`,
  );
  return row!;
};

async function refusal(statement: string): Promise<string> {
  const error = await db.query(statement).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${statement} should have been refused`).toBeInstanceOf(Error);
  return (error as Error).message;
}

let before: Awaited<ReturnType<typeof fingerprint>>;
let storeIds: string[];

beforeAll(async () => {
  await openDatabase();
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"));
  const upTo = (journal.entries as { tag: string }[]).findIndex(
    (e) => e.tag === "0014_partitioned-activity-log",
  );
  expect(upTo).toBeGreaterThan(0);
  await db.migrate(firstMigrations(upTo));

  const stores = await db.query<{ id: string }>(
    `insert into stores (id, slug, name, activity_retention_days)
     select gen_random_uuid(), 'mig-' || g, 'Store ' || g, case when g = 1 then 30 end from generate_series(1, ${STORES}) g returning id`,
  );
  storeIds = stores.map((s) => s.id);
  // Rows over 30 months back to two ahead, most of them on an order's timeline, every fifth
  // with a dedupe key, every seventh a resolved warning; plus one imported from 2019.
  for (const storeId of storeIds)
    await db.query(
      `insert into activity_log (id, store_id, event_type, level, message, order_id, actor_type, actor_label, source,
                                 payload, dedupe_key, resolved_at, resolved_by, resolution_note, occurred_at, inserted_at)
       select gen_random_uuid(), $1::uuid, 'order.note_added',
              case when g % 7 = 0 then 'warning' else 'info' end, 'Row ' || g,
              case when g % 3 <> 0 then md5($1 || (g % 500)::text)::uuid end, 'system', 'Storyline', 'system',
              jsonb_build_object('n', g),
              case when g % 5 = 0 then 'key:' || g end,
              case when g % 7 = 0 then now() - interval '1 day' end,
              case when g % 7 = 0 then gen_random_uuid() end,
              case when g % 7 = 0 then 'handled' end,
              now() - make_interval(mins => (g * 2903) % (30 * 30 * 24 * 60)) + interval '60 days',
              now() - make_interval(mins => g)
         from generate_series(1, ${ROWS_PER_STORE}) g`,
      [storeId],
    );
  await db.query(
    `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, dedupe_key, occurred_at)
     values (gen_random_uuid(), $1, 'order.note_added', 'info', 'imported', 'system', 'Storyline', 'system', 'imported:1', '2019-03-14T09:00:00Z')`,
    [storeIds[0]],
  );
  await db.query(
    `insert into webhook_deliveries (id, store_id, provider, provider_event_id, event_type, payload)
     values (gen_random_uuid(), $1, 'stripe', 'evt_1', 'checkout.session.completed', '{}')`,
    [storeIds[0]],
  );
  before = await fingerprint();
  expect(before.n).toBe(STORES * ROWS_PER_STORE + 1);

  await db.migrate(migrationsFolder);
}, 300_000);

afterAll(async () => {
  await close?.();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("the partitioning migration on a database with history", () => {
  it("keeps every row exactly as it was", async () => {
    expect(await fingerprint()).toEqual(before);
    const [{ kind } = { kind: "" }] = await db.query<{ kind: string }>(
      "select relkind::text as kind from pg_class where oid = 'public.activity_log'::regclass",
    );
    expect(kind).toBe("p");
    expect(await db.query("select 1 from pg_class where relname = 'activity_log_unpartitioned'")).toEqual([]);
  });

  it("puts each row into its month's partition, from the oldest row's month to three months ahead", async () => {
    const rows = await db.query<{ partition: string; n: number; misplaced: number }>(
      `select tableoid::regclass::text as partition, count(*)::int as n,
              (count(*) filter (where tableoid::regclass::text <>
                 'activity_log_y' || to_char(occurred_at at time zone 'UTC', 'YYYY') || 'm' || to_char(occurred_at at time zone 'UTC', 'MM')))::int as misplaced
         from activity_log group by 1 order by 1`,
    );
    expect(rows.map((r) => r.partition)).not.toContain("activity_log_default");
    expect(rows.reduce((sum, r) => sum + r.misplaced, 0)).toBe(0);
    const names = (
      await db.query<{ name: string }>(
        `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'public.activity_log'::regclass order by 1`,
      )
    ).map((r) => r.name);
    expect(names[0]).toBe("activity_log_default");
    expect(names[1]).toBe("activity_log_y2019m03");
    const ahead = new Date();
    ahead.setUTCDate(1);
    ahead.setUTCMonth(ahead.getUTCMonth() + 3);
    expect(names.at(-1)).toBe(
      `activity_log_y${ahead.getUTCFullYear()}m${String(ahead.getUTCMonth() + 1).padStart(2, "0")}`,
    );
  });

  it("keeps every dedupe key, pointing at its row", async () => {
    const [keys] = await db.query<{ n: number; matched: number }>(
      `select count(*)::int as n,
              (count(*) filter (where exists (select 1 from activity_log a where a.store_id = k.store_id and a.id = k.activity_id
                 and a.occurred_at = k.occurred_at and a.dedupe_key = k.dedupe_key)))::int as matched
         from activity_dedupe_keys k`,
    );
    expect(keys).toEqual({ n: before.keyed, matched: before.keyed });
    // A key seen before the migration still holds, whatever month the repeat is dated in.
    const inserted = await db.query(
      `insert into activity_log (id, store_id, event_type, level, message, actor_type, actor_label, source, dedupe_key, occurred_at)
       values (gen_random_uuid(), $1, 'order.note_added', 'info', 'again', 'system', 'Storyline', 'system', 'imported:1', now())
       returning id`,
      [storeIds[0]],
    );
    expect(inserted).toEqual([]);
  });

  it("still refuses to rewrite or delete history", async () => {
    expect(await refusal("update activity_log set message = 'rewritten' where message = 'Row 10'")).toMatch(
      /append-only/,
    );
    expect(
      await refusal("update activity_log set resolution_note = 'undone' where resolved_at is not null"),
    ).toMatch(/a resolution is written once/);
    expect(await refusal("delete from activity_log where message = 'Row 10'")).toMatch(/append-only/);
    expect(await refusal("truncate activity_log")).toMatch(/append-only|TRUNCATE/);
    expect(await fingerprint()).toEqual(before);
  });

  it("migrates the other store tables' keys with their rows", async () => {
    const [row] = await db.query<{ n: number }>("select count(*)::int as n from webhook_deliveries");
    expect(row!.n).toBe(1);
    expect(
      (
        await refusal(
          `insert into webhook_deliveries (id, store_id, provider, provider_event_id, event_type, payload)
         values (gen_random_uuid(), '${storeIds[0]}', 'stripe', 'evt_1', 'checkout.session.completed', '{}')`,
        )
      ).toLowerCase(),
    ).toMatch(/duplicate key/);
  });
});
