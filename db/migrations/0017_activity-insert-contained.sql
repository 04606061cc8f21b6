-- logEvent inside a caller's transaction: the rows' insert in one round trip, with its failure
-- contained. The EXCEPTION block is a subtransaction, as a SAVEPOINT is, so a row the database
-- refuses never aborts the caller's transaction; instead of raising, the function answers one
-- row with the error's SQLSTATE and message, and lib/activity/write/insert-rows.ts decides what
-- to do (sanitise the row, or report the transaction broken). Before, the same took two round
-- trips (SAVEPOINT, then the insert). The columns are insert-rows.ts's `columns`, in order.
-- SECURITY INVOKER: it writes with the caller's own grants, and the table's triggers still run.
CREATE FUNCTION activity_log_insert_contained(batch text)
RETURNS TABLE (inserted_id uuid, error_code text, error_message text)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO activity_log (id, store_id, event_type, level, message, entity_type, entity_id,
                                order_id, actor_type, actor_id, actor_label, source, visibility,
                                payload, changes, correlation_id, dedupe_key, ip_address,
                                user_agent, occurred_at)
      SELECT r.id, r.store_id, r.event_type, r.level, r.message, r.entity_type, r.entity_id,
             r.order_id, r.actor_type, r.actor_id, r.actor_label, r.source, r.visibility,
             r.payload, r.changes, r.correlation_id, r.dedupe_key, r.ip_address,
             r.user_agent, r.occurred_at
        FROM jsonb_to_recordset(batch::jsonb) AS r(id uuid, store_id uuid, event_type text,
             level text, message text, entity_type text, entity_id text, order_id uuid,
             actor_type text, actor_id text, actor_label text, source text, visibility text,
             payload jsonb, changes jsonb, correlation_id text, dedupe_key text,
             ip_address text, user_agent text, occurred_at timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING activity_log.id
    )
    SELECT inserted.id, NULL::text, NULL::text FROM inserted;
EXCEPTION WHEN OTHERS OR query_canceled THEN
  RETURN QUERY SELECT NULL::uuid, SQLSTATE::text, SQLERRM::text;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION activity_log_insert_contained(text) FROM PUBLIC;
