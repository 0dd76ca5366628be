-- Bookings per space, and booking across the network (issue 15).
--
-- 1. Every rule the booking functions enforce holds per space. The SECURITY DEFINER functions
--    (and the use_halfday view) run as the schema's owner and bypass row-level security, so
--    each one filters space-scoped rows itself: by the resource's space (closures, opening
--    hours, prices) or by the connection's space, fontaine_space() (the open space a desk
--    booking takes, the bookings reception acts on, the room a form books, the office a lease
--    names). The caps on holds and live bookings count a space's bookings only. A carnet or
--    a monthly formula is drawn on in the spaces of the organisation that sold it.
-- 2. A price kind for network members: price.network_cents is what a member of another
--    organisation of the install pays (NULL: not offered to network members, who pay the
--    non-member price). booking.price_kind records which price applied: member (a member of
--    the space's organisation), network, or non_member.
-- 3. Which price of a space is its half-day, its room half-day…: price.booking_role (NULL:
--    the code itself, so a single-space install keeps its codes half_day, room_half_day,
--    room_day, month_open_space).

------------------------------------------------------------------------------
-- Prices: the network price and the role a price plays in booking
------------------------------------------------------------------------------

ALTER TABLE price ADD COLUMN network_cents int CHECK (network_cents >= 0);
COMMENT ON COLUMN price.network_cents IS
    'What a member of another organisation of the network pays (integer cents TTC); NULL: not '
    'offered to network members, who then pay the non-member price.';

ALTER TABLE price ADD COLUMN booking_role text
    CHECK (booking_role IN ('half_day', 'month_open_space', 'room_half_day', 'room_day'));
CREATE UNIQUE INDEX price_space_booking_role ON price (space_id, booking_role) WHERE booking_role IS NOT NULL;
COMMENT ON COLUMN price.booking_role IS
    'The price the booking rules use for a half-day of the open space, a monthly pass, a '
    'half-day or a day of the room, in this price''s space. NULL: the code names the role '
    '(half_day, month_open_space, room_half_day, room_day), as in a single-space install.';

-- The price of space p_space that plays role p_role (a price with that booking_role, else one
-- whose code is the role).
CREATE FUNCTION space_price(p_space smallint, p_role text) RETURNS price
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM price p WHERE p.space_id = p_space AND coalesce(p.booking_role, p.code) = p_role
    ORDER BY p.booking_role IS NULL, p.code LIMIT 1
$$;
COMMENT ON FUNCTION space_price(smallint, text) IS
    'The price of a space that plays a booking role (half_day, month_open_space, '
    'room_half_day, room_day): its booking_role, else its code.';

------------------------------------------------------------------------------
-- Which price applies to whom
------------------------------------------------------------------------------

-- member: a paid membership with the space's organisation covers day d; network: one with
-- another organisation of the install does; non_member otherwise (or no account).
CREATE FUNCTION booking_price_kind(p_person bigint, p_day date, p_space smallint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM membership m JOIN space s ON s.organisation_id = m.organisation_id
                     WHERE s.id = p_space AND m.person_id = p_person AND m.status = 'paid'
                       AND p_day BETWEEN m.starts_on AND m.ends_on) THEN 'member'
        WHEN EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p_person AND m.status = 'paid'
                       AND p_day BETWEEN m.starts_on AND m.ends_on) THEN 'network'
        ELSE 'non_member' END
$$;
COMMENT ON FUNCTION booking_price_kind(bigint, date, smallint) IS
    'member when person holds a paid membership covering the day with the organisation of the '
    'space, network when with another organisation of the install, else non_member.';

