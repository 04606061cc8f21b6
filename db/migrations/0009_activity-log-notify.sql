-- Every committed insert into activity_log is announced on the `activity_log` channel, so open
-- pages hear of it whichever process (or raw SQL) wrote the row. One trigger per statement, not
-- per row: a batch of N rows costs ceil(N / 25) notifications. NOTIFY is transactional: nothing
-- is announced before the insert commits, or if it rolls back.
--
-- Payload: a JSON array of [store_id, id, order_id, level, event_type] per row (debug rows left
-- out), at most 25 rows per notification so one stays well under PostgreSQL's 8000-byte limit
-- (event types are cut at 100 characters, the API's limit, to keep that bound for raw inserts).
CREATE FUNCTION activity_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  chunk text;
BEGIN
  FOR chunk IN
    SELECT json_agg(json_build_array(store_id, id, order_id, level, left(event_type, 100)) ORDER BY id)::text
    FROM (
      SELECT store_id, id, order_id, level, event_type, (row_number() OVER (ORDER BY id) - 1) / 25 AS part
      FROM activity_log_inserted
      WHERE visibility <> 'debug'
    ) AS numbered
    GROUP BY part
  LOOP
    PERFORM pg_notify('activity_log', chunk);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER activity_log_notify AFTER INSERT ON activity_log
  REFERENCING NEW TABLE AS activity_log_inserted
  FOR EACH STATEMENT EXECUTE FUNCTION activity_log_notify();
