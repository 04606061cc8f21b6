-- Every primary and unique key of a store's data leads with store_id, so each table can later
-- be distributed by store (Citus). Reference tables (users, stores, rate limits, login
-- attempts, the seal's progress) keep theirs. Dropping a primary key leaves its NOT NULL.
-- Orders, their items, products, variants and abandoned checkouts: keyed (store_id, id), and
-- their references carry the store too. A SET NULL names its column, so the store stays.
ALTER TABLE "abandoned_checkouts" DROP CONSTRAINT "abandoned_checkouts_recovered_order_id_orders_id_fk";--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_order_id_orders_id_fk";--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_product_id_products_id_fk";--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_variant_id_product_variants_id_fk";--> statement-breakpoint
ALTER TABLE "product_variants" DROP CONSTRAINT "product_variants_product_id_products_id_fk";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_publicToken_unique";--> statement-breakpoint
CREATE INDEX "orders_public_token_idx" ON "orders" USING btree ("public_token");--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_pkey";--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "order_items" DROP CONSTRAINT "order_items_pkey";--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "products" DROP CONSTRAINT "products_pkey";--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "product_variants" DROP CONSTRAINT "product_variants_pkey";--> statement-breakpoint
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "abandoned_checkouts" DROP CONSTRAINT "abandoned_checkouts_pkey";--> statement-breakpoint
ALTER TABLE "abandoned_checkouts" ADD CONSTRAINT "abandoned_checkouts_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "abandoned_checkouts" ADD CONSTRAINT "abandoned_checkouts_recovered_order_fk" FOREIGN KEY ("store_id","recovered_order_id") REFERENCES "public"."orders"("store_id","id") ON DELETE SET NULL ("recovered_order_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_fk" FOREIGN KEY ("store_id","order_id") REFERENCES "public"."orders"("store_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_fk" FOREIGN KEY ("store_id","product_id") REFERENCES "public"."products"("store_id","id") ON DELETE SET NULL ("product_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_variant_fk" FOREIGN KEY ("store_id","variant_id") REFERENCES "public"."product_variants"("store_id","id") ON DELETE SET NULL ("variant_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_product_fk" FOREIGN KEY ("store_id","product_id") REFERENCES "public"."products"("store_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_tokenHash_unique";--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_pkey";--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
CREATE INDEX "api_keys_token_hash_idx" ON "api_keys" USING btree ("token_hash");--> statement-breakpoint
ALTER TABLE "outbox_emails" DROP CONSTRAINT "outbox_emails_pkey";--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD CONSTRAINT "outbox_emails_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "saved_views" DROP CONSTRAINT "saved_views_pkey";--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
DROP INDEX "saved_views_name_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_name_unique" ON "saved_views" USING btree ("store_id","user_id",lower("name"));--> statement-breakpoint
ALTER TABLE "sync_runs" DROP CONSTRAINT "sync_runs_pkey";--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_store_id_id_pk" PRIMARY KEY("store_id","id");--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_user_id_store_id_pk";--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_store_id_user_id_pk" PRIMARY KEY("store_id","user_id");--> statement-breakpoint
DROP INDEX "memberships_store_idx";--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
-- A delivery is its (store, provider, provider's event id): that is the key itself now.
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_store_provider_event_unique";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_pkey";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_store_id_provider_provider_event_id_pk" PRIMARY KEY("store_id","provider","provider_event_id");--> statement-breakpoint

-- The activity log, range-partitioned by month of occurred_at (UTC): activity_log_yYYYYmMM holds
-- [first of the month, first of the next), activity_log_default whatever has no partition yet
-- (the maintenance job, activity_maintain_partitions(), moves it out and says so). The primary
-- key holds the partition key; dedupe keys are unique per store across partitions through
-- activity_dedupe_keys. Partitions are the owner's alone: the app reaches rows only through
-- activity_log, so its guards and grants cannot be bypassed through a partition.
CREATE TABLE "activity_dedupe_keys" (
	"store_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"activity_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_dedupe_keys_store_id_dedupe_key_pk" PRIMARY KEY("store_id","dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "activity_log" RENAME TO "activity_log_unpartitioned";--> statement-breakpoint
ALTER TABLE "activity_log_unpartitioned" RENAME CONSTRAINT "activity_log_pkey" TO "activity_log_unpartitioned_pkey";--> statement-breakpoint
DROP TRIGGER "activity_log_notify" ON "activity_log_unpartitioned";--> statement-breakpoint
DROP INDEX "activity_log_order_timeline_idx";--> statement-breakpoint
DROP INDEX "activity_log_feed_idx";--> statement-breakpoint
DROP INDEX "activity_log_attention_idx";--> statement-breakpoint
DROP INDEX "activity_log_type_idx";--> statement-breakpoint
DROP INDEX "activity_log_inserted_idx";--> statement-breakpoint
DROP INDEX "activity_log_resolved_idx";--> statement-breakpoint
DROP INDEX "activity_log_redacted_idx";--> statement-breakpoint
DROP INDEX "activity_log_dedupe_key_idx";--> statement-breakpoint
CREATE TABLE "activity_log" (
	"id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"order_id" uuid,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"source" text NOT NULL,
	"visibility" text DEFAULT 'internal' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changes" jsonb,
	"correlation_id" text,
	"dedupe_key" text,
	"ip_address" text,
	"user_agent" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution_note" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"inserted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seal_salt" uuid DEFAULT gen_random_uuid(),
	"redactions" jsonb,
	"redacted_at" timestamp with time zone,
	CONSTRAINT "activity_log_store_id_id_occurred_at_pk" PRIMARY KEY("store_id","id","occurred_at"),
	CONSTRAINT "activity_log_level_valid" CHECK ("activity_log"."level" in ('info', 'warning', 'error')),
	CONSTRAINT "activity_log_actor_type_valid" CHECK ("activity_log"."actor_type" in ('user', 'system', 'worker', 'integration')),
	CONSTRAINT "activity_log_source_valid" CHECK ("activity_log"."source" in ('admin', 'webhook', 'worker', 'api', 'system')),
	CONSTRAINT "activity_log_visibility_valid" CHECK ("activity_log"."visibility" in ('internal', 'customer', 'debug')),
	CONSTRAINT "activity_log_resolution_consistent" CHECK ("activity_log"."resolved_at" is not null or ("activity_log"."resolved_by" is null and "activity_log"."resolution_note" is null))
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
CREATE TABLE "activity_log_default" PARTITION OF "activity_log" DEFAULT;--> statement-breakpoint
-- One month's partition. Made as a table of its own and attached, which takes only a SHARE
-- UPDATE EXCLUSIVE lock on activity_log (reads and writes go on); rows of that month already in
-- the DEFAULT partition are moved into it first. Owner only (not granted to the app).
CREATE FUNCTION activity_log_create_partition(p_month date)
RETURNS TABLE (partition_name text, created boolean, moved integer, stores jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_month date := date_trunc('month', p_month)::date;
  v_from timestamptz := v_month::timestamp AT TIME ZONE 'UTC';
  v_to timestamptz := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  v_name text := format('activity_log_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
  v_moved integer := 0;
  v_stores jsonb := '{}'::jsonb;
BEGIN
  IF to_regclass(format('public.%I', v_name)) IS NOT NULL THEN
    RETURN QUERY SELECT v_name, false, 0, '{}'::jsonb;
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE public.%I (LIKE public.activity_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
  SELECT coalesce(jsonb_object_agg(d.store_id::text, d.n), '{}'::jsonb), coalesce(sum(d.n), 0)::integer
    INTO v_stores, v_moved
    FROM (SELECT a.store_id, count(*) AS n FROM public.activity_log_default a
           WHERE a.occurred_at >= v_from AND a.occurred_at < v_to GROUP BY a.store_id) d;
  IF v_moved > 0 THEN
    EXECUTE format('INSERT INTO public.%I SELECT * FROM public.activity_log_default WHERE occurred_at >= $1 AND occurred_at < $2', v_name)
      USING v_from, v_to;
    -- The rows move, not go: the delete guard lets the owner through for this statement only.
    PERFORM set_config('storyline.activity_purge', 'on', true);
    DELETE FROM public.activity_log_default a WHERE a.occurred_at >= v_from AND a.occurred_at < v_to;
    PERFORM set_config('storyline.activity_purge', '', true);
  END IF;
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (occurred_at >= %L AND occurred_at < %L)',
    v_name, v_name || '_bound', v_from, v_to);
  EXECUTE format('ALTER TABLE public.activity_log ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', v_name, v_name || '_bound');
  RETURN QUERY SELECT v_name, true, v_moved, v_stores;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_log_create_partition(date) FROM PUBLIC;--> statement-breakpoint
-- The maintenance job's work: a partition for this month and the next p_months_ahead, and one
-- for every month the DEFAULT partition holds rows of (those rows are moved into it). Returns
-- the partitions it made, with how many rows it moved out of DEFAULT, per store.
CREATE FUNCTION activity_maintain_partitions(p_months_ahead integer DEFAULT 3)
RETURNS TABLE (partition_name text, created boolean, moved integer, stores jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_month date;
  v_first date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
BEGIN
  IF p_months_ahead IS NULL OR p_months_ahead < 0 OR p_months_ahead > 36 THEN
    RAISE EXCEPTION 'activity_maintain_partitions: p_months_ahead must be between 0 and 36'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('storyline.activity_log_partitions'));
  FOR v_month IN
    SELECT m.month FROM (
      SELECT g::date AS month FROM generate_series(v_first, v_first + make_interval(months => p_months_ahead), interval '1 month') g
      UNION
      SELECT DISTINCT date_trunc('month', d.occurred_at AT TIME ZONE 'UTC')::date FROM public.activity_log_default d
    ) m ORDER BY m.month
  LOOP
    RETURN QUERY SELECT c.partition_name, c.created, c.moved, c.stores
      FROM public.activity_log_create_partition(v_month) c WHERE c.created;
  END LOOP;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_maintain_partitions(integer) FROM PUBLIC;--> statement-breakpoint
-- Whole months past every store's retention, detached and dropped (with their dedupe keys): a
-- month goes only when every store with rows in it keeps activity for a limited time (NULL
-- keeps it for ever; a store that no longer exists keeps it too, to be safe), the month ended
-- before the longest of those retentions (never less than 30 days), and nothing in it was
-- recorded since. The stores present are found by a skip scan of the store_id index.
CREATE FUNCTION activity_drop_expired_partitions()
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
    EXECUTE format('ALTER TABLE public.activity_log DETACH PARTITION public.%I', r.name);
    EXECUTE format('DROP TABLE public.%I', r.name);
    partition_name := r.name;
    dropped_rows := v_rows;
    RETURN NEXT;
  END LOOP;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_drop_expired_partitions() FROM PUBLIC;--> statement-breakpoint
-- Partitions from the oldest row's month (and at least the two before this one, for the
-- back-dated history the demo seeds; every partition costs an unbounded read one more index
-- probe, so no more) to three months ahead, then every row copied in
-- batches of 20,000 in id order (the old primary key), with progress. A count that differs
-- stops the migration: nothing is dropped unless every row is in the new table.
DO $$
DECLARE
  v_month date;
  v_oldest date;
  v_total bigint;
  v_copied bigint := 0;
  v_after uuid := '00000000-0000-0000-0000-000000000000';
  v_until uuid;
  v_batch bigint;
BEGIN
  SELECT date_trunc('month', min(occurred_at) AT TIME ZONE 'UTC')::date, count(*)
    INTO v_oldest, v_total FROM activity_log_unpartitioned;
  FOR v_month IN
    SELECT g::date FROM generate_series(
      least(coalesce(v_oldest, date_trunc('month', now() AT TIME ZONE 'UTC')::date),
            date_trunc('month', now() AT TIME ZONE 'UTC')::date - interval '2 months')::date,
      date_trunc('month', now() AT TIME ZONE 'UTC')::date + interval '3 months', interval '1 month') g
  LOOP
    PERFORM activity_log_create_partition(v_month);
  END LOOP;
  LOOP
    SELECT id INTO v_until FROM activity_log_unpartitioned WHERE id > v_after ORDER BY id OFFSET 19999 LIMIT 1;
    INSERT INTO activity_log (
      id, store_id, event_type, level, message, entity_type, entity_id, order_id, actor_type, actor_id,
      actor_label, source, visibility, payload, changes, correlation_id, dedupe_key, ip_address, user_agent,
      resolved_at, resolved_by, resolution_note, occurred_at, inserted_at, seal_salt, redactions, redacted_at)
    SELECT id, store_id, event_type, level, message, entity_type, entity_id, order_id, actor_type, actor_id,
      actor_label, source, visibility, payload, changes, correlation_id, dedupe_key, ip_address, user_agent,
      resolved_at, resolved_by, resolution_note, occurred_at, inserted_at, seal_salt, redactions, redacted_at
      FROM activity_log_unpartitioned
     WHERE id > v_after AND (v_until IS NULL OR id <= v_until);
    GET DIAGNOSTICS v_batch = ROW_COUNT;
    v_copied := v_copied + v_batch;
    IF v_total > 0 THEN
      RAISE NOTICE 'activity_log partitioning: % of % rows copied', v_copied, v_total;
    END IF;
    EXIT WHEN v_until IS NULL;
    v_after := v_until;
  END LOOP;
  IF v_copied <> v_total OR (SELECT count(*) FROM activity_log) <> v_total THEN
    RAISE EXCEPTION 'activity_log partitioning: copied % rows of %; nothing changed', v_copied, v_total;
  END IF;
  INSERT INTO activity_dedupe_keys (store_id, dedupe_key, activity_id, occurred_at)
    SELECT store_id, dedupe_key, id, occurred_at FROM activity_log_unpartitioned WHERE dedupe_key IS NOT NULL;
END
$$;
--> statement-breakpoint
DROP TABLE "activity_log_unpartitioned";--> statement-breakpoint
CREATE INDEX "activity_log_order_timeline_idx" ON "activity_log" USING btree ("order_id","occurred_at","id") WHERE "activity_log"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "activity_log_feed_idx" ON "activity_log" USING btree ("store_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "activity_log_attention_idx" ON "activity_log" USING btree ("store_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "activity_log"."level" in ('warning', 'error') and "activity_log"."resolved_at" is null and "activity_log"."visibility" <> 'debug';--> statement-breakpoint
CREATE INDEX "activity_log_type_idx" ON "activity_log" USING btree ("store_id","event_type","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "activity_log_inserted_idx" ON "activity_log" USING btree ("inserted_at");--> statement-breakpoint
CREATE INDEX "activity_log_resolved_idx" ON "activity_log" USING btree ("resolved_at") WHERE "activity_log"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "activity_log_redacted_idx" ON "activity_log" USING btree ("redacted_at") WHERE "activity_log"."redacted_at" is not null;--> statement-breakpoint
-- The guards of 0001/0008, on the partitioned table: row triggers are cloned onto every
-- partition, present and future, so they hold however a row is reached.
CREATE TRIGGER activity_log_guard_update BEFORE UPDATE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_reject_update();--> statement-breakpoint
CREATE TRIGGER activity_log_guard_delete BEFORE DELETE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_reject_delete();--> statement-breakpoint
CREATE TRIGGER activity_log_guard_truncate BEFORE TRUNCATE ON activity_log
  FOR EACH STATEMENT EXECUTE FUNCTION activity_log_reject_truncate();--> statement-breakpoint
-- 0009's announcement: a statement trigger with a transition table on the partitioned table
-- sees the rows inserted into every partition.
CREATE TRIGGER activity_log_notify AFTER INSERT ON activity_log
  REFERENCING NEW TABLE AS activity_log_inserted
  FOR EACH STATEMENT EXECUTE FUNCTION activity_log_notify();--> statement-breakpoint
-- A dedupe key is claimed in the same statement as its row: when the store already holds the
-- key (in any month) the row is skipped, as ON CONFLICT DO NOTHING skipped it before.
CREATE FUNCTION activity_log_claim_dedupe_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.dedupe_key IS NULL THEN
    RETURN NEW;
  END IF;
  INSERT INTO public.activity_dedupe_keys (store_id, dedupe_key, activity_id, occurred_at)
    VALUES (NEW.store_id, NEW.dedupe_key, NEW.id, NEW.occurred_at)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN
    RETURN NEW;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER activity_log_dedupe BEFORE INSERT ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_claim_dedupe_key();--> statement-breakpoint
-- The retention purge of 0008, now also freeing the dedupe keys of the rows it removes, and
-- deleting by the full key so each row is found in its own partition.
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