-- The amount of price p for a person of kind p_kind, and the kind that applied: a network
-- member pays network_cents when the space offers it, else the non-member price; a member
-- pays member_cents (the non-member price when there is none); everyone else the non-member
-- price (the member price when there is none).
CREATE FUNCTION price_for(p price, p_kind text, OUT cents int, OUT kind text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_kind = 'member' THEN coalesce(p.member_cents, p.non_member_cents)
                WHEN p_kind = 'network' AND p.network_cents IS NOT NULL THEN p.network_cents
                ELSE coalesce(p.non_member_cents, p.member_cents) END,
           CASE WHEN p_kind = 'network' AND p.network_cents IS NULL THEN 'non_member' ELSE p_kind END
$$;

------------------------------------------------------------------------------
-- The booking records which price applied
------------------------------------------------------------------------------

ALTER TABLE booking ADD COLUMN price_kind text NOT NULL DEFAULT 'non_member'
    CHECK (price_kind IN ('member', 'network', 'non_member'));
COMMENT ON COLUMN booking.price_kind IS
    'The price that applied: member (of the space''s organisation), network (a member of '
    'another organisation of the install, price.network_cents), non_member. member_price is '
    'true exactly for member.';
-- Existing bookings: member_price said it (no network price existed). Triggers off: filling
-- a new column is no change of the booking (no new ICS sequence, no re-validation).
ALTER TABLE booking DISABLE TRIGGER USER;
UPDATE booking SET price_kind = 'member' WHERE member_price;
ALTER TABLE booking ENABLE TRIGGER USER;
-- ENABLE TRIGGER USER enables them in origin mode: the triggers that must fire for rows
-- written in replica mode too are set back to ALWAYS (0030, 0031).
ALTER TABLE booking ENABLE ALWAYS TRIGGER booking_space;
ALTER TABLE booking ENABLE ALWAYS TRIGGER booking_use_tally;
ALTER TABLE booking ENABLE ALWAYS TRIGGER booking_use_tally_truncate;

-- The two columns never disagree: a writer that sets only member_price (demo data, scripts,
-- older functions) gets the kind from it; one that sets only price_kind gets member_price.
CREATE FUNCTION booking_price_kind_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.member_price THEN
            NEW.price_kind := 'member';
        END IF;
    ELSIF NEW.price_kind IS NOT DISTINCT FROM OLD.price_kind
          AND NEW.member_price IS DISTINCT FROM OLD.member_price THEN
        NEW.price_kind := CASE WHEN NEW.member_price THEN 'member'
                               WHEN OLD.price_kind = 'member' THEN 'non_member' ELSE OLD.price_kind END;
    END IF;
    NEW.member_price := NEW.price_kind = 'member';
    RETURN NEW;
END;
$$;
CREATE TRIGGER booking_price_kind BEFORE INSERT OR UPDATE OF member_price, price_kind ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_price_kind_fill();
-- (No CHECK tying the two: the invoicing tests write booking rows with triggers off, setting
-- member_price only.)

------------------------------------------------------------------------------
-- Half-days in a space's hours
------------------------------------------------------------------------------

-- The instants of a half-day ('am', 'pm' or 'day', halfday_slot's times) on day d in space
-- p_space: clipped to the space's opening periods that overlap it (a space opening at 9:00
-- books its morning from 9:00); the slot's own times when no period overlaps it (the booking
-- is then refused as outside opening hours or closed). For a space whose hours are the slots'
-- (La Fontaine: 8:30-12:30, 13:30-18:30) it is slot_range.
CREATE FUNCTION space_slot_range(p_space smallint, d date, p_slot text,
    OUT starts_at timestamptz, OUT ends_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT greatest(r.starts_at, coalesce(min((d + o.opens) AT TIME ZONE 'Europe/Paris'), r.starts_at)),
           least(r.ends_at, coalesce(max((d + o.closes) AT TIME ZONE 'Europe/Paris'), r.ends_at))
    FROM slot_range(d, p_slot) r
    LEFT JOIN opening_hours o ON o.space_id = p_space AND o.weekday = extract(isodow FROM d)
         AND (d + o.opens) AT TIME ZONE 'Europe/Paris' < r.ends_at
         AND (d + o.closes) AT TIME ZONE 'Europe/Paris' > r.starts_at
    WHERE r.starts_at IS NOT NULL
    GROUP BY r.starts_at, r.ends_at
$$;
COMMENT ON FUNCTION space_slot_range(smallint, date, text) IS
    'The instants of a half-day (am, pm, day) on a day in a space: halfday_slot''s times '
    'clipped to the space''s opening periods overlapping them.';
GRANT EXECUTE ON FUNCTION space_slot_range(smallint, date, text) TO PUBLIC;

------------------------------------------------------------------------------
-- Closures and opening hours: the resource's space's
------------------------------------------------------------------------------

-- closed_reason of 0008: the closures and opening hours of the resource's space only.
CREATE OR REPLACE FUNCTION closed_reason(d date, p_resource int) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v text;
    v_space smallint := coalesce((SELECT r.space_id FROM resource r WHERE r.id = p_resource), fontaine_space());
BEGIN
    SELECT c.reason INTO v FROM closure c WHERE c.space_id = v_space AND d BETWEEN c.starts_on AND c.ends_on
        AND (c.resource_id IS NULL OR c.resource_id = p_resource) ORDER BY c.id LIMIT 1;
    IF v IS NULL THEN
        v := fr_public_holiday(d);
    END IF;
    IF v IS NULL AND NOT EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = v_space
                                 AND o.weekday = extract(isodow FROM d)) THEN
        v := 'Fermé';
    END IF;
    RETURN v;
END;
$$;

