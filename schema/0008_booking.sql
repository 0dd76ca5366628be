-- Bookings: half-day slots, closures and French public holidays, bookings of the conference
-- room, the offices and the open space, desk check-ins, office leases, quotes, and the
-- definition of a "use" (use_halfday). The rules live here, not in the program:
--   * a booking is refused on a closure or a public holiday, outside opening hours, in the
--     past, backwards, longer than the resource allows, over the resource's capacity
--     (trigger booking_check, SQLSTATEs FTB01..FTB09 listed below);
--   * two live bookings of an exclusive resource never overlap (EXCLUDE USING gist);
--   * the open space never holds more people than its capacity in a slot: one counter row
--     per (resource, day, slot), incremented by a conditional UPDATE that waits on the row
--     lock of the concurrent booking (see desk_load);
--   * a carnet never gives more half-days than it holds (person_formula's CHECK, drawn on in
--     the same transaction as the booking).
--
-- SQLSTATEs raised here (the program maps them to French messages):
--   FTB01 in the past            FTB02 ends before it starts   FTB03 outside opening hours
--   FTB04 on a closure           FTB05 on a public holiday     FTB06 longer than allowed
--   FTB07 attendees > capacity   FTB08 price changed meanwhile FTB09 past the cancel deadline
--   FTB10 unknown or inactive resource / slot not offered for it
--   FT409 already taken (open space full); 23P01 (exclusion) is "already taken" too.

------------------------------------------------------------------------------
-- Half-day slots, closures, public holidays
------------------------------------------------------------------------------

CREATE TABLE halfday_slot (
    slot   text PRIMARY KEY CHECK (slot IN ('am', 'pm')),
    label  text NOT NULL,
    starts time NOT NULL,
    ends   time NOT NULL,
    CHECK (starts < ends)
);
COMMENT ON TABLE halfday_slot IS
    'The two half-days of a day (am, pm) with their times, Europe/Paris local time; staff may '
    'change the times. A "day" booking runs from the morning''s start to the afternoon''s end.';
INSERT INTO halfday_slot (slot, label, starts, ends) VALUES
    ('am', 'Matin', '08:30', '12:30'),
    ('pm', 'Après-midi', '13:30', '18:30');

CREATE TABLE closure (
    id          serial PRIMARY KEY,
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    resource_id int REFERENCES resource (id) ON DELETE CASCADE,  -- NULL: the whole space
    CHECK (starts_on <= ends_on)
);
COMMENT ON TABLE closure IS
    'Exceptional closures and holidays (dates inclusive) of the whole space, or of one resource '
    'when resource_id is set. French public holidays are computed (fr_public_holiday), not stored.';

-- Easter Sunday of year y (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher).
CREATE FUNCTION easter_sunday(y int) RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    a int := y % 19;
    b int := y / 100;
    c int := y % 100;
    d int := b / 4;
    e int := b % 4;
    f int := (b + 8) / 25;
    g int := (b - f + 1) / 3;
    h int := (19 * a + b - d - g + 15) % 30;
    i int := c / 4;
    k int := c % 4;
    l int := (32 + 2 * e + 2 * i - h - k) % 7;
    m int := (a + 11 * h + 22 * l) / 451;
    mo int := (h + l - 7 * m + 114) / 31;
    da int := ((h + l - 7 * m + 114) % 31) + 1;
BEGIN
    RETURN make_date(y, mo, da);
END;
$$;
COMMENT ON FUNCTION easter_sunday(int) IS 'Easter Sunday of a Gregorian year.';

-- The French name of the public holiday on day d (metropolitan France), or NULL.
CREATE FUNCTION fr_public_holiday(d date) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    easter date := easter_sunday(extract(year FROM d)::int);
BEGIN
    RETURN CASE to_char(d, 'MM-DD')
        WHEN '01-01' THEN 'Jour de l’an'
        WHEN '05-01' THEN 'Fête du Travail'
        WHEN '05-08' THEN 'Victoire 1945'
        WHEN '07-14' THEN 'Fête nationale'
        WHEN '08-15' THEN 'Assomption'
        WHEN '11-01' THEN 'Toussaint'
        WHEN '11-11' THEN 'Armistice 1918'
        WHEN '12-25' THEN 'Noël'
        ELSE CASE d - easter
            WHEN 1 THEN 'Lundi de Pâques'
            WHEN 39 THEN 'Ascension'
            WHEN 50 THEN 'Lundi de Pentecôte'
        END
    END;
