-- 0050_webhook_doorbell: the webhook deliverer is woken without serialising every commit.
-- webhook_notify (0038) sent NOTIFY webhook on every INSERT into webhook_delivery: with an
-- endpoint registered, every booking, check-in, payment and issued invoice sent one, and a
-- transaction that has sent a NOTIFY takes one lock for the whole database in its commit
-- and holds it until its commit record is flushed (PostgreSQL's async.c), so those commits
-- waited for each other's disk flush, as the mailer's did before 0045. Same cure as the
-- mailer's (outbox_doorbell, 0045): a doorbell rings once. The first delivery queued after
-- the deliverer last looked at the queue (any UPDATE of webhook_delivery: each claim, even
-- one that finds nothing, arms the bell) sends the NOTIFY; the next ones do not, since the
-- deliverer is awake or about to claim them with the rest. The check runs at commit (a
-- deferred trigger): only a delivery whose commit straddles a claim's snapshot and the bell
-- being armed can wait for the deliverer's 5 s poll instead, a window of microseconds. A
-- sequence is the bell: nextval and setval are not transactional and take no row lock.

CREATE SEQUENCE webhook_doorbell CACHE 1;
COMMENT ON SEQUENCE webhook_doorbell IS
    'The webhook deliverer''s doorbell: nextval returns 1 for the first delivery queued since '
    'the deliverer last claimed (webhook_doorbell_arm), which alone sends NOTIFY webhook.';

CREATE OR REPLACE FUNCTION webhook_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF nextval('webhook_doorbell') = 1 THEN
        PERFORM pg_notify('webhook', '');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION webhook_notify() IS
    'Trigger function, at commit: NOTIFY webhook, which fontaine-webhooks LISTENs to, when the '
    'deliverer has claimed since the last NOTIFY (webhook_doorbell), so a new delivery leaves at once.';

DROP TRIGGER webhook_notify ON webhook_delivery;
CREATE CONSTRAINT TRIGGER webhook_notify AFTER INSERT ON webhook_delivery
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION webhook_notify();

CREATE FUNCTION webhook_doorbell_arm() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM setval('webhook_doorbell', 1, false);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION webhook_doorbell_arm() IS
    'Trigger function: the deliverer updates webhook_delivery (claims, outcomes), so the next '
    'delivery queued rings again (webhook_notify).';
CREATE TRIGGER webhook_doorbell_arm BEFORE UPDATE ON webhook_delivery
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_doorbell_arm();
