-- Least privilege for the activity log (the grants themselves are made by `npm run db:migrate`,
-- which knows the app's role; see docs/security.md):
--   * a resolution is written once: unresolved → resolved, never changed or undone;
--   * DELETE happens only inside activity_purge_expired(), a SECURITY DEFINER function owned
--     by the table's owner, which removes only rows past the store's retention (never younger
--     than 30 days), a bounded batch at a time, and records what it removed in the log itself.
--     The session setting any role could set (storyline.activity_retention) no longer opens it.
CREATE OR REPLACE FUNCTION activity_log_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'resolved_at' - 'resolved_by' - 'resolution_note')
     IS DISTINCT FROM (to_jsonb(OLD) - 'resolved_at' - 'resolved_by' - 'resolution_note') THEN
    RAISE EXCEPTION 'activity_log is append-only: only resolved_at, resolved_by and resolution_note may change'
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.resolved_at IS NOT NULL
     AND (NEW.resolved_at, NEW.resolved_by, NEW.resolution_note)
         IS DISTINCT FROM (OLD.resolved_at, OLD.resolved_by, OLD.resolution_note) THEN
    RAISE EXCEPTION 'activity_log is append-only: a resolution is written once and never changed or undone'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- The purge sets storyline.activity_purge for its own statement only, and the trigger also
-- demands that the deleting role is the table's owner: inside the SECURITY DEFINER function it
-- is; the app's role, which may set any setting it likes, never is.
CREATE OR REPLACE FUNCTION activity_log_reject_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('storyline.activity_purge', true), '') <> 'on'
     OR current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = TG_RELID) THEN
    RAISE EXCEPTION 'activity_log is append-only: rows are deleted only by activity_purge_expired()'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE FUNCTION activity_purge_expired(p_store_id uuid, p_max_rows integer DEFAULT 1000)
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
    SELECT a.id FROM public.activity_log a
     WHERE a.store_id = p_store_id AND a.occurred_at < v_cutoff AND a.inserted_at < v_cutoff
     ORDER BY a.occurred_at, a.id
     LIMIT p_max_rows
  ), gone AS (
    DELETE FROM public.activity_log a USING doomed d WHERE a.id = d.id RETURNING a.occurred_at
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
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_purge_expired(uuid, integer) FROM PUBLIC;
