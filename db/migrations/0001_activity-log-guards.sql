-- The activity log is append-only, and the database enforces it, not just the code:
--   * UPDATE may change only resolved_at, resolved_by and resolution_note;
--   * DELETE is refused unless the deleting transaction ran
--       select set_config('storyline.activity_retention', 'on', true)
--     which only the retention job does, inside its own transaction (the setting is local);
--   * TRUNCATE is refused outright.
CREATE FUNCTION activity_log_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'resolved_at' - 'resolved_by' - 'resolution_note')
     IS DISTINCT FROM (to_jsonb(OLD) - 'resolved_at' - 'resolved_by' - 'resolution_note') THEN
    RAISE EXCEPTION 'activity_log is append-only: only resolved_at, resolved_by and resolution_note may change'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION activity_log_reject_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('storyline.activity_retention', true), '') <> 'on' THEN
    RAISE EXCEPTION 'activity_log is append-only: rows are deleted only by the retention job'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE FUNCTION activity_log_reject_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'activity_log is append-only: TRUNCATE is not allowed'
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER activity_log_guard_update BEFORE UPDATE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_reject_update();
--> statement-breakpoint
CREATE TRIGGER activity_log_guard_delete BEFORE DELETE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION activity_log_reject_delete();
--> statement-breakpoint
CREATE TRIGGER activity_log_guard_truncate BEFORE TRUNCATE ON activity_log
  FOR EACH STATEMENT EXECUTE FUNCTION activity_log_reject_truncate();