END;
$$;
COMMENT ON FUNCTION fr_public_holiday(date) IS
    'Name of the French public holiday on that day (fixed days, Easter Monday, Ascension, Whit '
    'Monday), or NULL.';

-- Why resource p_resource is closed on day d: a closure's reason, a public holiday's name, or
-- 'Fermé' on a day without opening hours. NULL when it is open.
CREATE FUNCTION closed_reason(d date, p_resource int) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v text;
BEGIN
    SELECT c.reason INTO v FROM closure c WHERE d BETWEEN c.starts_on AND c.ends_on
        AND (c.resource_id IS NULL OR c.resource_id = p_resource) ORDER BY c.id LIMIT 1;
    IF v IS NULL THEN
        v := fr_public_holiday(d);
    END IF;
    IF v IS NULL AND NOT EXISTS (SELECT 1 FROM opening_hours o WHERE o.weekday = extract(isodow FROM d)) THEN
        v := 'Fermé';
    END IF;
    RETURN v;
END;
$$;

-- Start and end instants of a slot ('am', 'pm' or 'day') on day d, Europe/Paris.
CREATE FUNCTION slot_range(d date, p_slot text, OUT starts_at timestamptz, OUT ends_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT (d + s.starts) AT TIME ZONE 'Europe/Paris', (d + e.ends) AT TIME ZONE 'Europe/Paris'
    FROM halfday_slot s, halfday_slot e
    WHERE s.slot = CASE p_slot WHEN 'pm' THEN 'pm' ELSE 'am' END
      AND e.slot = CASE p_slot WHEN 'am' THEN 'am' ELSE 'pm' END
      AND p_slot IN ('am', 'pm', 'day');
$$;

------------------------------------------------------------------------------
-- Resources: how each is booked
------------------------------------------------------------------------------

ALTER TABLE resource
    ADD COLUMN booking_mode text NOT NULL DEFAULT 'instant'
        CHECK (booking_mode IN ('instant', 'request', 'lease')),
    ADD COLUMN max_booking_minutes int NOT NULL DEFAULT 600 CHECK (max_booking_minutes > 0);
COMMENT ON COLUMN resource.booking_mode IS
    'instant: a booking is confirmed at once; request: staff confirm or decline it; lease: '
    'rented by the month through office_lease only.';
UPDATE resource SET booking_mode = 'lease' WHERE kind = 'office';

CREATE TABLE booking_option (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+$'),
    label        text NOT NULL,
    price_cents  int NOT NULL CHECK (price_cents >= 0),
    per_attendee boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true,
    sort_order   smallint NOT NULL DEFAULT 0
);
COMMENT ON TABLE booking_option IS
    'Extras of a room booking (catering, equipment) in integer cents TTC, per booking or per attendee.';

INSERT INTO app_setting (key, value) VALUES
    ('booking_free_cancel_hours', '48'),
    ('desk_cancel_hours', '2'),
    ('booking_quote_valid_days', '30')
ON CONFLICT (key) DO NOTHING;

------------------------------------------------------------------------------
-- Bookings
------------------------------------------------------------------------------

CREATE TABLE booking (
    id                 bigserial PRIMARY KEY,
    uid                uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    resource_id        int NOT NULL REFERENCES resource (id),
    exclusive          boolean NOT NULL,           -- copied from the resource by booking_check
    day                date NOT NULL,              -- Europe/Paris day of starts_at
    slot               text NOT NULL CHECK (slot IN ('am', 'pm', 'day', 'hours')),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    status             text NOT NULL CHECK (status IN
                       ('quote', 'requested', 'confirmed', 'declined', 'cancelled', 'no_show')),
    source             text NOT NULL CHECK (source IN ('room', 'desk', 'walk_in')),
    person_id          bigint REFERENCES person (id) ON DELETE SET NULL,
    -- The customer, as invoiced (a company for the room; the member or visitor for a desk).
    company_name       text CHECK (length(company_name) BETWEEN 1 AND 200),
    siren              text CHECK (siren ~ '^[0-9]{9}$' AND luhn_ok(siren)),
    billing_street     text CHECK (length(billing_street) BETWEEN 1 AND 200),
    billing_postcode   text CHECK (billing_postcode ~ '^[0-9]{5}$'),
    billing_city       text CHECK (length(billing_city) BETWEEN 1 AND 100),
    contact_name       text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 120),
    email              text CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^\s@]+@[^\s@]+$'),
    phone              text CHECK (length(phone) <= 30),
    purpose            text CHECK (length(purpose) <= 500),
    attendees          int NOT NULL DEFAULT 1 CHECK (attendees > 0),
    -- The price and how it is paid.
    member_price       boolean NOT NULL DEFAULT false,
    price_code         text REFERENCES price (code),
    price_cents        int NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    covered_by         text NOT NULL DEFAULT 'invoice'
                       CHECK (covered_by IN ('invoice', 'carnet', 'month', 'unit_paid', 'unit')),
    formula_id         bigint REFERENCES person_formula (id),
    -- The terms: free cancellation until then (then the booking is due).
    free_cancel_until  timestamptz,
    terms              text NOT NULL DEFAULT '',
    manage_token_hash  bytea UNIQUE CHECK (length(manage_token_hash) = 32),
    quote_number       text UNIQUE CHECK (quote_number ~ '^D[0-9]{4}-[0-9]{5}$'),
    quote_valid_until  date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    confirmed_at       timestamptz,
    cancelled_at       timestamptz,
    checked_in_at      timestamptz,
    CONSTRAINT booking_ends_after_start CHECK (starts_at < ends_at),
    CONSTRAINT booking_carnet_has_formula CHECK ((covered_by = 'carnet') = (formula_id IS NOT NULL)),
    CONSTRAINT booking_quote_numbered CHECK ((status = 'quote') = (quote_number IS NOT NULL)),
    -- No two live bookings of an exclusive resource overlap (a pending request holds its
    -- slot until staff answer, so two companies never both wait for the same one).
    CONSTRAINT booking_no_overlap EXCLUDE USING gist
        (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (exclusive AND status IN ('requested', 'confirmed'))
);
CREATE INDEX booking_day ON booking (resource_id, day) WHERE status IN ('requested', 'confirmed');
CREATE INDEX booking_person ON booking (person_id, starts_at);
-- A member books a given half-day of the open space once.
CREATE UNIQUE INDEX booking_desk_once ON booking (person_id, resource_id, day, slot)
    WHERE source = 'desk' AND status = 'confirmed';