-- booking_check of 0015: closures and opening hours of the booked resource's space.
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
    SELECT c.reason INTO v_reason FROM closure c WHERE c.space_id = v_res.space_id
        AND NEW.day BETWEEN c.starts_on AND c.ends_on
        AND (c.resource_id IS NULL OR c.resource_id = NEW.resource_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'closed: %', v_reason USING ERRCODE = 'FTB04';
    END IF;
    IF fr_public_holiday(NEW.day) IS NOT NULL THEN
        RAISE EXCEPTION 'public holiday: %', fr_public_holiday(NEW.day) USING ERRCODE = 'FTB05';
    END IF;
    SELECT min(opens), max(closes) INTO v_opens, v_closes FROM opening_hours
        WHERE space_id = v_res.space_id AND weekday = extract(isodow FROM NEW.day);
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

-- availability of 0015: the opening hours of the resource's space.
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
                        WHERE o.space_id = r.space_id AND o.weekday = extract(isodow FROM c.day)
                          AND o.opens < c.ends AND o.closes > c.starts)
                     OR (r.kind = 'office' AND EXISTS (SELECT 1 FROM office_lease l WHERE l.resource_id = r.id
                        AND l.status = 'active' AND c.day BETWEEN l.starts_on AND coalesce(l.ends_on, 'infinity')))
                     THEN CASE WHEN cr.reason IS NULL AND r.kind = 'office' AND EXISTS (SELECT 1 FROM opening_hours o
                        WHERE o.space_id = r.space_id AND o.weekday = extract(isodow FROM c.day)) THEN 'taken' ELSE 'closed' END
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
-- Uses: per space
------------------------------------------------------------------------------

