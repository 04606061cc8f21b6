import type { DatabaseHandle } from "./types";

type Sql = Pick<DatabaseHandle, "query">;

/** The job queue's schema (pg-boss's tables); the app's role owns it. */
export const QUEUE_SCHEMA = "pgboss";

/**
 * The tables the app's role may only read and append to, and the columns it may change after
 * insert. Every other table in `public` is the app's working data: read, insert, update,
 * delete. A table added here is narrowed by the next `npm run db:migrate`.
 */
export const appendOnlyTables: Record<string, readonly string[]> = {
  activity_log: ["resolved_at", "resolved_by", "resolution_note"],
  // The seal: entries are only ever appended (its heads and progress are bookkeeping the app updates).
  activity_seals: [],
  // Claimed by activity_log's insert trigger, which runs as the writer; freed only by retention.
  activity_dedupe_keys: [],
};

/**
 * Partitioned tables whose partitions the app's role must not reach directly: it reads and
 * writes through the parent only, whose grants and guards then hold for every row. Partitions
 * come and go (the maintenance job makes them as the owner), so every `db:migrate` revokes
 * again whatever a blanket grant gave.
 */
export const partitionedTables = ["activity_log"];

/** The tables the app's role may only read: the record of deliberate deletes the seal trusts. */
export const readOnlyTables = ["activity_purges"] as const;

/** The functions the app's role may call beyond PostgreSQL's own (EXECUTE is revoked from PUBLIC). */
export const appFunctions = [
  "public.activity_purge_expired(uuid, integer)",
  "public.activity_scrub_personal(uuid, text, jsonb, jsonb, text)",
  "public.activity_maintain_partitions(integer)",
  "public.activity_drop_expired_partitions()",
  "public.activity_log_insert_contained(text)",
];

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function roleExists(db: Sql, role: string): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    "select exists (select 1 from pg_catalog.pg_roles where rolname = $1) as found",
    [role],
  );
  return rows[0]?.found === true;
}

/**
 * Creates the app's role when it does not exist: one that can sign in (with `password`, when
 * DATABASE_URL names one) and nothing else — no superuser, no CREATEDB, no CREATEROLE. An
 * existing role is left as it is (a managed database's admin may not create roles: create it
 * by hand, and this only grants). Two callers at once (parallel test files) are fine.
 */
export async function ensureAppRole(
  db: Sql,
  role: string,
  password: string | null,
): Promise<"created" | "existed"> {
  if (await roleExists(db, role)) return "existed";
  const [built] = await db.query<{ statement: string }>(
    password === null
      ? "select format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', $1::text) as statement"
      : "select format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', $1::text, $2::text) as statement",
    password === null ? [role] : [role, password],
  );
  try {
    await db.query(built!.statement);
  } catch (error) {
    // Another process created it between the look and the create.
    if ((error as { code?: string }).code === "42710" || (await roleExists(db, role))) return "existed";
    throw error;
  }
  return "created";
}

/**
 * The app's grants, made again on every `db:migrate` (so a new table or column is covered):
 * its working tables in full, the append-only tables read and insert only (and UPDATE of the
 * listed columns), the read-only ones read only, the retention function, and ownership of the job queue's schema, whose
 * queues pg-boss creates and partitions as it goes. It owns no other table, so it cannot
 * ALTER, DROP, TRUNCATE or disable a trigger on the activity log.
 */
export async function grantAppRole(db: Sql, role: string): Promise<void> {
  const r = quoteIdent(role);
  const statements = [
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    ...Object.entries(appendOnlyTables).flatMap(([table, columns]) => [
      `REVOKE ALL ON TABLE public.${quoteIdent(table)} FROM ${r}`,
      `GRANT SELECT, INSERT ON TABLE public.${quoteIdent(table)} TO ${r}`,
      ...(columns.length
        ? [
            `GRANT UPDATE (${columns.map(quoteIdent).join(", ")}) ON TABLE public.${quoteIdent(table)} TO ${r}`,
          ]
        : []),
    ]),
    ...readOnlyTables.flatMap((table) => [
      `REVOKE ALL ON TABLE public.${quoteIdent(table)} FROM ${r}`,
      `GRANT SELECT ON TABLE public.${quoteIdent(table)} TO ${r}`,
    ]),
    ...appFunctions.map((fn) => `GRANT EXECUTE ON FUNCTION ${fn} TO ${r}`),
  ];
  for (const statement of statements) await db.query(statement);
  await revokePartitions(db, role);
  await handOverQueueSchema(db, role);
}

/** Takes back every privilege on the partitions of `partitionedTables` (the parents keep theirs). */
async function revokePartitions(db: Sql, role: string): Promise<void> {
  const partitions = await db.query<{ statement: string }>(
    `select format('REVOKE ALL ON TABLE %s FROM %I', i.inhrelid::regclass, $2::text) as statement
       from pg_catalog.pg_inherits i
      where i.inhparent = any (select to_regclass(format('public.%I', t)) from jsonb_array_elements_text($1::text::jsonb) t)`,
    [JSON.stringify(partitionedTables), role],
  );
  for (const { statement } of partitions) await db.query(statement);
}

/** Gives the job queue's schema and everything in it to the app's role. */
async function handOverQueueSchema(db: Sql, role: string): Promise<void> {
  const owned = await db.query<{ statement: string }>(
    `select format('ALTER SCHEMA %I OWNER TO %I', n.nspname, $2::text) as statement
       from pg_catalog.pg_namespace n where n.nspname = $1 and pg_get_userbyid(n.nspowner) <> $2
     union all
     select format('ALTER %s %s OWNER TO %I',
                   case c.relkind when 'S' then 'SEQUENCE' when 'v' then 'VIEW' else 'TABLE' end,
                   c.oid::regclass, $2::text)
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p', 'S', 'v') and pg_get_userbyid(c.relowner) <> $2
        -- A sequence that belongs to a column follows its table.
        and (c.relkind <> 'S' or not exists (select 1 from pg_catalog.pg_depend d
                         where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
     union all
     select format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
       from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname = $1 and pg_get_userbyid(p.proowner) <> $2
     union all
     select format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $2::text)
       from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
      where n.nspname = $1 and t.typtype in ('e', 'd') and pg_get_userbyid(t.typowner) <> $2`,
    [QUEUE_SCHEMA, role],
  );
  for (const { statement } of owned) await db.query(statement);
}

/** Who the app is connected as, for the warning at start when it could rewrite history. */
export async function describeConnectedRole(
  db: Sql,
): Promise<{ role: string; superuser: boolean; ownsActivityLog: boolean }> {
  const [row] = await db.query<{ role: string; superuser: boolean; owns: boolean }>(
    `select current_user::text as role,
            coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false) as superuser,
            coalesce((select pg_has_role(current_user, c.relowner, 'USAGE')
                        from pg_catalog.pg_class c where c.oid = to_regclass('public.activity_log')), false) as owns`,
  );
  return { role: row!.role, superuser: row!.superuser, ownsActivityLog: row!.owns };
}