COMMENT ON TABLE booking IS
    'Bookings of the conference room (companies, source room), of desks in the open space '
    '(members, source desk; visitors checked in at the desk, source walk_in) and quotes (status '
    'quote). Keeps what invoicing needs: the customer, price_cents (TTC), price_code, covered_by '
    '(invoice: to invoice; carnet/month: covered by a formula; unit_paid: paid at the desk; unit: '
    'to invoice at the unit price) and the terms (free_cancel_until, terms).';

-- Validates a booking and completes it (exclusive, day). Raises the FTBxx SQLSTATEs above.
CREATE FUNCTION booking_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_local_start timestamp := NEW.starts_at AT TIME ZONE 'Europe/Paris';
    v_local_end timestamp := NEW.ends_at AT TIME ZONE 'Europe/Paris';
    v_reason text;
    v_opens time;
    v_closes time;
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
    -- Walk-ins are recorded as they happen; anything else is booked ahead.
    IF NEW.source <> 'walk_in' AND NEW.starts_at < now() THEN
        RAISE EXCEPTION 'in the past' USING ERRCODE = 'FTB01';
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
CREATE TRIGGER booking_check BEFORE INSERT OR UPDATE ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_check();

------------------------------------------------------------------------------
-- The open space's capacity: one counter row per (resource, day, slot)
------------------------------------------------------------------------------
-- Why a counter row and not SERIALIZABLE or an advisory lock: the conditional UPDATE below
-- takes the row lock of the one (resource, day, slot) it changes, so concurrent bookings of
-- the same half-day wait for each other and each re-reads the committed count (READ COMMITTED
-- re-evaluates the WHERE on the new row version), while bookings of other half-days never
-- wait. No retry loop in the program (SERIALIZABLE would abort with 40001), and the CHECK
-- keeps the rule even for a write that bypassed the trigger's condition.

CREATE TABLE desk_load (
    resource_id int NOT NULL REFERENCES resource (id),
    day         date NOT NULL,
    slot        text NOT NULL CHECK (slot IN ('am', 'pm')),
    taken       int NOT NULL DEFAULT 0 CHECK (taken >= 0),
    capacity    int NOT NULL CHECK (capacity > 0),
    PRIMARY KEY (resource_id, day, slot),
    CONSTRAINT desk_load_within_capacity CHECK (taken <= capacity)
);
COMMENT ON TABLE desk_load IS
    'People in the open space per half-day (confirmed desk bookings and walk-ins), kept by the '
    'trigger booking_desk_load; the row lock serialises the bookings of one half-day.';

