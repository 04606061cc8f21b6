import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";

/**
 * The rule that lets the schema be distributed by store (Citus) when one server is outgrown:
 * every table of a store's data has a store_id, and every primary and unique key of such a
 * table leads with it (a distributed table can only enforce a key that holds the distribution
 * column), as does every foreign key between them. The rest are reference tables, listed here
 * by name, so a new table must be put on one side or the other.
 */
const referenceTables = [
  "activity_counts_progress", // the chart counts' one-row bookmark
  "activity_seal_progress", // the seal's one-row bookmark
  "login_attempts", // per account and IP, before any store is known
  "rate_limits", // keyed by the limit's own key
  "stores", // the tenants themselves: distributed by id, or a reference table
  "users", // people, who may belong to several stores
];

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.dispose();
});

type TableRow = { name: string; store_scoped: boolean };
type KeyRow = { table: string; key: string; columns: string[] };

const tables = () =>
  handle.owner.query<TableRow>(
    `select c.relname::text as name,
            exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'store_id' and not a.attisdropped) as store_scoped
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );

const columnsOf = (
  array: string,
) => `array(select a.attname::text from unnest(${array}) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.ord)`;

describe("every key of a store's table leads with store_id", () => {
  it("sorts every table: store-scoped, or one of the listed reference tables", async () => {
    const all = await tables();
    expect(all.filter((t) => !t.store_scoped).map((t) => t.name)).toEqual(referenceTables);
    expect(all.filter((t) => t.store_scoped).length).toBeGreaterThan(10);
  });

  it("every primary and unique key (and unique index) of a store-scoped table starts with store_id", async () => {
    const keys = await handle.owner.query<KeyRow>(
      `select c.relname::text as table, i.relname::text as key,
              ${columnsOf("x.indkey::int2[]")} as columns
         from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and x.indisunique and not c.relispartition
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'store_id')
        order by 1, 2`,
    );
    expect(keys.length).toBeGreaterThan(10);
    const wrong = keys.filter((k) => k.columns[0] !== "store_id");
    expect(wrong).toEqual([]);
    // Including the ones this rule was written for.
    expect(keys).toEqual(
      expect.arrayContaining([
        {
          table: "activity_log",
          key: "activity_log_store_id_id_occurred_at_pk",
          columns: ["store_id", "id", "occurred_at"],
        },
        {
          table: "activity_dedupe_keys",
          key: "activity_dedupe_keys_store_id_dedupe_key_pk",
          columns: ["store_id", "dedupe_key"],
        },
        {
          table: "webhook_deliveries",
          key: "webhook_deliveries_store_id_provider_provider_event_id_pk",
          columns: ["store_id", "provider", "provider_event_id"],
        },
      ]),
    );
  });

  it("every foreign key between store-scoped tables carries store_id on both sides", async () => {
    const foreign = await handle.owner.query<KeyRow & { references: string; referenced: string[] }>(
      `select c.relname::text as table, k.conname::text as key, ${columnsOf("k.conkey")} as columns,
              r.relname::text as references,
              array(select a.attname::text from unnest(k.confkey) with ordinality f(attnum, ord)
                      join pg_attribute a on a.attrelid = r.oid and a.attnum = f.attnum order by f.ord) as referenced
         from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and k.contype = 'f' and not c.relispartition
        order by 1, 2`,
    );
    const betweenStoreTables = foreign.filter((f) => !referenceTables.includes(f.references));
    expect(betweenStoreTables.length).toBeGreaterThan(3);
    expect(
      betweenStoreTables.filter((f) => f.columns[0] !== "store_id" || f.referenced[0] !== "store_id"),
    ).toEqual([]);
  });
});
