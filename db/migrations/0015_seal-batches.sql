-- The sealed history moves from one entry per row to one entry per seal pass and store, whose
-- manifest lists every record it seals (65 bytes each: kind, activity id, the row's occurred_at
-- and inserted_at in microseconds, sha256 of the sealed form). The chain of the old layout cannot be carried
-- over entry by entry, so it is discarded and the whole log is sealed again from scratch by the
-- next seal pass (its hashes of each row's form are the same). Checkpoints signed over the old
-- chain (v1) stop counting: the verifier compares only v2 checkpoints, the next of which is
-- signed within 15 minutes.
DELETE FROM "activity_seals";--> statement-breakpoint
DELETE FROM "activity_seal_heads";--> statement-breakpoint
DELETE FROM "activity_seal_progress";--> statement-breakpoint
ALTER TABLE "activity_seals" DROP CONSTRAINT "activity_seals_kind_valid";--> statement-breakpoint
DROP INDEX "activity_seals_activity_idx";--> statement-breakpoint
ALTER TABLE "activity_seals" DROP COLUMN "activity_id";--> statement-breakpoint
ALTER TABLE "activity_seals" DROP COLUMN "kind";--> statement-breakpoint
ALTER TABLE "activity_seals" DROP COLUMN "entry_at";--> statement-breakpoint
ALTER TABLE "activity_seals" DROP COLUMN "row_hash";--> statement-breakpoint
ALTER TABLE "activity_seals" ADD COLUMN "records" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_seals" ADD COLUMN "manifest" bytea NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_seals" ADD COLUMN "last_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_seals" ADD CONSTRAINT "activity_seals_manifest_size" CHECK (length("activity_seals"."manifest") = "activity_seals"."records" * 65);--> statement-breakpoint
ALTER TABLE "activity_seal_progress" ADD COLUMN "sealed_id" uuid;--> statement-breakpoint
-- The seal reads rows in (inserted_at, id) order from where the last read stopped: a range scan.
DROP INDEX "activity_log_inserted_idx";--> statement-breakpoint
CREATE INDEX "activity_log_inserted_idx" ON "activity_log" USING btree ("inserted_at","id");--> statement-breakpoint
CREATE TABLE "activity_purges" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "activity_purges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" uuid NOT NULL,
	"occurred_before" timestamp with time zone NOT NULL,
	"inserted_before" timestamp with time zone NOT NULL,
	"deleted" bigint NOT NULL,
	"reason" text NOT NULL,
	"purged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_purges_store_id_id_pk" PRIMARY KEY("store_id","id")
);
--> statement-breakpoint
-- Every record of every entry, one row each: for reading the seal with SQL (tests, audits).
CREATE VIEW "activity_seal_records" AS
SELECT s.store_id, s.seq, i AS position,
       CASE get_byte(s.manifest, i * 65) WHEN 1 THEN 'row' WHEN 2 THEN 'resolution' ELSE 'redaction' END AS kind,
       encode(substring(s.manifest FROM i * 65 + 2 FOR 16), 'hex')::uuid AS activity_id,
       to_timestamp(('x' || encode(substring(s.manifest FROM i * 65 + 18 FOR 8), 'hex'))::bit(64)::bigint / 1000000.0) AS occurred_at,
       to_timestamp(('x' || encode(substring(s.manifest FROM i * 65 + 26 FOR 8), 'hex'))::bit(64)::bigint / 1000000.0) AS inserted_at,
       encode(substring(s.manifest FROM i * 65 + 34 FOR 32), 'hex') AS row_hash
  FROM activity_seals s CROSS JOIN LATERAL generate_series(0, s.records - 1) AS i;