-- Takes (+1) or gives back (-1) a seat of the half-day. Raises FT409 when it is full.
CREATE FUNCTION desk_take(p_resource int, p_day date, p_slot text, p_delta int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_capacity int;
BEGIN
    IF p_delta > 0 THEN
        SELECT capacity INTO v_capacity FROM resource WHERE id = p_resource;
        INSERT INTO desk_load (resource_id, day, slot, taken, capacity)
        VALUES (p_resource, p_day, p_slot, 0, v_capacity)
        ON CONFLICT DO NOTHING;
        UPDATE desk_load SET taken = taken + 1, capacity = v_capacity
        WHERE resource_id = p_resource AND day = p_day AND slot = p_slot AND taken < v_capacity;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the open space is full' USING ERRCODE = 'FT409';
        END IF;
    ELSE
        UPDATE desk_load SET taken = taken - 1
        WHERE resource_id = p_resource AND day = p_day AND slot = p_slot;
    END IF;
END;
$$;

CREATE FUNCTION booking_desk_load() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_old_live boolean := TG_OP = 'UPDATE' AND NOT OLD.exclusive AND OLD.status = 'confirmed';
    v_new_live boolean := NOT NEW.exclusive AND NEW.status = 'confirmed';
BEGIN
    IF v_old_live AND (NOT v_new_live OR (OLD.resource_id, OLD.day, OLD.slot) IS DISTINCT FROM
                                         (NEW.resource_id, NEW.day, NEW.slot)) THEN
        PERFORM desk_take(OLD.resource_id, OLD.day, OLD.slot, -1);
        v_old_live := false;
    END IF;
    IF v_new_live AND NOT v_old_live THEN
        PERFORM desk_take(NEW.resource_id, NEW.day, NEW.slot, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER booking_desk_load AFTER INSERT OR UPDATE ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_desk_load();

CREATE TABLE booking_option_line (
    booking_id  bigint NOT NULL REFERENCES booking (id) ON DELETE CASCADE,
    option_code text NOT NULL REFERENCES booking_option (code),
    label       text NOT NULL,
    quantity    int NOT NULL CHECK (quantity > 0),
    unit_cents  int NOT NULL CHECK (unit_cents >= 0),
    PRIMARY KEY (booking_id, option_code)
);
COMMENT ON TABLE booking_option_line IS
    'Options chosen for a booking, with their price at booking time (included in booking.price_cents).';

-- Quote numbers: one counter row per year, locked for the transaction (no gaps on rollback).
CREATE TABLE quote_counter (
    year int PRIMARY KEY,
    last int NOT NULL CHECK (last >= 0)
);

------------------------------------------------------------------------------
-- Office leases
------------------------------------------------------------------------------

CREATE TABLE office_lease (
    id                 bigserial PRIMARY KEY,
    resource_id        int NOT NULL REFERENCES resource (id),
    person_id          bigint REFERENCES person (id) ON DELETE SET NULL,
    tenant_name        text NOT NULL CHECK (length(tenant_name) BETWEEN 1 AND 200),
    siren              text CHECK (siren ~ '^[0-9]{9}$' AND luhn_ok(siren)),
    starts_on          date NOT NULL,
    ends_on            date,                       -- NULL: until notice is given
    monthly_rent_cents int NOT NULL CHECK (monthly_rent_cents > 0),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on <= ends_on),
    CONSTRAINT office_lease_no_overlap EXCLUDE USING gist
        (resource_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) WHERE (status = 'active')
);
COMMENT ON TABLE office_lease IS
    'Private offices rented by the month (dates inclusive; ends_on NULL until notice is given); '
    'invoicing bills monthly_rent_cents for each month of the lease.';

CREATE FUNCTION office_lease_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM resource WHERE id = NEW.resource_id AND kind = 'office') THEN
        RAISE EXCEPTION 'only an office is leased' USING ERRCODE = 'FTB10';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER office_lease_check BEFORE INSERT OR UPDATE ON office_lease
    FOR EACH ROW EXECUTE FUNCTION office_lease_check();

------------------------------------------------------------------------------
-- Uses
------------------------------------------------------------------------------

