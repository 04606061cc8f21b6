ALTER TABLE "stores" DROP CONSTRAINT "stores_activity_retention_days_range";--> statement-breakpoint
ALTER TABLE "stores" ALTER COLUMN "activity_retention_days" SET DEFAULT 90;--> statement-breakpoint
-- Stores that kept their activity for ever now keep it 90 days (DESIGN: retention keeps the
-- story, not every row for ever); a longer setting is capped at ten years.
UPDATE "stores" SET "activity_retention_days" = 90 WHERE "activity_retention_days" IS NULL;--> statement-breakpoint
UPDATE "stores" SET "activity_retention_days" = 3650 WHERE "activity_retention_days" > 3650;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "personal_data_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_personal_data_days_range" CHECK ("stores"."personal_data_days" between 7 and 3650);--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_activity_retention_days_range" CHECK ("stores"."activity_retention_days" is null or "stores"."activity_retention_days" between 30 and 3650);--> statement-breakpoint
-- The scrub of personal data: activity_scrub_personal() below, a SECURITY DEFINER function
-- owned by the table's owner, sets storyline.activity_scrub for its own statement; the trigger
-- then lets an UPDATE through only as the owner, only of the scrub's columns, only once per
-- row (redacted_at from null to set, the salt dropped). Resolutions stay as before.
CREATE OR REPLACE FUNCTION activity_log_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('storyline.activity_scrub', true), '') = 'on'
     AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = TG_RELID) THEN
    IF OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL OR NEW.seal_salt IS NOT NULL
       OR (to_jsonb(NEW) - 'message' - 'payload' - 'changes' - 'ip_address' - 'user_agent'
                         - 'redactions' - 'seal_salt' - 'redacted_at')
          IS DISTINCT FROM
          (to_jsonb(OLD) - 'message' - 'payload' - 'changes' - 'ip_address' - 'user_agent'
                         - 'redactions' - 'seal_salt' - 'redacted_at') THEN
      RAISE EXCEPTION 'activity_log is append-only: a scrub changes only the personal columns, once'
        USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
  END IF;
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
-- Scrubs one row's personal data: its message (re-rendered by the caller from the scrubbed
-- payload), its payload with personal values replaced by the marker '[removed]', changes, IP
-- and user agent removed, the salted commitments kept in redactions, the salt dropped. What the
-- app's role can do with it, and no more:
--   * only a row past its store's personal-data window (its order finished — delivered,
--     cancelled or refunded — personal_data_days ago; a row of no order, or of an order that
--     is gone, that long after it occurred), or, for an erasure (p_erase_email), a row that
--     mentions that email or belongs to one of its orders or carts;
--   * only once per row, and only those columns (the trigger checks it again);
--   * a payload value may only stay or become the marker: nothing can be rewritten, and a value
--     the catalog does not call personal blanked out breaks the row's seal;
--   * commitments already kept stay;
--   * the message is the caller's: the one thing it could word falsely, once per eligible row.
--     The seal's redaction entry records that the row was scrubbed, and when.
-- The job that calls it logs activity.retention_applied, an erasure logs customer.erased.
CREATE FUNCTION activity_scrub_personal(
  p_id uuid, p_message text, p_payload jsonb, p_redactions jsonb, p_erase_email text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r public.activity_log%ROWTYPE;
  v_days integer;
  v_cutoff timestamptz;
  v_status text;
  v_finished timestamptz;
  v_key text;
  v_value jsonb;
BEGIN
  SELECT * INTO r FROM public.activity_log a WHERE a.id = p_id FOR UPDATE;
  IF NOT FOUND OR r.redacted_at IS NOT NULL THEN
    RETURN false;
  END IF;
  IF p_message IS NULL OR length(p_message) < 1 OR length(p_message) > 2000 THEN
    RAISE EXCEPTION 'activity_scrub_personal: the message must be 1 to 2000 characters'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  IF p_erase_email IS NULL THEN
    SELECT s.personal_data_days INTO v_days FROM public.stores s WHERE s.id = r.store_id;
    v_cutoff := clock_timestamp() - make_interval(days => greatest(coalesce(v_days, 30), 7));
    IF r.order_id IS NOT NULL THEN
      SELECT o.status, coalesce(o.status_changed_at, o.updated_at) INTO v_status, v_finished
        FROM public.orders o WHERE o.id = r.order_id AND o.store_id = r.store_id;
    END IF;
    -- (plpgsql reads an IF's condition up to the first THEN: no CASE in it.)
    IF (v_status IS NOT NULL AND (v_status NOT IN ('delivered', 'cancelled', 'refunded') OR v_finished >= v_cutoff))
       OR (v_status IS NULL AND r.occurred_at >= v_cutoff)
       OR r.inserted_at >= v_cutoff THEN
      RAISE EXCEPTION 'activity_scrub_personal: the row is still inside its personal-data window'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    IF length(btrim(p_erase_email)) < 3 THEN
      RAISE EXCEPTION 'activity_scrub_personal: no email to erase'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF position(lower(btrim(p_erase_email)) IN lower(to_jsonb(r)::text)) = 0
       AND NOT EXISTS (SELECT 1 FROM public.orders o
                        WHERE o.id = r.order_id AND o.store_id = r.store_id
                          AND lower(o.customer_email) = lower(btrim(p_erase_email)))
       AND NOT EXISTS (SELECT 1 FROM public.abandoned_checkouts c
                        WHERE r.entity_type = 'cart' AND c.id::text = r.entity_id AND c.store_id = r.store_id
                          AND lower(c.customer_email) = lower(btrim(p_erase_email))) THEN
      RAISE EXCEPTION 'activity_scrub_personal: the row is not about that customer'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;

  IF p_payload IS NULL OR jsonb_typeof(p_payload) <> 'object'
     OR EXISTS (SELECT 1 FROM jsonb_object_keys(r.payload) k WHERE NOT p_payload ? k) THEN
    RAISE EXCEPTION 'activity_scrub_personal: the payload keeps every field'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR v_key, v_value IN SELECT e.key, e.value FROM jsonb_each(p_payload) e LOOP
    IF v_value IS DISTINCT FROM (r.payload -> v_key) AND v_value <> '"[removed]"'::jsonb THEN
      RAISE EXCEPTION 'activity_scrub_personal: a payload value may only be removed, never rewritten (%)', v_key
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  IF p_redactions IS NULL OR jsonb_typeof(p_redactions) <> 'object'
     OR NOT (p_redactions @> coalesce(r.redactions, '{}'::jsonb))
     OR EXISTS (SELECT 1 FROM jsonb_each(p_redactions) e
                 WHERE jsonb_typeof(e.value) <> 'string' OR (e.value #>> '{}') !~ '^[0-9a-f]{64}$') THEN
    RAISE EXCEPTION 'activity_scrub_personal: redactions are the kept commitments (sha256 hex)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  PERFORM set_config('storyline.activity_scrub', 'on', true);
  UPDATE public.activity_log a
     SET message = p_message, payload = p_payload, changes = NULL, ip_address = NULL,
         user_agent = NULL, redactions = p_redactions, seal_salt = NULL, redacted_at = clock_timestamp()
   WHERE a.id = p_id;
  PERFORM set_config('storyline.activity_scrub', '', true);
  RETURN true;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_scrub_personal(uuid, text, jsonb, jsonb, text) FROM PUBLIC;