-- Every use of the install with its space (for the network's dashboard and a person's own
-- export); the schema owner's only.
CREATE VIEW use_halfday_all AS
    SELECT b.day, b.slot, b.resource_id, 'open_space'::text AS kind, b.person_id,
           b.source, b.id AS booking_id, NULL::bigint AS lease_id, b.space_id
    FROM booking b
    WHERE NOT b.exclusive AND b.status = 'confirmed'
    UNION ALL
    SELECT b.day, s.slot, b.resource_id, r.kind, b.person_id, b.source, b.id, NULL::bigint, b.space_id
    FROM booking b
    JOIN resource r ON r.id = b.resource_id
    JOIN halfday_slot s ON tstzrange(b.starts_at, b.ends_at) &&
         tstzrange((b.day + s.starts) AT TIME ZONE 'Europe/Paris', (b.day + s.ends) AT TIME ZONE 'Europe/Paris')
    WHERE b.exclusive AND b.status = 'confirmed'
    UNION ALL
    SELECT g.d::date, s.slot, l.resource_id, 'office'::text, l.person_id, 'lease'::text,
           NULL::bigint, l.id, l.space_id
    FROM office_lease l
    CROSS JOIN LATERAL generate_series(l.starts_on,
        coalesce(l.ends_on, (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date),
        interval '1 day') AS g (d)
    JOIN halfday_slot s ON EXISTS (
        SELECT 1 FROM opening_hours o WHERE o.space_id = l.space_id AND o.weekday = extract(isodow FROM g.d)
          AND o.opens < s.ends AND o.closes > s.starts)
    WHERE l.status = 'active' AND closed_reason(g.d::date, l.resource_id) IS NULL;
COMMENT ON VIEW use_halfday_all IS
    'use_halfday over every space, with space_id (the schema owner''s: network dashboard, a '
    'person''s export).';
REVOKE ALL ON use_halfday_all FROM PUBLIC;

-- use_halfday of 0008: the uses of the connection's space (every space in network scope),
-- with their space_id. The view runs as its owner (no row-level security), hence the filter.
CREATE OR REPLACE VIEW use_halfday AS
    SELECT u.day, u.slot, u.resource_id, u.kind, u.person_id, u.source, u.booking_id, u.lease_id, u.space_id
    FROM use_halfday_all u
    WHERE u.space_id = (SELECT fontaine_space()) OR (SELECT fontaine_network());
COMMENT ON VIEW use_halfday IS
    'One row per use, i.e. per half-day of occupation, of the connection''s space (every space '
    'in network scope; space_id says which): a person in the open space for a half-day '
    '(confirmed desk booking or walk-in check-in; a booked member who checks in counts once; '
    'no-shows and cancellations do not count); a half-day of the conference room (a full day '
    'counts 2, hours count each half-day they overlap); a working half-day of a leased office '
    '(opening days of its space only, closures and public holidays excluded). Columns: day, '
    'slot (am/pm), resource_id, kind, person_id (NULL for visitors and companies without an '
    'account), source (desk, walk_in, room, lease), booking_id or lease_id, space_id.';

------------------------------------------------------------------------------
-- Room prices: the space's, by price kind
------------------------------------------------------------------------------

DROP FUNCTION room_price(int, date, text, int, bigint, text[], int);
-- The price of booking room p_resource: its space's room half-day or day (hours: a half-day up
-- to 4 h, else a day) for the person's price kind, plus the options. Returns price_cents,
-- price_code, member_price and price_kind.
CREATE FUNCTION room_price(p_resource int, p_day date, p_slot text, p_minutes int,
    p_person bigint, p_options text[], p_attendees int,
    OUT price_cents int, OUT price_code text, OUT member_price boolean, OUT price_kind text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_space smallint := (SELECT r.space_id FROM resource r WHERE r.id = p_resource);
    v_price price;
    v_base int;
BEGIN
    v_price := space_price(v_space, CASE WHEN p_slot IN ('am', 'pm') OR (p_slot = 'hours' AND p_minutes <= 240)
                                         THEN 'room_half_day' ELSE 'room_day' END);
    SELECT f.cents, f.kind INTO v_base, price_kind
      FROM price_for(v_price, booking_price_kind(p_person, p_day, v_space)) f;
    price_code := v_price.code;
    member_price := price_kind = 'member';
    price_cents := coalesce(v_base, 0) + coalesce((
        SELECT sum(o.price_cents * CASE WHEN o.per_attendee THEN greatest(p_attendees, 1) ELSE 1 END)
        FROM booking_option o WHERE o.code = ANY (p_options) AND o.active), 0);
END;
$$;

------------------------------------------------------------------------------
-- The room: a room of the connection's space; caps per space
------------------------------------------------------------------------------

-- room_reserve of 0015, per space: the room is one of the connection's space (FTB10 for
-- another space's), the caps on holds per address and on live bookings per e-mail count that
-- space's bookings, and the booking records its price kind.
CREATE OR REPLACE FUNCTION room_reserve(p_resource int, p_day date, p_slot text, p_starts time, p_ends time,
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
    SELECT * INTO v_res FROM resource WHERE id = p_resource AND active AND kind = 'meeting_room'
        AND space_id = fontaine_space();
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
        SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM space_slot_range(v_res.space_id, p_day, p_slot) r;
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
        -- The caps, per space: one advisory lock per (space, address), then per (space,
        -- e-mail), always in that order, held to the end of the transaction.
        IF p_confirm_hash IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock(hashtextextended('room_hold:addr:' || v_res.space_id || ':'
                                                           || coalesce(host(p_addr), '-'), 0));
            IF (SELECT count(*) FROM booking b WHERE b.space_id = v_res.space_id AND b.status = 'held'
                    AND b.hold_expires_at > now() AND b.hold_addr IS NOT DISTINCT FROM p_addr) >= v_max_addr THEN
                RAISE EXCEPTION 'too many holds from %', p_addr USING ERRCODE = 'FTB12',
                    DETAIL = v_max_addr::text;
            END IF;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('room_live:email:' || v_res.space_id || ':'
                                                       || lower(p_email), 0));
        IF (SELECT count(*) FROM booking b WHERE b.space_id = v_res.space_id AND b.source = 'room'
                AND lower(b.email) = lower(p_email) AND b.status IN ('held', 'requested', 'confirmed')
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
        contact_name, email, phone, purpose, attendees, member_price, price_kind, price_code, price_cents,
        covered_by, free_cancel_until, terms, manage_token_hash, quote_number, quote_valid_until,
        confirmed_at, hold_expires_at, confirm_token_hash, hold_addr)
    VALUES (coalesce(p_uid, gen_random_uuid()), p_resource, true, p_day, p_slot, v_starts, v_ends, status, 'room', p_person,
        p_company, p_siren, p_street, p_postcode, p_city, p_contact, p_email, nullif(p_phone, ''),
        nullif(p_purpose, ''), p_attendees, v_price.member_price, v_price.price_kind, v_price.price_code,
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

-- booking_change_by_token of 0008: the new price keeps its kind.
CREATE OR REPLACE FUNCTION booking_change_by_token(p_token_hash bytea, p_day date, p_slot text) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_starts timestamptz;
    v_ends timestamptz;
    v_price record;
    v_hours int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_free_cancel_hours'), 48);
BEGIN
    SELECT * INTO v FROM booking WHERE manage_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND OR v.status NOT IN ('requested', 'confirmed') THEN
        RAISE EXCEPTION 'no live booking' USING ERRCODE = 'P0002';
    END IF;
    IF now() > v.free_cancel_until THEN
        RAISE EXCEPTION 'past the free change deadline' USING ERRCODE = 'FTB09';
    END IF;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM space_slot_range(v.space_id, p_day, p_slot) r;
    IF v_starts IS NULL THEN
        RAISE EXCEPTION 'unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    SELECT * INTO v_price FROM room_price(v.resource_id, p_day, p_slot, 0, v.person_id,
        ARRAY(SELECT option_code FROM booking_option_line WHERE booking_id = v.id), v.attendees);
    UPDATE booking SET day = p_day, slot = p_slot, starts_at = v_starts, ends_at = v_ends,
        price_cents = v_price.price_cents, price_code = v_price.price_code,
        member_price = v_price.member_price, price_kind = v_price.price_kind,
        free_cancel_until = v_starts - make_interval(hours => v_hours)
    WHERE id = v.id;
    RETURN v_price.price_cents;
END;
$$;

------------------------------------------------------------------------------
-- Desks: the open space of the connection's space
------------------------------------------------------------------------------

-- The active formula of person p_person from the organisation of space p_space that covers a
-- half-day of the open space on p_day: a monthly pass (kind 'month'), else a carnet with a
-- half-day left (kind 'carnet', locked for the draw).
CREATE FUNCTION desk_formula(p_person bigint, p_day date, p_space smallint,
    OUT formula_id bigint, OUT kind text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_org smallint := (SELECT organisation_id FROM space WHERE id = p_space);
BEGIN
    SELECT f.id, 'month' INTO formula_id, kind FROM person_formula f JOIN price pr ON pr.code = f.price_code
    WHERE f.person_id = p_person AND f.organisation_id = v_org AND f.status = 'active'
      AND coalesce(pr.booking_role, pr.code) = 'month_open_space'
      AND p_day BETWEEN f.starts_on AND coalesce(f.ends_on, 'infinity')
    ORDER BY f.id LIMIT 1;
    IF FOUND THEN
        RETURN;
    END IF;
    SELECT f.id, 'carnet' INTO formula_id, kind FROM person_formula f
    WHERE f.person_id = p_person AND f.organisation_id = v_org AND f.status = 'active'
      AND f.halfdays_total IS NOT NULL AND f.halfdays_used < f.halfdays_total
      AND (f.starts_on IS NULL OR p_day >= f.starts_on) AND (f.ends_on IS NULL OR p_day <= f.ends_on)
    ORDER BY f.id LIMIT 1 FOR UPDATE;
END;
$$;
REVOKE EXECUTE ON FUNCTION desk_formula(bigint, date, smallint) FROM PUBLIC;

-- The open space of the connection's space (its first active one).
CREATE FUNCTION space_open_space() RETURNS resource
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM resource WHERE kind = 'open_space' AND active AND space_id = fontaine_space()
    ORDER BY sort_order, id LIMIT 1
$$;

-- desk_book of 0008, per space: the open space of the connection's space; covered by a
-- monthly pass, else a carnet, of that space's organisation; else the space's half-day at the
-- person's price kind (member, network or non-member). FTB10 when the space has no open space.
CREATE OR REPLACE FUNCTION desk_book(p_person bigint, p_day date, p_slot text,
    OUT booking_id bigint, OUT covered_by text, OUT price_cents int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource := space_open_space();
    v_person person%ROWTYPE;
    v_f record;
    v_formula bigint;
    v_starts timestamptz;
    v_ends timestamptz;
    v_kind text;
    v_price price;
    v_hours int := coalesce((SELECT value::int FROM app_setting WHERE key = 'desk_cancel_hours'), 2);
BEGIN
    IF v_res.id IS NULL OR p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'no open space or unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    SELECT * INTO v_person FROM person WHERE id = p_person;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM space_slot_range(v_res.space_id, p_day, p_slot) r;
    v_kind := booking_price_kind(p_person, p_day, v_res.space_id);
    SELECT * INTO v_f FROM desk_formula(p_person, p_day, v_res.space_id);
    IF v_f.kind = 'month' THEN
        covered_by := 'month';
        price_cents := 0;
    ELSIF v_f.kind = 'carnet' THEN
        v_formula := v_f.formula_id;
        UPDATE person_formula SET halfdays_used = halfdays_used + 1 WHERE id = v_formula;
        covered_by := 'carnet';
        price_cents := 0;
    ELSE
        covered_by := 'unit';
        v_price := space_price(v_res.space_id, 'half_day');
        SELECT f.cents, f.kind INTO price_cents, v_kind FROM price_for(v_price, v_kind) f;
        price_cents := coalesce(price_cents, 0);
    END IF;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        person_id, contact_name, email, phone, member_price, price_kind, price_code, price_cents, covered_by,
        formula_id, free_cancel_until, terms, confirmed_at)
    VALUES (v_res.id, false, p_day, p_slot, v_starts, v_ends, 'confirmed', 'desk', p_person,
        v_person.first_name || ' ' || v_person.last_name, v_person.email, v_person.phone,
        v_kind = 'member', v_kind, CASE WHEN covered_by = 'unit' THEN v_price.code END,
        price_cents, covered_by, v_formula, v_starts - make_interval(hours => v_hours),
        format('Annulation possible jusqu’à %s h avant le début de la demi-journée.', v_hours), now())
    RETURNING id INTO booking_id;
END;
$$;

-- desk_walk_in of 0008, per space: a visitor in the open space of the connection's space, at
-- its non-member half-day price.
CREATE OR REPLACE FUNCTION desk_walk_in(p_name text, p_email text, p_slot text, p_paid boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource := space_open_space();
    v_today date := (now() AT TIME ZONE 'Europe/Paris')::date;
    v_starts timestamptz;
    v_ends timestamptz;
    v_price price;
    v_id bigint;
BEGIN
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM space_slot_range(v_res.space_id, v_today, p_slot) r;
    IF v_res.id IS NULL OR v_starts IS NULL OR p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'no open space or unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    v_price := space_price(v_res.space_id, 'half_day');
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        contact_name, email, price_kind, price_code, price_cents, covered_by, checked_in_at, confirmed_at)
    VALUES (v_res.id, false, v_today, p_slot, v_starts, v_ends, 'confirmed', 'walk_in',
        p_name, nullif(p_email, ''), 'non_member', v_price.code,
        coalesce((price_for(v_price, 'non_member')).cents, 0),
        CASE WHEN p_paid THEN 'unit_paid' ELSE 'unit' END, now(), now())
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

-- desk_walk_in_member of 0024, per space: the open space of the connection's space, the
-- formulas of its organisation, its half-day at the member's price kind; FTM05 when they
-- already booked this half-day in this space.
CREATE OR REPLACE FUNCTION desk_walk_in_member(p_actor bigint, p_person bigint, p_slot text, p_paid boolean)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource := space_open_space();
    v_person person%ROWTYPE;
    v_today date := paris_today();
    v_starts timestamptz;
    v_ends timestamptz;
    v_f record;
    v_formula bigint;
    v_covered text;
    v_cents int := 0;
    v_kind text;
    v_price price;
    v_id bigint;
BEGIN
    SELECT * INTO v_person FROM person WHERE id = p_person;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM space_slot_range(v_res.space_id, v_today, p_slot) r;
    IF v_res.id IS NULL OR v_starts IS NULL OR p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'no open space or unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    v_kind := booking_price_kind(p_person, v_today, v_res.space_id);
    IF EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p_person AND NOT b.exclusive AND b.day = v_today
               AND b.space_id = v_res.space_id AND b.slot = p_slot AND b.status = 'confirmed') THEN
        RAISE EXCEPTION 'already booked' USING ERRCODE = 'FTM05';
    END IF;
    SELECT * INTO v_f FROM desk_formula(p_person, v_today, v_res.space_id);
    IF v_f.kind = 'month' THEN
        v_covered := 'month';
    ELSIF v_f.kind = 'carnet' THEN
        v_formula := v_f.formula_id;
        UPDATE person_formula SET halfdays_used = halfdays_used + 1 WHERE id = v_formula;
        v_covered := 'carnet';
    ELSE
        v_covered := CASE WHEN p_paid THEN 'unit_paid' ELSE 'unit' END;
        v_price := space_price(v_res.space_id, 'half_day');
        SELECT f.cents, f.kind INTO v_cents, v_kind FROM price_for(v_price, v_kind) f;
    END IF;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        person_id, contact_name, email, phone, member_price, price_kind, price_code, price_cents, covered_by,
        formula_id, checked_in_at, confirmed_at)
    VALUES (v_res.id, false, v_today, p_slot, v_starts, v_ends, 'confirmed', 'walk_in', p_person,
        v_person.first_name || ' ' || v_person.last_name, v_person.email, v_person.phone,
        v_kind = 'member', v_kind, CASE WHEN v_covered IN ('unit', 'unit_paid') THEN v_price.code END,
        coalesce(v_cents, 0), v_covered, v_formula, now(), now())
    RETURNING id INTO v_id;
    PERFORM membership_audit_write(p_actor, 'walk_in', 'booking', v_id, NULL,
        jsonb_build_object('person_id', p_person, 'day', v_today, 'slot', p_slot, 'covered_by', v_covered,
                           'formula_id', v_formula));
    RETURN v_id;