CREATE VIEW use_halfday AS
    -- A person in the open space for a half-day: a confirmed desk booking or a walk-in (a
    -- booked member who checks in is the same row, so counts once).
    SELECT b.day, b.slot, b.resource_id, 'open_space'::text AS kind, b.person_id,
           b.source, b.id AS booking_id, NULL::bigint AS lease_id
    FROM booking b
    WHERE NOT b.exclusive AND b.status = 'confirmed'
    UNION ALL
    -- A half-day of the conference room (or of an office booked like a room): one row per
    -- half-day slot the booking overlaps, so a day counts 2.
    SELECT b.day, s.slot, b.resource_id, r.kind, b.person_id, b.source, b.id, NULL::bigint
    FROM booking b
    JOIN resource r ON r.id = b.resource_id
    JOIN halfday_slot s ON tstzrange(b.starts_at, b.ends_at) &&
         tstzrange((b.day + s.starts) AT TIME ZONE 'Europe/Paris', (b.day + s.ends) AT TIME ZONE 'Europe/Paris')
    WHERE b.exclusive AND b.status = 'confirmed'
    UNION ALL
    -- A working half-day of a leased office: opening days only (a half-day with opening hours
    -- on that weekday), closures and public holidays excluded. An open lease counts up to the
    -- end of next month, so the view stays finite.
    SELECT g.d::date, s.slot, l.resource_id, 'office'::text, l.person_id, 'lease'::text,
           NULL::bigint, l.id
    FROM office_lease l
    CROSS JOIN LATERAL generate_series(l.starts_on,
        coalesce(l.ends_on, (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date),
        interval '1 day') AS g (d)
    JOIN halfday_slot s ON EXISTS (
        SELECT 1 FROM opening_hours o WHERE o.weekday = extract(isodow FROM g.d)
          AND o.opens < s.ends AND o.closes > s.starts)
    WHERE l.status = 'active' AND closed_reason(g.d::date, l.resource_id) IS NULL;

COMMENT ON VIEW use_halfday IS
    'One row per use, i.e. per half-day of occupation (the target is 200 a month): a person in '
    'the open space for a half-day (confirmed desk booking or walk-in check-in; a booked member '
    'who checks in counts once; no-shows and cancellations do not count); a half-day of the '
    'conference room (a full day counts 2, hours count each half-day they overlap); a working '
    'half-day of a leased office (opening days only, closures and public holidays excluded). '
    'Columns: day, slot (am/pm), resource_id, kind (resource kind), person_id (NULL for '
    'visitors and companies without an account), source (desk, walk_in, room, lease), '
    'booking_id or lease_id.';

------------------------------------------------------------------------------
-- Prices and availability (read by the program and by invoicing)
------------------------------------------------------------------------------

-- True when person p holds a paid membership covering day d.
CREATE FUNCTION is_member_on(p bigint, d date) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p IS NOT NULL AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p
        AND m.status = 'paid' AND d BETWEEN m.starts_on AND m.ends_on);
$$;

