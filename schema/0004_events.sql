-- Events (workshops, afterworks, talks, open days), registrations with capacity and a
-- waiting list. Capacity, sequence numbers and "delete drafts only" are the database's rules.

CREATE TABLE event (
    id            bigserial PRIMARY KEY,
    uid           uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    summary       text NOT NULL CHECK (length(summary) BETWEEN 1 AND 300),
    body_md       text NOT NULL DEFAULT '' CHECK (length(body_md) <= 20000),
    category      text NOT NULL CHECK (category IN ('atelier', 'afterwork', 'conference', 'portes-ouvertes', 'autre')),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    place_name    text NOT NULL DEFAULT 'La Fontaine' CHECK (length(place_name) BETWEEN 1 AND 150),
    place_address text CHECK (length(place_address) <= 300),
    capacity      int CHECK (capacity > 0),             -- NULL: unlimited
    price_cents   int NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    image_path    text CHECK (image_path ~ '^/static/[A-Za-z0-9/_.-]+$'),
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    sequence      int NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    CHECK (starts_at < ends_at),
    CHECK (ends_at - starts_at <= interval '14 days'),
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX event_starts ON event (starts_at) WHERE status <> 'draft';
COMMENT ON TABLE event IS
    'Events of La Fontaine; times are timestamptz shown in Europe/Paris. sequence is the '
    'iCalendar SEQUENCE, raised by a trigger on every change a calendar shows.';

-- Raises SEQUENCE on every change a calendar client shows; stamps updated_at and published_at.
CREATE FUNCTION event_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.title, NEW.summary, NEW.body_md, NEW.category, NEW.starts_at, NEW.ends_at,
        NEW.place_name, NEW.place_address, NEW.status, NEW.capacity, NEW.price_cents)
       IS DISTINCT FROM
       (OLD.title, OLD.summary, OLD.body_md, OLD.category, OLD.starts_at, OLD.ends_at,
        OLD.place_name, OLD.place_address, OLD.status, OLD.capacity, OLD.price_cents) THEN
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
CREATE TRIGGER event_before_update BEFORE UPDATE ON event
    FOR EACH ROW EXECUTE FUNCTION event_before_update();

CREATE FUNCTION event_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'draft' AND NEW.published_at IS NULL THEN
        NEW.published_at := now();
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER event_before_insert BEFORE INSERT ON event
    FOR EACH ROW EXECUTE FUNCTION event_before_insert();

-- Only drafts may be deleted: a published or cancelled event is history.
CREATE FUNCTION event_before_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        RAISE EXCEPTION 'only a draft event can be deleted' USING ERRCODE = '23514';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER event_before_delete BEFORE DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION event_before_delete();

CREATE TABLE registration (
    id                bigserial PRIMARY KEY,
    event_id          bigint NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    person_id         bigint REFERENCES person (id) ON DELETE SET NULL,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    email             text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^\s@]+@[^\s@]+$'),
    status            text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    cancel_token_hash bytea NOT NULL UNIQUE CHECK (length(cancel_token_hash) = 32),
    created_at        timestamptz NOT NULL DEFAULT now(),
    cancelled_at      timestamptz
);
-- One live registration per address and event.
CREATE UNIQUE INDEX registration_once ON registration (event_id, lower(email)) WHERE status <> 'cancelled';
COMMENT ON TABLE registration IS
    'RSVPs: confirmed within capacity, then a waiting list (promoted in order when a seat frees).';

-- The seat rule, whatever writes: confirmed registrations never exceed the capacity. The
-- event row is locked so that two last-seat registrations are serialised.
CREATE FUNCTION registration_capacity_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_capacity int;
    v_taken int;
BEGIN
    IF NEW.status <> 'confirmed' OR (TG_OP = 'UPDATE' AND OLD.status = 'confirmed') THEN
        RETURN NEW;
    END IF;
    SELECT capacity INTO v_capacity FROM event WHERE id = NEW.event_id FOR UPDATE;
    IF v_capacity IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT count(*) INTO v_taken FROM registration
    WHERE event_id = NEW.event_id AND status = 'confirmed' AND id <> NEW.id;
    IF v_taken >= v_capacity THEN
        RAISE EXCEPTION 'event % is full', NEW.event_id USING ERRCODE = 'FT409';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER registration_capacity_guard BEFORE INSERT OR UPDATE ON registration
    FOR EACH ROW EXECUTE FUNCTION registration_capacity_guard();

