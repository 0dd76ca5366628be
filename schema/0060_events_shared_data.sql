-- 0060_events_shared_data: the public lists of events and their feeds (/evenements, the
-- archives, /evenements.rss, /evenements.ics and their categories) are kept in each worker
-- like the other pages made of shared data (cgi/lib/pagecache.c, issue 16): the events join
-- the shared data, so an edit moves shared_data_version (0041) and notifies the workers (0052).
-- Events change when the staff edit them, a few times a week.
--
-- What else these pages show that changes: the list marks a full event "Complet", from the
-- count of its confirmed registrations. A registration moves the version only when it turns
-- its event full or no longer full (a seat taken or given back at the capacity's edge), not
-- at every sign-up. Time is the pages' other input (an event that ends moves to the
-- archives): each copy is kept until the next end of an event (the programs read it with
-- the page, cgi/events/sql.c, cgi/feed/sql.c).

CREATE TRIGGER shared_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION shared_data_version_bump();

CREATE FUNCTION registration_fullness_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_event bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END;
    v_delta int := (CASE WHEN TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN 1 ELSE 0 END)
                 - (CASE WHEN TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN 1 ELSE 0 END);
    v_capacity int;
    v_taken int;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.event_id IS DISTINCT FROM OLD.event_id THEN
        v_delta := NULL; -- moved to another event (nothing does that): both may change
    ELSIF v_delta = 0 THEN
        RETURN NULL;
    END IF;
    SELECT capacity INTO v_capacity FROM event WHERE id = v_event;
    IF v_delta IS NOT NULL THEN
        IF v_capacity IS NULL THEN
            RETURN NULL; -- never full
        END IF;
        SELECT count(*) INTO v_taken FROM registration
        WHERE event_id = v_event AND status = 'confirmed';
        -- Full now and not before (a seat taken), or full before and not now (given back).
        IF NOT ((v_delta > 0 AND v_taken >= v_capacity) OR (v_delta < 0 AND v_taken >= v_capacity - 1)) THEN
            RETURN NULL;
        END IF;
    END IF;
    UPDATE shared_data_version SET version = version + 1;
    PERFORM pg_notify('shared_data', '');
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION registration_fullness_bump() FROM PUBLIC;
COMMENT ON FUNCTION registration_fullness_bump() IS
    'Trigger: moves shared_data_version (and notifies shared_data) when a registration turns '
    'its event full or no longer full: the public list of events shows "Complet".';

CREATE TRIGGER registration_fullness AFTER INSERT OR UPDATE OF status, event_id OR DELETE
    ON registration FOR EACH ROW EXECUTE FUNCTION registration_fullness_bump();

COMMENT ON TABLE shared_data_version IS
    'One row: moved by a statement-level trigger on every table whose rows the programs keep '
    'in memory (spaces, organisations, pages, prices, resources, hours, closures, settings, '
    'events), and when a registration turns its event full or no longer full.';
