-- Two corrections to the events functions of 0004:
-- * the picture of an event is part of what calendars and feeds show: changing it alone
--   raises SEQUENCE and updated_at too;
-- * the "{name}" of a mail is replaced once, in the greeting, so an event whose title holds
--   the same characters keeps its title.

CREATE OR REPLACE FUNCTION event_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.title, NEW.summary, NEW.body_md, NEW.category, NEW.starts_at, NEW.ends_at,
        NEW.place_name, NEW.place_address, NEW.status, NEW.capacity, NEW.price_cents,
        NEW.image_path)
       IS DISTINCT FROM
       (OLD.title, OLD.summary, OLD.body_md, OLD.category, OLD.starts_at, OLD.ends_at,
        OLD.place_name, OLD.place_address, OLD.status, OLD.capacity, OLD.price_cents,
        OLD.image_path) THEN
        NEW.sequence := OLD.sequence + 1;
        NEW.updated_at := now();
    END IF;
    IF NEW.status <> 'draft' AND NEW.published_at IS NULL THEN
        NEW.published_at := now();
    END IF;
    IF OLD.status = 'cancelled' AND NEW.status <> 'cancelled' THEN
        RAISE EXCEPTION 'a cancelled event stays cancelled' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION registration_cancel(p_token_hash bytea, p_promoted_subject text,
                                               p_promoted_text text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_reg registration%ROWTYPE;
    v_next registration%ROWTYPE;
BEGIN
    SELECT * INTO v_reg FROM registration WHERE cancel_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND OR v_reg.status = 'cancelled' THEN
        RETURN false;
    END IF;
    PERFORM 1 FROM event WHERE id = v_reg.event_id FOR UPDATE;
    UPDATE registration SET status = 'cancelled', cancelled_at = now() WHERE id = v_reg.id;
    IF v_reg.status = 'confirmed' THEN
        SELECT * INTO v_next FROM registration
        WHERE event_id = v_reg.event_id AND status = 'waiting' ORDER BY created_at, id LIMIT 1
        FOR UPDATE;
        IF FOUND THEN
            UPDATE registration SET status = 'confirmed' WHERE id = v_next.id;
            INSERT INTO outbox (to_addr, subject, body_text)
            VALUES (v_next.email, p_promoted_subject,
                    regexp_replace(p_promoted_text, '\{name\}', replace(v_next.name, '\', '\\')));
        END IF;
    END IF;
    RETURN true;
END;
$$;

CREATE OR REPLACE FUNCTION event_cancel(p_event bigint, p_subject text, p_text text) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count int;
BEGIN
    UPDATE event SET status = 'cancelled' WHERE id = p_event AND status = 'published';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'only a published event can be cancelled' USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO outbox (to_addr, subject, body_text)
    SELECT email, p_subject, regexp_replace(p_text, '\{name\}', replace(name, '\', '\\'))
    FROM registration WHERE event_id = p_event AND status <> 'cancelled';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;