-- The price of booking the room: base (member or not, half-day or day; hours: a half-day up
-- to 4 h, else a day) plus the options. Returns price_cents, price_code, member_price.
CREATE FUNCTION room_price(p_resource int, p_day date, p_slot text, p_minutes int,
    p_person bigint, p_options text[], p_attendees int,
    OUT price_cents int, OUT price_code text, OUT member_price boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_base int;
BEGIN
    member_price := is_member_on(p_person, p_day);
    price_code := CASE WHEN p_slot IN ('am', 'pm') OR (p_slot = 'hours' AND p_minutes <= 240)
                       THEN 'room_half_day' ELSE 'room_day' END;
    SELECT CASE WHEN member_price THEN coalesce(member_cents, non_member_cents)
                ELSE coalesce(non_member_cents, member_cents) END
      INTO v_base FROM price WHERE code = price_code;
    price_cents := coalesce(v_base, 0) + coalesce((
        SELECT sum(o.price_cents * CASE WHEN o.per_attendee THEN greatest(p_attendees, 1) ELSE 1 END)
        FROM booking_option o WHERE o.code = ANY (p_options) AND o.active), 0);
END;
$$;

-- The state of each half-day of a resource from p_from to p_to (inclusive): 'closed' (with
-- the reason), 'taken', or 'free'; free_places for the open space, the slot's instants.
CREATE FUNCTION availability(p_resource int, p_from date, p_to date,
    OUT day date, OUT slot text, OUT state text, OUT reason text, OUT free_places int,
    OUT starts_at timestamptz, OUT ends_at timestamptz)
RETURNS SETOF record
-- plpgsql, so that the plan is cached per connection; jit off: the planner's default
-- estimates (1000 days, 750 slots) make this 14-row query look costly enough for JIT
-- compilation, which took 2 s per call on this machine.
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
                        AND b.day = c.day AND b.status IN ('requested', 'confirmed') AND b.exclusive
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
-- Writes: the only way the booking program changes bookings (SECURITY DEFINER)
------------------------------------------------------------------------------

-- Books the room (or makes a quote when p_quote): validates through the trigger, recomputes
-- the price and refuses it (FTB08) if it differs from the one shown (p_expected_cents),
-- stores the options, the terms and the manage link, numbers a quote, queues the mail (with
-- the .ics for a confirmed booking). Returns the booking id, its status and quote number.
CREATE FUNCTION room_book(p_resource int, p_day date, p_slot text, p_starts time, p_ends time,
    p_person bigint, p_company text, p_siren text, p_street text, p_postcode text, p_city text,
    p_contact text, p_email text, p_phone text, p_purpose text, p_attendees int,
    p_options text[], p_expected_cents int, p_token_hash bytea, p_quote boolean,
    p_subject text, p_text text, p_html text, p_ics bytea, p_uid uuid,
    OUT booking_id bigint, OUT status text, OUT quote_number text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_starts timestamptz;
    v_ends timestamptz;
    v_price record;
    v_hours int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_free_cancel_hours'), 48);
    v_valid int := coalesce((SELECT value::int FROM app_setting WHERE key = 'booking_quote_valid_days'), 30);
    v_year int := extract(year FROM now() AT TIME ZONE 'Europe/Paris')::int;
    v_n int;
    v_outbox bigint;
BEGIN
    SELECT * INTO v_res FROM resource WHERE id = p_resource AND active AND kind = 'meeting_room';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown room' USING ERRCODE = 'FTB10';
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
    status := CASE WHEN p_quote THEN 'quote' WHEN v_res.booking_mode = 'request' THEN 'requested'
                   ELSE 'confirmed' END;
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
        confirmed_at)
    VALUES (coalesce(p_uid, gen_random_uuid()), p_resource, true, p_day, p_slot, v_starts, v_ends, status, 'room', p_person,
        p_company, p_siren, p_street, p_postcode, p_city, p_contact, p_email, nullif(p_phone, ''),
        nullif(p_purpose, ''), p_attendees, v_price.member_price, v_price.price_code,
        v_price.price_cents, 'invoice', v_starts - make_interval(hours => v_hours),
        format('Annulation ou modification gratuite jusqu’à %s h avant le début ; au-delà, la réservation est due.', v_hours),
        p_token_hash, quote_number,
        CASE WHEN p_quote THEN (now() AT TIME ZONE 'Europe/Paris')::date + v_valid END,
        CASE WHEN status = 'confirmed' THEN now() END)
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

-- The booking a manage link names (any status), with what its pages show.
CREATE FUNCTION booking_by_token(p_token_hash bytea) RETURNS SETOF booking
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM booking WHERE manage_token_hash = p_token_hash;
$$;

-- Cancels the booking a manage link names, before the free-cancellation deadline (else
-- FTB09). Returns false when there was nothing live to cancel.
CREATE FUNCTION booking_cancel_by_token(p_token_hash bytea, p_subject text, p_text text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
BEGIN
    SELECT * INTO v FROM booking WHERE manage_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND OR v.status NOT IN ('requested', 'confirmed') THEN
        RETURN false;
    END IF;
    IF now() > v.free_cancel_until THEN
        RAISE EXCEPTION 'past the free cancellation deadline' USING ERRCODE = 'FTB09';
    END IF;
    UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = v.id;
    IF v.email IS NOT NULL AND p_subject IS NOT NULL THEN
        INSERT INTO outbox (to_addr, subject, body_text) VALUES (v.email, p_subject, p_text);
    END IF;
    RETURN true;
END;
$$;

-- Moves the booking a manage link names to another day/slot (same room, same options),
-- before the deadline; the price is recomputed. Raises the trigger's SQLSTATEs, 23P01 when
-- taken. Returns the new price.
CREATE FUNCTION booking_change_by_token(p_token_hash bytea, p_day date, p_slot text) RETURNS int
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
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM slot_range(p_day, p_slot) r;
    IF v_starts IS NULL THEN
        RAISE EXCEPTION 'unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    SELECT * INTO v_price FROM room_price(v.resource_id, p_day, p_slot, 0, v.person_id,
        ARRAY(SELECT option_code FROM booking_option_line WHERE booking_id = v.id), v.attendees);
    UPDATE booking SET day = p_day, slot = p_slot, starts_at = v_starts, ends_at = v_ends,
        price_cents = v_price.price_cents, price_code = v_price.price_code,
        member_price = v_price.member_price,
        free_cancel_until = v_starts - make_interval(hours => v_hours)
    WHERE id = v.id;
    RETURN v_price.price_cents;
END;
$$;

-- A member books a half-day in the open space: covered by an active monthly formula, else
-- drawn on an active carnet (halfdays_used + 1, in this transaction; its CHECK refuses going
-- over), else at the unit price (to invoice). Returns the booking id and how it is covered.
CREATE FUNCTION desk_book(p_person bigint, p_day date, p_slot text,
    OUT booking_id bigint, OUT covered_by text, OUT price_cents int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_person person%ROWTYPE;
    v_formula bigint;
    v_starts timestamptz;
    v_ends timestamptz;
    v_member boolean;
    v_hours int := coalesce((SELECT value::int FROM app_setting WHERE key = 'desk_cancel_hours'), 2);
BEGIN
    SELECT * INTO v_res FROM resource WHERE kind = 'open_space' AND active ORDER BY sort_order, id LIMIT 1;
    SELECT * INTO v_person FROM person WHERE id = p_person;
    IF p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM slot_range(p_day, p_slot) r;
    -- The month formula covers the day?
    SELECT id INTO v_formula FROM person_formula WHERE person_id = p_person AND status = 'active'
        AND price_code = 'month_open_space' AND p_day BETWEEN starts_on AND coalesce(ends_on, 'infinity')
        ORDER BY id LIMIT 1;
    IF FOUND THEN
        covered_by := 'month';
        price_cents := 0;
        v_formula := NULL;
    ELSE
        SELECT id INTO v_formula FROM person_formula WHERE person_id = p_person AND status = 'active'
            AND halfdays_total IS NOT NULL AND halfdays_used < halfdays_total
            AND (starts_on IS NULL OR p_day >= starts_on) AND (ends_on IS NULL OR p_day <= ends_on)
            ORDER BY id LIMIT 1 FOR UPDATE;
        IF FOUND THEN
            UPDATE person_formula SET halfdays_used = halfdays_used + 1 WHERE id = v_formula;
            covered_by := 'carnet';
            price_cents := 0;
        ELSE
            v_formula := NULL;
            covered_by := 'unit';
            v_member := is_member_on(p_person, p_day);
            SELECT CASE WHEN v_member THEN coalesce(member_cents, non_member_cents)
                        ELSE coalesce(non_member_cents, member_cents) END
              INTO price_cents FROM price WHERE code = 'half_day';
            price_cents := coalesce(price_cents, 0);
        END IF;
    END IF;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        person_id, contact_name, email, phone, member_price, price_code, price_cents, covered_by,
        formula_id, free_cancel_until, terms, confirmed_at)
    VALUES (v_res.id, false, p_day, p_slot, v_starts, v_ends, 'confirmed', 'desk', p_person,
        v_person.first_name || ' ' || v_person.last_name, v_person.email, v_person.phone,
        is_member_on(p_person, p_day), CASE WHEN covered_by = 'unit' THEN 'half_day' END,
        price_cents, covered_by, v_formula, v_starts - make_interval(hours => v_hours),
        format('Annulation possible jusqu’à %s h avant le début de la demi-journée.', v_hours), now())
    RETURNING id INTO booking_id;
END;
$$;

-- A member cancels a desk booking before the deadline (else FTB09); a carnet half-day is
-- given back. Returns false when there was nothing to cancel.
CREATE FUNCTION desk_cancel(p_person bigint, p_booking bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
BEGIN
    SELECT * INTO v FROM booking WHERE id = p_booking AND person_id = p_person AND source = 'desk'
        FOR UPDATE;
    IF NOT FOUND OR v.status <> 'confirmed' THEN
        RETURN false;
    END IF;
    IF now() > v.free_cancel_until THEN
        RAISE EXCEPTION 'past the cancel deadline' USING ERRCODE = 'FTB09';
    END IF;
    UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = v.id;
    IF v.covered_by = 'carnet' THEN
        UPDATE person_formula SET halfdays_used = halfdays_used - 1 WHERE id = v.formula_id;
    END IF;
    RETURN true;
END;
$$;

-- Staff: a booked member arrives. Returns false when the booking is not a live desk booking.
CREATE FUNCTION desk_check_in(p_booking bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE booking SET checked_in_at = now(), status = 'confirmed'
    WHERE id = p_booking AND NOT exclusive AND status IN ('confirmed', 'no_show')
      AND checked_in_at IS NULL
    RETURNING true;
$$;

-- Staff: a booked member did not come (the seat is freed; a carnet half-day is not given back).
CREATE FUNCTION desk_no_show(p_booking bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE booking SET status = 'no_show'
    WHERE id = p_booking AND NOT exclusive AND status = 'confirmed' AND checked_in_at IS NULL
      AND source = 'desk'
    RETURNING true;
$$;

-- Staff: a visitor walks in and pays the half-day at the desk (or it is invoiced later).
-- Takes a seat of the open space (FT409 when full). Returns the booking id.
CREATE FUNCTION desk_walk_in(p_name text, p_email text, p_slot text, p_paid boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_today date := (now() AT TIME ZONE 'Europe/Paris')::date;
    v_starts timestamptz;
    v_ends timestamptz;
    v_id bigint;
BEGIN
    SELECT * INTO v_res FROM resource WHERE kind = 'open_space' AND active ORDER BY sort_order, id LIMIT 1;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM slot_range(v_today, p_slot) r;
    IF v_starts IS NULL OR p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        contact_name, email, price_code, price_cents, covered_by, checked_in_at, confirmed_at)
    SELECT v_res.id, false, v_today, p_slot, v_starts, v_ends, 'confirmed', 'walk_in',
        p_name, nullif(p_email, ''), 'half_day', coalesce(non_member_cents, member_cents, 0),
        CASE WHEN p_paid THEN 'unit_paid' ELSE 'unit' END, now(), now()
    FROM price WHERE code = 'half_day'
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

-- Staff answer a room request: confirm (then the mail with the .ics) or decline.
CREATE FUNCTION booking_answer(p_booking bigint, p_confirm boolean, p_subject text, p_text text,
                               p_html text, p_ics bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_outbox bigint;
BEGIN
    UPDATE booking SET status = CASE WHEN p_confirm THEN 'confirmed' ELSE 'declined' END,
        confirmed_at = CASE WHEN p_confirm THEN now() END
    WHERE id = p_booking AND status = 'requested' RETURNING * INTO v;
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

-- Staff record an office lease. Raises 23P01 when it overlaps another lease of the office.
CREATE FUNCTION office_lease_create(p_resource int, p_tenant text, p_email text, p_siren text,
    p_starts date, p_ends date, p_rent_cents int) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO office_lease (resource_id, person_id, tenant_name, siren, starts_on, ends_on,
                              monthly_rent_cents)
    VALUES (p_resource, (SELECT id FROM person WHERE lower(email) = lower(nullif(p_email, ''))),
            p_tenant, nullif(p_siren, ''), p_starts, p_ends, p_rent_cents)
    RETURNING id;
$$;

------------------------------------------------------------------------------
-- Role of the booking program
------------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fontaine_booking') THEN
        BEGIN
            CREATE ROLE fontaine_booking LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_booking', current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO fontaine_booking;
GRANT SELECT ON organisation, opening_hours, resource, price, app_setting, halfday_slot, closure,
    booking_option, booking, booking_option_line, desk_load, office_lease, membership,
    person_formula, use_halfday TO fontaine_booking;
GRANT SELECT (id, first_name, last_name, email) ON person TO fontaine_booking;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'room_book(int,date,text,time,time,bigint,text,text,text,text,text,text,text,text,text,int,text[],int,bytea,boolean,text,text,text,bytea,uuid)',
        'booking_by_token(bytea)', 'booking_cancel_by_token(bytea,text,text)',
        'booking_change_by_token(bytea,date,text)', 'desk_book(bigint,date,text)',
        'desk_cancel(bigint,bigint)', 'desk_check_in(bigint)', 'desk_no_show(bigint)',
        'desk_walk_in(text,text,text,boolean)', 'booking_answer(bigint,boolean,text,text,text,bytea)',
        'office_lease_create(int,text,text,text,date,date,int)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_booking', f);
    END LOOP;
END;
$$;
GRANT EXECUTE ON FUNCTION session_touch(bytea) TO fontaine_booking;

-- The back office (dashboard, invoicing pages in admin) reads and manages all of it.
GRANT ALL ON halfday_slot, closure, booking_option, booking, booking_option_line, desk_load,
    quote_counter, office_lease TO fontaine_admin;
GRANT SELECT ON use_halfday TO fontaine_admin;
GRANT ALL ON SEQUENCE closure_id_seq, booking_id_seq, office_lease_id_seq TO fontaine_admin;
