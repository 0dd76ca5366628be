-- Room bookings made without proof of the contact's address are held, not confirmed (issue 12):
--   * a booking from the web form is 'held' until the link mailed to its contact is followed;
--     the hold keeps the slot (the exclusion constraint counts it) until hold_expires_at
--     (app_setting booking_hold_minutes, 30 by default); an expired hold is free again: the
--     trigger booking_release_holds marks the expired holds a new booking overlaps 'expired'
--     before the exclusion constraint is checked, and every read of "live" bookings below
--     treats a held row past its expiry as free;
--   * following the link (booking_confirm_hold) confirms the booking, or makes it a request
--     to staff where the room is booked on request; an expired hold is never confirmed;
--   * caps, taken under advisory locks so that parallel requests cannot pass them together:
--     at most booking_hold_max_per_addr live holds per client address (3), at most
--     booking_live_max_per_email live bookings to come per e-mail address (10);
--   * a horizon: nothing is booked more than booking_horizon_months ahead (12), whatever the
--     path (trigger booking_check);
--   * a logged-in member booking under their own verified address is confirmed at once
--     (room_reserve checks the address against the account: the program cannot skip the hold
--     for anyone else);
--   * the monthly run bills confirmed bookings only (0011 selects confirmed and no-show rows:
--     held and expired ones never reach an invoice).
--
-- SQLSTATEs added: FTB11 beyond the horizon, FTB12 too many holds from this address, FTB13 too
-- many bookings to come for this e-mail, FTB14 a booking without hold for an unproven address.

INSERT INTO app_setting (key, value) VALUES
    ('booking_hold_minutes', '30'),
    ('booking_hold_max_per_addr', '3'),
    ('booking_live_max_per_email', '10'),
    ('booking_horizon_months', '12')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE booking DROP CONSTRAINT booking_status_check;
ALTER TABLE booking ADD CONSTRAINT booking_status_check CHECK (status IN
    ('held', 'expired', 'quote', 'requested', 'confirmed', 'declined', 'cancelled', 'no_show'));

ALTER TABLE booking
    ADD COLUMN hold_expires_at    timestamptz,
    ADD COLUMN confirm_token_hash bytea UNIQUE CHECK (length(confirm_token_hash) = 32),
    ADD COLUMN hold_addr          inet;
ALTER TABLE booking ADD CONSTRAINT booking_held_has_link
    CHECK (status <> 'held' OR (hold_expires_at IS NOT NULL AND confirm_token_hash IS NOT NULL));
-- The client address is kept only while the hold lasts (it serves the per-address cap).
ALTER TABLE booking ADD CONSTRAINT booking_addr_only_while_held CHECK (status = 'held' OR hold_addr IS NULL);
COMMENT ON COLUMN booking.hold_expires_at IS
    'A held booking keeps its slot until then; after it, the slot is free and the hold cannot be confirmed.';
COMMENT ON COLUMN booking.confirm_token_hash IS
    'BLAKE2b-256 of the token of the confirmation link mailed to the contact (the token itself is never stored).';

