-- 0048_webhook_retention: a webhook delivery keeps its body (names, e-mail addresses, amounts
-- of the event: personal data) 90 days after it was made, then goes with the daily
-- cleanup_expired(), once it is no longer pending: delivered or given up. The endpoint's page
-- lists the deliveries still kept. 0038 kept them for ever.

ALTER FUNCTION cleanup_expired() RENAME TO cleanup_expired_before_0048;
CREATE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT c.what, c.deleted FROM cleanup_expired_before_0048() c;
    what := 'webhook_delivery';
    WITH d AS (DELETE FROM webhook_delivery WHERE status <> 'pending' AND created_at < now() - interval '90 days'
               RETURNING 1)
    SELECT count(*) INTO deleted FROM d;
    RETURN NEXT;
END;
$$;
REVOKE EXECUTE ON FUNCTION cleanup_expired(), cleanup_expired_before_0048() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cleanup_expired() TO fontaine_admin;
COMMENT ON TABLE webhook_delivery IS
    'One webhook delivery: one event for one endpoint, its exact body (written once), its '
    'status and attempts. Written by triggers in the transaction of the change; kept 90 days '
    'once delivered or given up (cleanup_expired).';