--> statement-breakpoint
-- Records a deliberate delete, so that the verifier accepts the sealed rows it removed: every row
-- of the store that occurred before p_occurred_before
-- and was recorded before p_inserted_before. For whoever deletes rows on purpose as the table's
-- owner (the retention purge below; a drop of a whole partition), never the app: a record more
-- recent than the 30-day retention floor is refused, so no record can excuse deleting a row the
-- retention could not have removed.
CREATE FUNCTION activity_record_purge(p_store_id uuid, p_occurred_before timestamptz,
  p_inserted_before timestamptz, p_deleted bigint, p_reason text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF p_store_id IS NULL OR p_occurred_before IS NULL OR p_inserted_before IS NULL
     OR greatest(p_occurred_before, p_inserted_before) > clock_timestamp() - interval '30 days' THEN
    RAISE EXCEPTION 'activity_record_purge: a purge names its store and covers only rows older than 30 days'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO public.activity_purges (store_id, occurred_before, inserted_before, deleted, reason)
  VALUES (p_store_id, p_occurred_before, p_inserted_before, coalesce(p_deleted, 0), coalesce(p_reason, 'purge'));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_record_purge(uuid, timestamptz, timestamptz, bigint, text) FROM PUBLIC;--> statement-breakpoint
CREATE OR REPLACE FUNCTION activity_purge_expired(p_store_id uuid, p_max_rows integer DEFAULT 1000)
RETURNS TABLE (deleted integer, cutoff timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_days integer;
  v_cutoff timestamptz;
  v_deleted integer;
  v_oldest timestamptz;
  v_newest timestamptz;
  v_now timestamptz := clock_timestamp();
BEGIN
  IF p_max_rows IS NULL OR p_max_rows < 1 OR p_max_rows > 10000 THEN
    RAISE EXCEPTION 'activity_purge_expired: p_max_rows must be between 1 and 10000'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT s.activity_retention_days INTO v_days FROM public.stores s WHERE s.id = p_store_id;
  IF v_days IS NULL THEN
    -- No such store, or it keeps its activity for ever.
    RETURN QUERY SELECT 0, NULL::timestamptz;
    RETURN;
  END IF;
  v_cutoff := v_now - make_interval(days => greatest(v_days, 30));

  PERFORM set_config('storyline.activity_purge', 'on', true);
  -- Past retention both by when it happened and by when it was recorded: a row written
  -- yesterday with an old occurred_at stays until it, too, is old.
  WITH doomed AS (
    SELECT a.id, a.occurred_at FROM public.activity_log a
     WHERE a.store_id = p_store_id AND a.occurred_at < v_cutoff AND a.inserted_at < v_cutoff
     ORDER BY a.occurred_at, a.id
     LIMIT p_max_rows
  ), gone AS (
    DELETE FROM public.activity_log a USING doomed d
     WHERE a.store_id = p_store_id AND a.id = d.id AND a.occurred_at = d.occurred_at
    RETURNING a.id, a.occurred_at, a.dedupe_key
  ), freed AS (
    DELETE FROM public.activity_dedupe_keys k USING gone g
     WHERE k.store_id = p_store_id AND k.dedupe_key = g.dedupe_key AND k.activity_id = g.id
  )
  SELECT count(*)::integer, min(g.occurred_at), max(g.occurred_at) INTO v_deleted, v_oldest, v_newest FROM gone g;
  PERFORM set_config('storyline.activity_purge', '', true);

  IF v_deleted > 0 THEN
    -- What the sealed history's verifier reads to accept the rows gone.
    PERFORM public.activity_record_purge(p_store_id, v_cutoff, v_cutoff, v_deleted, 'retention');
    -- The record of the purge, written here so that no caller can purge without it. The id is
    -- a UUIDv7 (PostgreSQL 15 has no uuidv7()); the message matches the catalog's template.
    INSERT INTO public.activity_log (
      id, store_id, event_type, level, message, entity_type, entity_id, actor_type, actor_label,
      source, visibility, payload, occurred_at, inserted_at
    ) VALUES (
      encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM v_now) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
        52, 1), 53, 1), 'hex')::uuid,
      p_store_id, 'activity.purged', 'info',
      format('Retention removed %s %s that occurred before %s', v_deleted,
        CASE WHEN v_deleted = 1 THEN 'event' ELSE 'events' END,
        to_char(v_cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD')),
      'store', p_store_id::text, 'system', 'Retention', 'system', 'internal',
      jsonb_build_object(
        'deleted', v_deleted,
        'retentionDays', greatest(v_days, 30),
        'before', to_char(v_cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'oldest', to_char(v_oldest AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'newest', to_char(v_newest AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      ),
      v_now, v_now
    );
  END IF;
  RETURN QUERY SELECT v_deleted, v_cutoff;
END
$$;
--> statement-breakpoint
-- A dropped month is a recorded purge too.
CREATE OR REPLACE FUNCTION activity_drop_expired_partitions()
RETURNS TABLE (partition_name text, dropped_rows bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r record;
  v_now timestamptz := clock_timestamp();
  v_to timestamptz;
  v_stores uuid[];
  v_blocked boolean;
  v_cutoff timestamptz;
  v_newest timestamptz;
  v_rows bigint;
  v_ids uuid[];
  v_counts bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('storyline.activity_log_partitions'));
  FOR r IN
    SELECT c.relname::text AS name, to_date(substr(c.relname, 15, 4) || substr(c.relname, 20, 2), 'YYYYMM') AS month
      FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'public.activity_log'::regclass AND c.relname ~ '^activity_log_y[0-9]{4}m[0-9]{2}$'
     ORDER BY 2
  LOOP
    v_to := (r.month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    CONTINUE WHEN v_to > v_now - interval '30 days';
    EXECUTE format(
      'WITH RECURSIVE s AS ((SELECT store_id FROM public.%1$I ORDER BY store_id LIMIT 1)
         UNION ALL SELECT (SELECT a.store_id FROM public.%1$I a WHERE a.store_id > s.store_id ORDER BY a.store_id LIMIT 1)
           FROM s WHERE s.store_id IS NOT NULL)
       SELECT array_agg(store_id) FROM s WHERE store_id IS NOT NULL', r.name) INTO v_stores;
    CONTINUE WHEN v_stores IS NULL;
    SELECT bool_or(st.id IS NULL OR st.activity_retention_days IS NULL),
           min(v_now - make_interval(days => greatest(st.activity_retention_days, 30)))
      INTO v_blocked, v_cutoff
      FROM unnest(v_stores) u(id) LEFT JOIN public.stores st ON st.id = u.id;
    CONTINUE WHEN v_blocked OR v_to > v_cutoff;
    EXECUTE format('SELECT max(inserted_at), count(*) FROM public.%I', r.name) INTO v_newest, v_rows;
    CONTINUE WHEN v_newest >= v_cutoff;
    EXECUTE format('DELETE FROM public.activity_dedupe_keys k USING public.%I a
                     WHERE a.dedupe_key IS NOT NULL AND k.store_id = a.store_id AND k.dedupe_key = a.dedupe_key
                       AND k.activity_id = a.id', r.name);
    -- What the sealed history's verifier reads to accept the month's rows gone: every row in it
    -- occurred before the month's end and was recorded no later than the newest of them.
    EXECUTE format('SELECT array_agg(store_id), array_agg(n) FROM
                      (SELECT store_id, count(*) AS n FROM public.%I GROUP BY store_id) c', r.name)
      INTO v_ids, v_counts;
    PERFORM public.activity_record_purge(u.id, v_to, v_newest + interval '1 microsecond', u.n,
      'partition ' || r.name) FROM unnest(v_ids, v_counts) u(id, n);
    EXECUTE format('ALTER TABLE public.activity_log DETACH PARTITION public.%I', r.name);
    EXECUTE format('DROP TABLE public.%I', r.name);
    partition_name := r.name;
    dropped_rows := v_rows;
    RETURN NEXT;
  END LOOP;
END
$$;