-- Held bookings keep their slot too.
ALTER TABLE booking DROP CONSTRAINT booking_no_overlap;
ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist
    (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (exclusive AND status IN ('held', 'requested', 'confirmed'));
CREATE INDEX booking_holds ON booking (hold_expires_at) WHERE status = 'held';
CREATE INDEX booking_live_email ON booking (lower(email))
    WHERE source = 'room' AND status IN ('held', 'requested', 'confirmed');

-- True when a booking row holds its slot now: requested, confirmed, or held and not expired.
CREATE FUNCTION booking_is_live(p_status text, p_hold_expires_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_status IN ('requested', 'confirmed') OR (p_status = 'held' AND p_hold_expires_at > now());
$$;

-- Before a booking takes a slot: the expired holds it overlaps become 'expired' (locked in id
-- order, so two bookings freeing the same holds wait for each other instead of deadlocking),
-- so that the exclusion constraint sees them free.
CREATE FUNCTION booking_release_holds() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.exclusive AND NEW.status IN ('held', 'requested', 'confirmed') THEN
        PERFORM 1 FROM booking b WHERE b.resource_id = NEW.resource_id AND b.exclusive
            AND b.status = 'held' AND b.hold_expires_at <= now() AND b.id <> NEW.id
            AND tstzrange(b.starts_at, b.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)
            ORDER BY b.id FOR UPDATE;
        UPDATE booking b SET status = 'expired', hold_addr = NULL
        WHERE b.resource_id = NEW.resource_id AND b.exclusive AND b.status = 'held'
          AND b.hold_expires_at <= now() AND b.id <> NEW.id
          AND tstzrange(b.starts_at, b.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at);
    END IF;
    RETURN NEW;
END;
$$;
-- Named to run after booking_check (BEFORE triggers fire in name order), which sets exclusive.
CREATE TRIGGER booking_release_holds BEFORE INSERT OR UPDATE OF status, starts_at, ends_at, resource_id
    ON booking FOR EACH ROW EXECUTE FUNCTION booking_release_holds();

-- The clean-up of holds: marks every expired hold 'expired' (skipping rows another transaction
-- holds, so it never waits) and deletes the expired holds older than 7 days (an unconfirmed
-- booking may carry the name and address of someone who never asked for it). Called by
-- room_reserve; callable by cron as postgres. Returns the number of holds expired.
CREATE FUNCTION booking_expire_holds() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    UPDATE booking SET status = 'expired', hold_addr = NULL
    WHERE id IN (SELECT id FROM booking WHERE status = 'held' AND hold_expires_at <= now()
                 FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM booking WHERE id IN (SELECT id FROM booking WHERE status = 'expired'
        AND hold_expires_at < now() - interval '7 days' FOR UPDATE SKIP LOCKED);
    RETURN n;
END;
$$;

-- booking_check of 0008, with the horizon: nothing is booked more than booking_horizon_months
-- ahead (FTB11); walk-ins are recorded as they happen.
CREATE OR REPLACE FUNCTION booking_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_local_start timestamp := NEW.starts_at AT TIME ZONE 'Europe/Paris';
    v_local_end timestamp := NEW.ends_at AT TIME ZONE 'Europe/Paris';
    v_reason text;
    v_opens time;
    v_closes time;
    v_horizon int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_horizon_months'), 12);
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.starts_at = OLD.starts_at AND NEW.ends_at = OLD.ends_at
       AND NEW.resource_id = OLD.resource_id AND NEW.attendees = OLD.attendees THEN
        NEW.exclusive := OLD.exclusive;
        RETURN NEW;   -- status changes (confirm, cancel, check-in) need no new validation
    END IF;
    SELECT * INTO v_res FROM resource WHERE id = NEW.resource_id;
    IF NOT FOUND OR NOT v_res.active THEN
        RAISE EXCEPTION 'unknown resource %', NEW.resource_id USING ERRCODE = 'FTB10';
    END IF;
    NEW.exclusive := v_res.exclusive;
    NEW.day := v_local_start::date;
    IF NEW.ends_at <= NEW.starts_at THEN
        RAISE EXCEPTION 'ends before it starts' USING ERRCODE = 'FTB02';
    END IF;
    IF NEW.source <> 'walk_in' AND NEW.starts_at < now() THEN
        RAISE EXCEPTION 'in the past' USING ERRCODE = 'FTB01';
    END IF;
    IF NEW.source <> 'walk_in'
       AND NEW.day > (now() AT TIME ZONE 'Europe/Paris')::date + make_interval(months => v_horizon) THEN
        RAISE EXCEPTION 'beyond the booking horizon of % months', v_horizon USING ERRCODE = 'FTB11';
    END IF;
    IF v_local_end::date <> NEW.day OR NEW.ends_at - NEW.starts_at > make_interval(mins => v_res.max_booking_minutes) THEN
        RAISE EXCEPTION 'longer than allowed' USING ERRCODE = 'FTB06';
    END IF;
    SELECT c.reason INTO v_reason FROM closure c WHERE NEW.day BETWEEN c.starts_on AND c.ends_on
        AND (c.resource_id IS NULL OR c.resource_id = NEW.resource_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'closed: %', v_reason USING ERRCODE = 'FTB04';
    END IF;
    IF fr_public_holiday(NEW.day) IS NOT NULL THEN
        RAISE EXCEPTION 'public holiday: %', fr_public_holiday(NEW.day) USING ERRCODE = 'FTB05';
    END IF;
    SELECT min(opens), max(closes) INTO v_opens, v_closes FROM opening_hours
        WHERE weekday = extract(isodow FROM NEW.day);
    IF v_opens IS NULL OR v_local_start::time < v_opens OR v_local_end::time > v_closes THEN
        RAISE EXCEPTION 'outside opening hours' USING ERRCODE = 'FTB03';
    END IF;
    IF v_res.exclusive AND NEW.attendees > v_res.capacity THEN
        RAISE EXCEPTION 'attendees over capacity' USING ERRCODE = 'FTB07';
    END IF;
    IF NOT v_res.exclusive AND NEW.slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'the open space is booked by half-day' USING ERRCODE = 'FTB10';
    END IF;
    RETURN NEW;
END;
$$;

------------------------------------------------------------------------------
-- The booking program's way to book the room
------------------------------------------------------------------------------

-- Books the room from the web form. p_confirm_hash set: the booking is held (status 'held')
-- until the link carrying that token is followed, for booking_hold_minutes, with at most
-- booking_hold_max_per_addr live holds from p_addr (FTB12). p_confirm_hash NULL: only for the
-- logged-in member p_person booking under their own verified address (else FTB14), confirmed
-- at once (or requested, per room). p_quote: a numbered quote, holding no slot. Every booking
-- counts against booking_live_max_per_email live bookings to come per address (FTB13).
-- Otherwise as room_book of 0008 (the trigger's SQLSTATEs, FTB08 when the price changed, the
-- options, the terms, the mail queued with p_subject/p_text/p_html, the .ics only when
-- confirmed). Returns the booking id, its status, its quote number and the hold's expiry.
CREATE FUNCTION room_reserve(p_resource int, p_day date, p_slot text, p_starts time, p_ends time,
    p_person bigint, p_company text, p_siren text, p_street text, p_postcode text, p_city text,
    p_contact text, p_email text, p_phone text, p_purpose text, p_attendees int,
    p_options text[], p_expected_cents int, p_manage_hash bytea, p_quote boolean,
    p_confirm_hash bytea, p_addr inet,
    p_subject text, p_text text, p_html text, p_ics bytea, p_uid uuid,
    OUT booking_id bigint, OUT status text, OUT quote_number text, OUT hold_expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_starts timestamptz;
    v_ends timestamptz;
    v_price record;
    v_hours int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_free_cancel_hours'), 48);
    v_valid int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_quote_valid_days'), 30);
    v_hold int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_hold_minutes'), 30);
    v_max_addr int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_hold_max_per_addr'), 3);
    v_max_email int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_live_max_per_email'), 10);
    v_year int := extract(year FROM now() AT TIME ZONE 'Europe/Paris')::int;
    v_n int;
    v_outbox bigint;
BEGIN
    SELECT * INTO v_res FROM resource WHERE id = p_resource AND active AND kind = 'meeting_room';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown room' USING ERRCODE = 'FTB10';
    END IF;
    IF NOT p_quote AND p_confirm_hash IS NULL AND NOT EXISTS (
        SELECT 1 FROM person p WHERE p.id = p_person AND p.status = 'active'
          AND p.email_verified_at IS NOT NULL AND lower(p.email) = lower(p_email)) THEN
        RAISE EXCEPTION 'a booking for an unproven address must be held' USING ERRCODE = 'FTB14';
    END IF;
    IF p_slot = 'hours' THEN
        IF p_starts IS NULL OR p_ends IS NULL THEN
            RAISE EXCEPTION 'hours needed' USING ERRCODE = 'FTB02';
        END IF;
        v_starts := (p_day + p_starts) AT TIME ZONE 'Europe/Paris';
        v_ends := (p_day + p_ends) AT TIME ZONE 'Europe/Paris';
    ELSE
        SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM slot_range(p_day, p_slot) r;
        IF v_starts IS NULL THEN
            RAISE EXCEPTION 'unknown slot %', p_slot USING ERRCODE = 'FTB10';
        END IF;
    END IF;
    SELECT * INTO v_price FROM room_price(p_resource, p_day, p_slot,
        (extract(epoch FROM v_ends - v_starts) / 60)::int, p_person, p_options, p_attendees);
    IF p_expected_cents IS NOT NULL AND v_price.price_cents <> p_expected_cents THEN
        RAISE EXCEPTION 'the price changed' USING ERRCODE = 'FTB08';
    END IF;
    IF NOT p_quote THEN
        PERFORM booking_expire_holds();
        -- The caps: one advisory lock per address, then per e-mail (always in that order), held
        -- to the end of the transaction, so that the count below sees every booking committed
        -- before and no parallel request counts at the same time.
        IF p_confirm_hash IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock(hashtextextended('room_hold:addr:' || coalesce(host(p_addr), '-'), 0));
            IF (SELECT count(*) FROM booking b WHERE b.status = 'held' AND b.hold_expires_at > now()
                    AND b.hold_addr IS NOT DISTINCT FROM p_addr) >= v_max_addr THEN
                RAISE EXCEPTION 'too many holds from %', p_addr USING ERRCODE = 'FTB12',
                    DETAIL = v_max_addr::text;
            END IF;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('room_live:email:' || lower(p_email), 0));
        IF (SELECT count(*) FROM booking b WHERE b.source = 'room' AND lower(b.email) = lower(p_email)
                AND b.status IN ('held', 'requested', 'confirmed')
                AND booking_is_live(b.status, b.hold_expires_at) AND b.ends_at > now()) >= v_max_email THEN
            RAISE EXCEPTION 'too many bookings for this address' USING ERRCODE = 'FTB13',
                DETAIL = v_max_email::text;
        END IF;
    END IF;
    status := CASE WHEN p_quote THEN 'quote' WHEN p_confirm_hash IS NOT NULL THEN 'held'
                   WHEN v_res.booking_mode = 'request' THEN 'requested' ELSE 'confirmed' END;
    IF status = 'held' THEN
        hold_expires_at := now() + make_interval(mins => v_hold);
    END IF;
    IF p_quote THEN
        INSERT INTO quote_counter AS q (year, last) VALUES (v_year, 1)
        ON CONFLICT (year) DO UPDATE SET last = q.last + 1
        RETURNING last INTO v_n;
        quote_number := format('D%s-%s', v_year, lpad(v_n::text, 5, '0'));
    END IF;
    INSERT INTO booking (uid, resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        person_id, company_name, siren, billing_street, billing_postcode, billing_city,
        contact_name, email, phone, purpose, attendees, member_price, price_code, price_cents,
        covered_by, free_cancel_until, terms, manage_token_hash, quote_number, quote_valid_until,
        confirmed_at, hold_expires_at, confirm_token_hash, hold_addr)
    VALUES (coalesce(p_uid, gen_random_uuid()), p_resource, true, p_day, p_slot, v_starts, v_ends, status, 'room', p_person,
        p_company, p_siren, p_street, p_postcode, p_city, p_contact, p_email, nullif(p_phone, ''),
        nullif(p_purpose, ''), p_attendees, v_price.member_price, v_price.price_code,
        v_price.price_cents, 'invoice', v_starts - make_interval(hours => v_hours),
        format('Annulation ou modification gratuite jusqu’à %s h avant le début ; au-delà, la réservation est due.', v_hours),
        p_manage_hash, quote_number,
        CASE WHEN p_quote THEN (now() AT TIME ZONE 'Europe/Paris')::date + v_valid END,
        CASE WHEN status = 'confirmed' THEN now() END,
        hold_expires_at, CASE WHEN status = 'held' THEN p_confirm_hash END,
        CASE WHEN status = 'held' THEN p_addr END)
    RETURNING id INTO booking_id;
    INSERT INTO booking_option_line (booking_id, option_code, label, quantity, unit_cents)
    SELECT booking_id, o.code, o.label, CASE WHEN o.per_attendee THEN p_attendees ELSE 1 END, o.price_cents
    FROM booking_option o WHERE o.code = ANY (p_options) AND o.active;
    IF p_subject IS NOT NULL AND p_email IS NOT NULL THEN
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (p_email, p_subject, p_text, p_html) RETURNING id INTO v_outbox;
        IF p_ics IS NOT NULL AND status = 'confirmed' THEN
            INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)
            VALUES (v_outbox, 'reservation.ics', 'text/calendar; charset=utf-8; method=PUBLISH', p_ics);
        END IF;
    END IF;
END;
$$;

-- The contact follows the confirmation link: a live hold becomes confirmed (or requested, when
-- the room is booked on request), its manage link becomes p_manage_hash, the address is
-- forgotten, and the mail (with the .ics when confirmed) is queued. Returns the outcome:
-- 'confirmed' or 'requested'; 'expired' when the hold ran out (it is then marked so, and its
-- slot is free); 'used' when the link was already followed (nothing changes); 'unknown'.
CREATE FUNCTION booking_confirm_hold(p_confirm_hash bytea, p_manage_hash bytea, p_subject text,
    p_text text, p_html text, p_ics bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_mode text;
    v_status text;
    v_outbox bigint;
BEGIN
    SELECT * INTO v FROM booking WHERE confirm_token_hash = p_confirm_hash FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'unknown';
    END IF;
    IF v.status = 'expired' OR (v.status = 'held' AND v.hold_expires_at <= now()) THEN
        UPDATE booking SET status = 'expired', hold_addr = NULL WHERE id = v.id AND status = 'held';
        RETURN 'expired';
    END IF;
    IF v.status <> 'held' THEN
        RETURN 'used';
    END IF;
    SELECT booking_mode INTO v_mode FROM resource WHERE id = v.resource_id;
    v_status := CASE WHEN v_mode = 'request' THEN 'requested' ELSE 'confirmed' END;
    UPDATE booking SET status = v_status, confirmed_at = CASE WHEN v_status = 'confirmed' THEN now() END,
        manage_token_hash = p_manage_hash, hold_addr = NULL
    WHERE id = v.id;
    IF v.email IS NOT NULL AND p_subject IS NOT NULL THEN
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (v.email, p_subject, p_text, p_html) RETURNING id INTO v_outbox;
        IF p_ics IS NOT NULL AND v_status = 'confirmed' THEN
            INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)
            VALUES (v_outbox, 'reservation.ics', 'text/calendar; charset=utf-8; method=PUBLISH', p_ics);
        END IF;
    END IF;
    RETURN v_status;
END;
$$;

-- booking_cancel_by_token of 0008: a live hold may be cancelled too (its slot is freed at once).
CREATE OR REPLACE FUNCTION booking_cancel_by_token(p_token_hash bytea, p_subject text, p_text text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
BEGIN
    SELECT * INTO v FROM booking WHERE manage_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND OR NOT booking_is_live(v.status, v.hold_expires_at) THEN
        RETURN false;
    END IF;
    IF now() > v.free_cancel_until THEN
        RAISE EXCEPTION 'past the free cancellation deadline' USING ERRCODE = 'FTB09';
    END IF;
    UPDATE booking SET status = 'cancelled', cancelled_at = now(), hold_addr = NULL WHERE id = v.id;
    IF v.email IS NOT NULL AND p_subject IS NOT NULL THEN
        INSERT INTO outbox (to_addr, subject, body_text) VALUES (v.email, p_subject, p_text);
    END IF;
    RETURN true;
END;
$$;

-- availability of 0008, with live holds taking their slot.
CREATE OR REPLACE FUNCTION availability(p_resource int, p_from date, p_to date,
    OUT day date, OUT slot text, OUT state text, OUT reason text, OUT free_places int,
    OUT starts_at timestamptz, OUT ends_at timestamptz)
RETURNS SETOF record
LANGUAGE plpgsql STABLE ROWS 14 SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH r AS (SELECT * FROM resource WHERE id = p_resource),
    days AS (
        SELECT g.d::date AS day, closed_reason(g.d::date, p_resource) AS reason
        FROM generate_series(p_from, p_to, interval '1 day') AS g (d)
    ),
    cells AS (
        SELECT g.day, s.slot, (g.day + s.starts) AT TIME ZONE 'Europe/Paris' AS starts_at,
               (g.day + s.ends) AT TIME ZONE 'Europe/Paris' AS ends_at, s.starts, s.ends, g.reason
        FROM days g, halfday_slot s
    )
    SELECT c.day, c.slot,
           CASE WHEN cr.reason IS NOT NULL OR NOT EXISTS (SELECT 1 FROM opening_hours o
                        WHERE o.weekday = extract(isodow FROM c.day) AND o.opens < c.ends AND o.closes > c.starts)
                     OR (r.kind = 'office' AND EXISTS (SELECT 1 FROM office_lease l WHERE l.resource_id = r.id
                        AND l.status = 'active' AND c.day BETWEEN l.starts_on AND coalesce(l.ends_on, 'infinity')))
                     THEN CASE WHEN cr.reason IS NULL AND r.kind = 'office' AND EXISTS (SELECT 1 FROM opening_hours o
                        WHERE o.weekday = extract(isodow FROM c.day)) THEN 'taken' ELSE 'closed' END
                WHEN r.exclusive AND EXISTS (SELECT 1 FROM booking b WHERE b.resource_id = r.id
                        AND b.day = c.day AND b.exclusive
                        AND (b.status IN ('requested', 'confirmed') OR (b.status = 'held' AND b.hold_expires_at > now()))
                        AND tstzrange(b.starts_at, b.ends_at) && tstzrange(c.starts_at, c.ends_at)) THEN 'taken'
                WHEN NOT r.exclusive AND coalesce((SELECT taken FROM desk_load l WHERE l.resource_id = r.id
                        AND l.day = c.day AND l.slot = c.slot), 0) >= r.capacity THEN 'taken'
                ELSE 'free' END,
           coalesce(cr.reason, 'Fermé'),
           CASE WHEN NOT r.exclusive THEN greatest(r.capacity - coalesce((SELECT taken FROM desk_load l
                WHERE l.resource_id = r.id AND l.day = c.day AND l.slot = c.slot), 0), 0) END,
           c.starts_at, c.ends_at
    FROM cells c CROSS JOIN r CROSS JOIN LATERAL (SELECT c.reason) cr
    ORDER BY c.day, c.slot;
END;
$$;

------------------------------------------------------------------------------
-- Rights: the program books only through room_reserve (room_book, which confirms at once for
-- anyone, stays for the schema owner: demo data, scripts)
------------------------------------------------------------------------------

REVOKE EXECUTE ON FUNCTION room_book(int,date,text,time,time,bigint,text,text,text,text,text,text,text,text,text,int,text[],int,bytea,boolean,text,text,text,bytea,uuid)
    FROM fontaine_booking;
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'room_reserve(int,date,text,time,time,bigint,text,text,text,text,text,text,text,text,text,int,text[],int,bytea,boolean,bytea,inet,text,text,text,bytea,uuid)',
        'booking_confirm_hold(bytea,bytea,text,text,text,bytea)', 'booking_expire_holds()']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_booking', f);
    END LOOP;
END;
$$;