-- Registers someone: confirmed while seats remain, else on the waiting list. Queues the
-- confirmation mail (text, HTML, and the .ics attachment for confirmed seats). Returns
-- 'confirmed' or 'waiting'; raises 23505 when the address is already registered, P0002 when
-- the event is not open (draft, cancelled or past).
CREATE FUNCTION event_register(p_event bigint, p_person bigint, p_name text, p_email text,
    p_token_hash bytea, p_subject_confirmed text, p_text_confirmed text, p_html_confirmed text,
    p_subject_waiting text, p_text_waiting text, p_html_waiting text, p_ics bytea)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_event event%ROWTYPE;
    v_taken int;
    v_status text;
    v_outbox bigint;
BEGIN
    SELECT * INTO v_event FROM event WHERE id = p_event FOR UPDATE;
    IF NOT FOUND OR v_event.status <> 'published' OR v_event.ends_at < now() THEN
        RAISE EXCEPTION 'event not open' USING ERRCODE = 'P0002';
    END IF;
    SELECT count(*) INTO v_taken FROM registration WHERE event_id = p_event AND status = 'confirmed';
    v_status := CASE WHEN v_event.capacity IS NULL OR v_taken < v_event.capacity
                     THEN 'confirmed' ELSE 'waiting' END;
    INSERT INTO registration (event_id, person_id, name, email, status, cancel_token_hash)
    VALUES (p_event, p_person, p_name, p_email, v_status, p_token_hash);
    IF v_status = 'confirmed' THEN
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (p_email, p_subject_confirmed, p_text_confirmed, p_html_confirmed)
        RETURNING id INTO v_outbox;
        INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)
        VALUES (v_outbox, v_event.slug || '.ics', 'text/calendar; charset=utf-8; method=PUBLISH', p_ics);
    ELSE
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (p_email, p_subject_waiting, p_text_waiting, p_html_waiting);
    END IF;
    RETURN v_status;
END;
$$;

-- Returns the registration a cancel link names (for the confirmation page).
CREATE FUNCTION registration_by_token(p_token_hash bytea,
    OUT registration_id bigint, OUT status text, OUT name text, OUT event_title text,
    OUT event_slug text, OUT starts_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT r.id, r.status, r.name, e.title, e.slug, e.starts_at
    FROM registration r JOIN event e ON e.id = r.event_id WHERE r.cancel_token_hash = p_token_hash;
$$;

-- Cancels a registration by its link; the first person waiting takes the freed seat and is
-- told by mail (p_promoted_* are filled in by the program with {name} replaced here).
-- Returns true when something was cancelled.
CREATE FUNCTION registration_cancel(p_token_hash bytea, p_promoted_subject text,
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
            VALUES (v_next.email, p_promoted_subject, replace(p_promoted_text, '{name}', v_next.name));
        END IF;
    END IF;
    RETURN true;
END;
$$;

-- Staff cancel an event: every live registration is told by mail (text with {name}).
CREATE FUNCTION event_cancel(p_event bigint, p_subject text, p_text text) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count int;
BEGIN
    UPDATE event SET status = 'cancelled' WHERE id = p_event AND status = 'published';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'only a published event can be cancelled' USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO outbox (to_addr, subject, body_text)
    SELECT email, p_subject, replace(p_text, '{name}', name) FROM registration
    WHERE event_id = p_event AND status <> 'cancelled';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

------------------------------------------------------------------------------
-- Roles: events (public pages and RSVP), feed (read published events), admin (manage).
------------------------------------------------------------------------------

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['fontaine_events', 'fontaine_feed'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_events, fontaine_feed', current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO fontaine_events, fontaine_feed;
GRANT SELECT ON organisation, app_setting, event TO fontaine_events, fontaine_feed;
GRANT SELECT (id, first_name, last_name, email) ON person TO fontaine_events;
REVOKE EXECUTE ON FUNCTION event_register(bigint, bigint, text, text, bytea, text, text, text, text, text, text, bytea),
    registration_by_token(bytea), registration_cancel(bytea, text, text), event_cancel(bigint, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_register(bigint, bigint, text, text, bytea, text, text, text, text, text, text, bytea),
    registration_by_token(bytea), registration_cancel(bytea, text, text) TO fontaine_events;
-- The events pages show "Mon compte" for logged-in members (shared session functions).
GRANT EXECUTE ON FUNCTION session_touch(bytea) TO fontaine_events;
GRANT EXECUTE ON FUNCTION event_cancel(bigint, text, text) TO fontaine_admin;
GRANT ALL ON event, registration TO fontaine_admin;
GRANT ALL ON SEQUENCE event_id_seq, registration_id_seq TO fontaine_admin;
