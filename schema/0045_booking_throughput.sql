-- 0045_booking_throughput: booking creation without re-planning on every row (issue 16).
--
-- Measured with tests/bench/booking_bench.sh part 2 and pg_stat_statements (track = all,
-- track_planning): of the ~20 ms one room_reserve + booking_confirm_hold took, about 9 ms
-- was the planner. PostgreSQL plans a LANGUAGE sql function's body again on every call
-- (there is no plan cache for SQL functions, and these are not inlined: they read tables,
-- are STRICT with non-strict bodies, or return a record), and booking_use_tally's
-- statement (0031) was planned afresh on each of its two calls per booking (1.7 ms each,
-- PL/pgSQL chose a custom plan every time). The same bodies in PL/pgSQL keep their plans
-- for the session. Nothing here changes what is checked, counted, priced or mailed:
-- each function returns what it returned, with the same volatility, strictness, security
-- and search_path.

-- The use tally (0031) counts confirmed bookings only: a row that is not confirmed before
-- nor after (a hold, an expiry, a quote) changes no count, so it needs no statement at all.
-- The statement that does run keeps one generic plan (it is the same shape for every row).
CREATE OR REPLACE FUNCTION booking_use_tally() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'confirmed')
       AND (TG_OP = 'DELETE' OR NEW.status IS DISTINCT FROM 'confirmed') THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.status, OLD.exclusive, OLD.resource_id, OLD.day, OLD.slot, OLD.starts_at, OLD.ends_at)
        IS NOT DISTINCT FROM (NEW.status, NEW.exclusive, NEW.resource_id, NEW.day, NEW.slot, NEW.starts_at, NEW.ends_at) THEN
        RETURN NULL;
    END IF;
    WITH x AS (
        SELECT u.resource_id, u.day, u.slot, sum(u.delta)::int AS delta
        FROM (SELECT o.*, -1 AS delta FROM booking_use_rows(CASE WHEN TG_OP <> 'INSERT' THEN OLD END) o
              UNION ALL
              SELECT w.*, 1 FROM booking_use_rows(CASE WHEN TG_OP <> 'DELETE' THEN NEW END) w) u
        GROUP BY 1, 2, 3 HAVING sum(u.delta) <> 0),
    taken_off AS (
        UPDATE use_tally t SET n = t.n + x.delta FROM x
        WHERE x.delta < 0 AND t.resource_id = x.resource_id AND t.day = x.day AND t.slot = x.slot)
    INSERT INTO use_tally AS t (resource_id, day, slot, n)
    SELECT x.resource_id, x.day, x.slot, x.delta FROM x WHERE x.delta > 0
    ORDER BY 1, 2, 3
    ON CONFLICT (resource_id, day, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;

-- room_reserve (0015, 0034, 0040) and room_price planned their option lines and option total
-- again on each call (PL/pgSQL kept choosing a custom plan): their statements look rows up by
-- key, and one generic plan per session serves them all.
ALTER FUNCTION room_reserve(integer, date, text, time, time, bigint, text, text, text, text, text, text,
                            text, text, text, integer, text[], integer, bytea, boolean, bytea, inet,
                            text, text, text, bytea, uuid)
    SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION room_price(integer, date, text, integer, bigint, text[], integer)
    SET plan_cache_mode = force_generic_plan;

-- The SIREN check (booking_siren_check and the organisation's) ran a planned query per row.
CREATE OR REPLACE FUNCTION luhn_ok(digits text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n int := length(digits);
    total int := 0;
    d int;
BEGIN
    IF digits !~ '^[0-9]+$' THEN
        RETURN false;
    END IF;
    FOR pos IN 0 .. n - 1 LOOP
        d := substr(digits, pos + 1, 1)::int;
        IF (n - pos) % 2 = 0 THEN
            d := d * 2;
            IF d > 9 THEN
                d := d - 9;
            END IF;
        END IF;
        total := total + d;
    END LOOP;
    RETURN total % 10 = 0;
END;
$$;

CREATE OR REPLACE FUNCTION slot_range(d date, p_slot text, OUT starts_at timestamptz, OUT ends_at timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT (d + s.starts) AT TIME ZONE 'Europe/Paris', (d + e.ends) AT TIME ZONE 'Europe/Paris'
    INTO starts_at, ends_at
    FROM halfday_slot s, halfday_slot e
    WHERE s.slot = CASE p_slot WHEN 'pm' THEN 'pm' ELSE 'am' END
      AND e.slot = CASE p_slot WHEN 'am' THEN 'am' ELSE 'pm' END
      AND p_slot IN ('am', 'pm', 'day');
END;
$$;

CREATE OR REPLACE FUNCTION space_slot_range(p_space smallint, d date, p_slot text,
                                            OUT starts_at timestamptz, OUT ends_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT greatest(r.starts_at, coalesce(min((d + o.opens) AT TIME ZONE 'Europe/Paris'), r.starts_at)),
           least(r.ends_at, coalesce(max((d + o.closes) AT TIME ZONE 'Europe/Paris'), r.ends_at))
    INTO starts_at, ends_at
    FROM slot_range(d, p_slot) r
    LEFT JOIN opening_hours o ON o.space_id = p_space AND o.weekday = extract(isodow FROM d)
         AND (d + o.opens) AT TIME ZONE 'Europe/Paris' < r.ends_at
         AND (d + o.closes) AT TIME ZONE 'Europe/Paris' > r.starts_at
    WHERE r.starts_at IS NOT NULL
    GROUP BY r.starts_at, r.ends_at;
END;
$$;

CREATE OR REPLACE FUNCTION booking_price_kind(p_person bigint, p_day date, p_space smallint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN CASE
        WHEN EXISTS (SELECT 1 FROM membership m JOIN space s ON s.organisation_id = m.organisation_id
                     WHERE s.id = p_space AND m.person_id = p_person AND m.status = 'paid'
                       AND p_day BETWEEN m.starts_on AND m.ends_on) THEN 'member'
        WHEN EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p_person AND m.status = 'paid'
                       AND p_day BETWEEN m.starts_on AND m.ends_on) THEN 'network'
        ELSE 'non_member' END;
END;
$$;

CREATE OR REPLACE FUNCTION space_price(p_space smallint, p_role text) RETURNS price
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r price;
BEGIN
    SELECT * INTO r FROM price p WHERE p.space_id = p_space AND coalesce(p.booking_role, p.code) = p_role
    ORDER BY p.booking_role IS NULL, p.code LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN r;
END;
$$;

CREATE OR REPLACE FUNCTION price_for(p price, p_kind text, OUT cents integer, OUT kind text)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    cents := CASE WHEN p_kind = 'member' THEN coalesce(p.member_cents, p.non_member_cents)
                  WHEN p_kind = 'network' AND p.network_cents IS NOT NULL THEN p.network_cents
                  ELSE coalesce(p.non_member_cents, p.member_cents) END;
    kind := CASE WHEN p_kind = 'network' AND p.network_cents IS NULL THEN 'non_member' ELSE p_kind END;
END;
$$;

CREATE OR REPLACE FUNCTION staff_mail_address() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN coalesce(nullif((SELECT value FROM app_setting WHERE key = 'staff_email'), ''),
                    (SELECT email FROM organisation WHERE id = 1));
END;
$$;

CREATE OR REPLACE FUNCTION space_staff_mail_address(p_space smallint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v text;
BEGIN
    SELECT CASE WHEN s.is_default THEN staff_mail_address() ELSE coalesce(s.email, o.email) END INTO v
    FROM space s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = p_space;
    RETURN v;
END;
$$;

-- The French formatters of the mails (STRICT with CASE bodies: never inlined).
CREATE OR REPLACE FUNCTION invoice_fr_date(d date, p_weekday boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    RETURN CASE WHEN p_weekday THEN (ARRAY['lundi','mardi','mercredi','jeudi','vendredi','samedi',
               'dimanche'])[extract(isodow FROM d)::int] || ' ' ELSE '' END
        || extract(day FROM d)::int || CASE WHEN extract(day FROM d) = 1 THEN 'er' ELSE '' END || ' '
        || (ARRAY['janvier','février','mars','avril','mai','juin','juillet','août','septembre',
                  'octobre','novembre','décembre'])[extract(month FROM d)::int]
        || ' ' || extract(year FROM d)::int;
END;
$$;

CREATE OR REPLACE FUNCTION invoice_fr_time(t timestamptz) RETURNS text
LANGUAGE plpgsql STABLE STRICT AS $$
DECLARE
    l timestamp := t AT TIME ZONE 'Europe/Paris';
BEGIN
    RETURN extract(hour FROM l)::int || U&'\00A0h'
        || CASE WHEN extract(minute FROM l) <> 0 THEN U&'\00A0' || to_char(l, 'MI') ELSE '' END;
END;
$$;

CREATE OR REPLACE FUNCTION fr_money(p_cents bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    RETURN CASE WHEN p_cents < 0 THEN '-' ELSE '' END
        || regexp_replace((abs(p_cents) / 100)::text, '(\d)(?=(\d{3})+$)', '\1' || U&'\202F', 'g')
        || ',' || lpad((abs(p_cents) % 100)::text, 2, '0') || U&'\00A0€';
END;
$$;

-- Waking the mailer (0003) without serialising every commit. A transaction that has sent
-- a NOTIFY takes one lock for the whole database in its commit and holds it until its
-- commit record is flushed (PostgreSQL's async.c): with outbox_notify on every outbox
-- insert, every booking (two mails each) committed one after the other, each waiting for
-- the previous one's disk flush, and lock waits (Lock:object) were ~70 % of the samples of
-- pg_stat_activity during the bench. Now a doorbell rings once: the first message queued
-- after the mailer last looked at the outbox (any UPDATE of it: each claim arms the bell)
-- sends the NOTIFY, the next ones do not, as the mailer is already awake or about to claim
-- them with the rest. The check runs at commit (a deferred trigger), so the only message
-- that may wait for the mailer's 5 s poll instead of the NOTIFY is one whose commit
-- straddles the claim's snapshot and the bell being armed, a window of microseconds.
-- A sequence is the bell: nextval and setval are not transactional and take no row lock.
CREATE SEQUENCE outbox_doorbell CACHE 1;
COMMENT ON SEQUENCE outbox_doorbell IS
    'The mailer''s doorbell: nextval returns 1 for the first message queued since the mailer '
    'last claimed (outbox_doorbell_arm), which alone sends NOTIFY outbox.';

CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF nextval('outbox_doorbell') = 1 THEN
        PERFORM pg_notify('outbox', '');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION outbox_notify() IS
    'Trigger function, at commit: NOTIFY outbox, which the mailer LISTENs to, when the mailer has '
    'claimed since the last NOTIFY (outbox_doorbell), so new mail leaves at once.';

DROP TRIGGER outbox_notify ON outbox;
CREATE CONSTRAINT TRIGGER outbox_notify AFTER INSERT ON outbox
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION outbox_notify();

CREATE FUNCTION outbox_doorbell_arm() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM setval('outbox_doorbell', 1, false);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION outbox_doorbell_arm() IS
    'Trigger function: the mailer updates the outbox (claims, outcomes), so the next message '
    'queued rings again (outbox_notify).';
CREATE TRIGGER outbox_doorbell_arm BEFORE UPDATE ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_doorbell_arm();