END;
$$;

------------------------------------------------------------------------------
-- Reception and staff answers: the connection's space's bookings only
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION desk_check_in(p_booking bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE booking SET checked_in_at = now(), status = 'confirmed'
    WHERE id = p_booking AND space_id = fontaine_space() AND NOT exclusive
      AND status IN ('confirmed', 'no_show') AND checked_in_at IS NULL
    RETURNING true;
$$;

CREATE OR REPLACE FUNCTION desk_no_show(p_booking bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE booking SET status = 'no_show'
    WHERE id = p_booking AND space_id = fontaine_space() AND NOT exclusive AND status = 'confirmed'
      AND checked_in_at IS NULL AND source = 'desk'
    RETURNING true;
$$;

-- desk_check_in_reverse of 0024: a booking of the connection's space only (else FTM01).
CREATE OR REPLACE FUNCTION desk_check_in_reverse(p_actor bigint, p_booking bigint, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_id bigint;
BEGIN
    SELECT * INTO v FROM booking WHERE id = p_booking AND space_id = fontaine_space() AND NOT exclusive
        FOR UPDATE;
    IF NOT FOUND OR v.checked_in_at IS NULL OR v.status <> 'confirmed' THEN
        RAISE EXCEPTION 'booking % is not checked in', p_booking USING ERRCODE = 'FTM01';
    END IF;
    INSERT INTO booking_correction (booking_id, kind, reason, person_id, before)
    VALUES (p_booking, 'check_in', p_reason, p_actor, to_jsonb(v) - 'manage_token_hash')
    RETURNING id INTO v_id;
    IF v.source = 'walk_in' THEN
        UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = p_booking;
        IF v.covered_by = 'carnet' AND NOT EXISTS (SELECT 1 FROM booking_correction c
                WHERE c.booking_id = p_booking AND c.kind = 'carnet_use') THEN
            UPDATE person_formula SET halfdays_used = halfdays_used - 1 WHERE id = v.formula_id;
        END IF;
    ELSE
        UPDATE booking SET checked_in_at = NULL WHERE id = p_booking;
    END IF;
    PERFORM membership_audit_write(p_actor, 'reverse', 'booking', p_booking,
        jsonb_build_object('checked_in_at', v.checked_in_at, 'status', v.status, 'source', v.source),
        (SELECT jsonb_build_object('checked_in_at', b.checked_in_at, 'status', b.status, 'correction', v_id)
         FROM booking b WHERE b.id = p_booking), p_reason);
    RETURN v_id;
END;
$$;

-- carnet_use_reverse of 0024: a booking of the connection's space only (else FTM01).
CREATE OR REPLACE FUNCTION carnet_use_reverse(p_actor bigint, p_booking bigint, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_f person_formula%ROWTYPE;
    v_id bigint;
BEGIN
    SELECT * INTO v FROM booking WHERE id = p_booking AND space_id = fontaine_space() FOR UPDATE;
    IF NOT FOUND OR v.covered_by <> 'carnet' OR v.formula_id IS NULL
       OR (v.status = 'cancelled' AND v.source = 'walk_in') THEN
        RAISE EXCEPTION 'booking % drew no carnet half-day', p_booking USING ERRCODE = 'FTM01';
    END IF;
    SELECT * INTO v_f FROM person_formula WHERE id = v.formula_id FOR UPDATE;
    INSERT INTO booking_correction (booking_id, kind, formula_id, reason, person_id, before)
    VALUES (p_booking, 'carnet_use', v.formula_id, p_reason, p_actor,
            jsonb_build_object('halfdays_used', v_f.halfdays_used))
    RETURNING id INTO v_id;
    UPDATE person_formula SET halfdays_used = halfdays_used - 1 WHERE id = v.formula_id;
    PERFORM membership_audit_write(p_actor, 'reverse', 'person_formula', v.formula_id,
        jsonb_build_object('halfdays_used', v_f.halfdays_used, 'booking', p_booking),
        jsonb_build_object('halfdays_used', v_f.halfdays_used - 1, 'correction', v_id), p_reason);
    RETURN v_id;
END;
$$;

-- booking_answer of 0008: a request of the connection's space only.
CREATE OR REPLACE FUNCTION booking_answer(p_booking bigint, p_confirm boolean, p_subject text, p_text text,
                               p_html text, p_ics bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_outbox bigint;
BEGIN
    UPDATE booking SET status = CASE WHEN p_confirm THEN 'confirmed' ELSE 'declined' END,
        confirmed_at = CASE WHEN p_confirm THEN now() END
    WHERE id = p_booking AND space_id = fontaine_space() AND status = 'requested' RETURNING * INTO v;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v.email IS NOT NULL AND p_subject IS NOT NULL THEN
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (v.email, p_subject, p_text, p_html) RETURNING id INTO v_outbox;
        IF p_confirm AND p_ics IS NOT NULL THEN
            INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)
            VALUES (v_outbox, 'reservation.ics', 'text/calendar; charset=utf-8; method=PUBLISH', p_ics);
        END IF;
    END IF;
    RETURN true;
END;
$$;

------------------------------------------------------------------------------
-- Leases: offices of the connection's space
------------------------------------------------------------------------------

-- office_lease_create of 0008: an office of the connection's space (FTB10 for another's).
CREATE OR REPLACE FUNCTION office_lease_create(p_resource int, p_tenant text, p_email text, p_siren text,
    p_starts date, p_ends date, p_rent_cents int) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM resource WHERE id = p_resource AND space_id = fontaine_space()) THEN
        RAISE EXCEPTION 'no office % in this space', p_resource USING ERRCODE = 'FTB10';
    END IF;
    INSERT INTO office_lease (resource_id, person_id, tenant_name, siren, starts_on, ends_on,
                              monthly_rent_cents)
    VALUES (p_resource, (SELECT id FROM person WHERE lower(email) = lower(nullif(p_email, ''))),
            p_tenant, nullif(p_siren, ''), p_starts, p_ends, p_rent_cents)
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

-- office_lease_end of 0024: a lease of the connection's space only (else false).
CREATE OR REPLACE FUNCTION office_lease_end(p_actor bigint, p_lease bigint, p_ends date, p_reason text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before office_lease%ROWTYPE;
    v_after office_lease%ROWTYPE;
BEGIN
    SELECT * INTO v_before FROM office_lease WHERE id = p_lease AND space_id = fontaine_space()
        AND status = 'active' FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM invoice_line l WHERE l.source_key LIKE 'lease:' || p_lease || ':%'
               AND to_date(split_part(l.source_key, ':', 3) || '-01', 'YYYY-MM-DD') > p_ends) THEN
        RAISE EXCEPTION 'lease % already invoiced after %', p_lease, p_ends USING ERRCODE = 'FTM04';
    END IF;
    UPDATE office_lease SET ends_on = p_ends, end_reason = p_reason, ended_by = p_actor
    WHERE id = p_lease RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'end', 'office_lease', p_lease, to_jsonb(v_before),
                                   to_jsonb(v_after), p_reason);
    RETURN true;
END;
$$;

------------------------------------------------------------------------------
-- The team of the booking's space is told
------------------------------------------------------------------------------

-- Where mail for the team of space p_space goes: the default space keeps staff_mail_address()
-- (app_setting staff_email, else the organisation's address); another space its own address,
-- else its organisation's.
CREATE FUNCTION space_staff_mail_address(p_space smallint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN s.is_default THEN staff_mail_address() ELSE coalesce(s.email, o.email) END
    FROM space s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = p_space
$$;

-- The contact address a space shows on its booking pages and mails (its own, else its
-- organisation's).
CREATE FUNCTION space_contact_email(p_space smallint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(s.email, o.email) FROM space s JOIN organisation o ON o.id = s.organisation_id
    WHERE s.id = p_space
$$;

-- booking_tell_staff of 0026: the team of the booking's space.
CREATE OR REPLACE FUNCTION booking_tell_staff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_to text := space_staff_mail_address(NEW.space_id);
    v_room text;
BEGIN
    IF NEW.source <> 'room' OR NEW.status NOT IN ('confirmed', 'requested') OR v_to IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'requested') THEN
        RETURN NULL;
    END IF;
    SELECT name INTO v_room FROM resource WHERE id = NEW.resource_id;
    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (v_to, NEW.email,
        CASE WHEN NEW.status = 'requested' THEN 'Demande de réservation à traiter : '
             ELSE 'Nouvelle réservation : ' END
            || regexp_replace(coalesce(NEW.company_name, NEW.contact_name), '[\r\n]+', ' ', 'g')
            || ', ' || invoice_fr_date(NEW.day, true),
        CASE WHEN NEW.status = 'requested'
             THEN 'Une demande de réservation attend votre réponse (back-office, page Réservations).'
             ELSE 'Une réservation vient d’être confirmée en ligne.' END || E'\n\n'
        || 'Espace : ' || v_room || E'\n'
        || 'Quand : ' || booking_fr_when(NEW.starts_at, NEW.ends_at) || E'\n'
        || 'Entreprise : ' || coalesce(NEW.company_name, '—')
        || coalesce(' (SIREN ' || NEW.siren || ')', '') || E'\n'
        || 'Contact : ' || NEW.contact_name || coalesce(', ' || NEW.email, '')
        || coalesce(', ' || NEW.phone, '') || E'\n'
        || 'Participants : ' || NEW.attendees || E'\n'
        || 'Prix : ' || fr_money(NEW.price_cents) || ' TTC'
        || CASE NEW.price_kind WHEN 'member' THEN ' (tarif adhérent)' WHEN 'network' THEN ' (tarif réseau)' ELSE '' END
        || E'\n'
        || coalesce('Objet : ' || NEW.purpose || E'\n', '')
        || E'\nRépondez à ce message pour écrire au contact.\n');
    RETURN NULL;
END;
$$;

------------------------------------------------------------------------------
-- Rights
------------------------------------------------------------------------------

REVOKE EXECUTE ON FUNCTION space_open_space(), booking_price_kind(bigint, date, smallint),
    space_staff_mail_address(smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION booking_price_kind(bigint, date, smallint) TO fontaine_booking, fontaine_admin,
    fontaine_invoice;
GRANT EXECUTE ON FUNCTION space_contact_email(smallint), space_price(smallint, text),
    price_for(price, text) TO PUBLIC;
GRANT SELECT ON use_halfday TO fontaine_booking, fontaine_admin;
