-- grow.sql: the set-wise part of the ten-year fill (run by tests/bench/grow.sh, which then
-- drives the monthly invoice runs through the product's own functions). psql variables:
-- years (10), members (500 a year), uses (100,000 a year), room_bookings (5,000 a year),
-- events (200 a year). Everything is dated in the past, from the first day of the month
-- `years` years ago to the last day of last month; the current month stays empty (the bench's
-- own monthly run uses it). Fixed seed: two fills give the same shapes.
--
-- What goes through what:
--   * closures: INSERT (audited by closure_audit); then every open day is what closed_reason()
--     says (closures, French public holidays, days without opening hours);
--   * people, memberships (pending; the invoice run bills them, the payment makes them paid),
--     monthly formulas and carnets: INSERT with every trigger and constraint on;
--   * desk uses: INSERT … SELECT of walk-in check-ins (the one source booking_check accepts in
--     the past), booking_check and the desk_load counter trigger ON for every row: the open
--     space's capacity, closures, holidays and opening hours are the product's;
--   * room bookings: INSERT … SELECT with booking_check and booking_tell_staff disabled for
--     that statement only (booking_check refuses any room booking in the past; the staff mail
--     is about new bookings); the slots are generated inside opening hours on open days, and
--     the exclusion constraint (no two live bookings overlap) stays on and is checked;
--   * events and registrations: INSERT (event triggers, registration_capacity_guard on).
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
SELECT setseed(0.16);

DROP SCHEMA IF EXISTS grow CASCADE;
CREATE SCHEMA grow;
CREATE TABLE grow.span AS
SELECT (date_trunc('month', paris_today()) - make_interval(years => :years))::date AS first,
       (date_trunc('month', paris_today()) - interval '1 day')::date AS last;

-- ---- closures: two summer weeks, the end-of-year week, a few days of works ----------------
INSERT INTO closure (starts_on, ends_on, reason)
SELECT s, e, r FROM (
    SELECT make_date(y, 8, 8) AS s, make_date(y, 8, 21) AS e, 'Fermeture estivale' AS r
    FROM grow.span, generate_series(extract(year FROM first)::int, extract(year FROM last)::int) y
    UNION ALL
    SELECT make_date(y, 12, 24), make_date(y + 1, 1, 1), 'Fêtes de fin d’année'
    FROM grow.span, generate_series(extract(year FROM first)::int, extract(year FROM last)::int) y
    UNION ALL
    SELECT make_date(y, 4, 14), make_date(y, 4, 16), 'Travaux dans l’open space'
    FROM grow.span, generate_series(extract(year FROM first)::int, extract(year FROM last)::int, 3) y
) c, grow.span WHERE c.s >= span.first AND c.e <= span.last;

-- ---- open days and half-days, with their weight (season, weekday, growth over the years) ----
CREATE TABLE grow.day AS
SELECT d::date AS day,
       (CASE extract(month FROM d) WHEN 8 THEN 0.45 WHEN 7 THEN 0.8 WHEN 12 THEN 0.75 WHEN 1 THEN 0.9
                                   WHEN 9 THEN 1.1 ELSE 1 END
        * CASE extract(isodow FROM d) WHEN 1 THEN 0.85 WHEN 5 THEN 0.75 ELSE 1 END)::float8 AS w
FROM grow.span, generate_series(span.first, span.last, interval '1 day') d
WHERE closed_reason(d::date, NULL) IS NULL;
CREATE TABLE grow.halfday AS
SELECT d.day, s.slot, d.w,
       (d.day + s.starts) AT TIME ZONE 'Europe/Paris' AS starts_at,
       (d.day + s.ends) AT TIME ZONE 'Europe/Paris' AS ends_at
FROM grow.day d JOIN halfday_slot s ON EXISTS (
    SELECT 1 FROM opening_hours o WHERE o.weekday = extract(isodow FROM d.day)
      AND o.opens <= s.starts AND o.closes >= s.ends);

-- ---- members: more join as the years go (density grows with time), each stays 6 months to
-- 6 years; a third on a monthly formula, a third and more on carnets, the rest by the unit ----
CREATE TABLE grow.member AS
SELECT n, joined, CASE WHEN joined + stay > span.last THEN NULL ELSE joined + stay END AS left_on, kind,
       (ARRAY['Camille','Léa','Manon','Chloé','Inès','Jade','Louise','Emma','Lucas','Hugo','Louis',
              'Gabriel','Arthur','Jules','Nathan','Théo','Paul','Sarah','Julie','Marc','Anne',
              'Pierre','Sophie','Nicolas','Claire','Thomas','Élodie','Mathieu','Aurélie','Romain'])
              [1 + (n * 7) % 30] AS first_name,
       (ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand','Leroy',
              'Moreau','Simon','Laurent','Lefèvre','Michel','Garcia','David','Bertrand','Roux',
              'Vincent','Fournier','Morel','Girard','André','Mercier','Dupont','Lambert','Bonnet',
              'François','Martinez','Legrand','Garnier','Faure','Rousseau','Blanc','Guérin',
              'Muller','Henry','Roussel','Nicolas','Perrin'])[1 + (n * 13) % 40] AS last_name,
       NULL::bigint AS person_id
FROM (SELECT n, span.first + ((span.last - span.first) * sqrt(n::float8 / (:years * :members)))::int AS joined,
             (180 + random() * 2000)::int AS stay,
             CASE WHEN random() < 0.33 THEN 'month' WHEN random() < 0.55 THEN 'carnet' ELSE 'unit' END AS kind
      FROM grow.span, generate_series(1, :years * :members) n) m, grow.span;

INSERT INTO person (email, first_name, last_name, phone, profile, activity, billing_street, billing_postcode,
                    billing_city, newsletter, status, password_hash, email_verified_at, created_at)
SELECT 'membre.' || n || '@grow.exemple.fr', first_name, last_name, '05 53 ' || lpad((n % 100)::text, 2, '0') || ' 00 00',
       CASE WHEN n % 3 = 0 THEN 'salarie' ELSE 'independant' END,
       (ARRAY['Graphiste','Développeuse','Traducteur','Consultante','Architecte','Photographe'])[1 + n % 6],
       n || ' rue des Cornières', '47000', 'Agen', n % 4 = 0, 'active',
       '$argon2id$v=19$m=65536,t=2,p=1$Z3Jvdy1maWxs$ZmlsbC1ub3QtYS1yZWFsLWhhc2gtZm9yLWxvZ2lu',
       (joined + time '10:00') AT TIME ZONE 'Europe/Paris', (joined + time '10:00') AT TIME ZONE 'Europe/Paris'
FROM grow.member ORDER BY n;
UPDATE grow.member m SET person_id = p.id FROM person p WHERE p.email = 'membre.' || m.n || '@grow.exemple.fr';
CREATE INDEX ON grow.member (n);

-- A yearly membership from the day they joined, renewed every year they stay.
INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, created_at)
SELECT m.person_id, (m.joined + make_interval(years => k))::date,
       (m.joined + make_interval(years => k + 1) - interval '1 day')::date,
       (SELECT member_cents FROM price WHERE code = 'membership_year'),
       (m.joined + make_interval(years => k)) AT TIME ZONE 'Europe/Paris'
FROM grow.member m, grow.span, generate_series(0, :years) k
WHERE (m.joined + make_interval(years => k))::date <= coalesce(m.left_on, span.last)
ORDER BY 3;

-- Monthly formulas: from the day they joined to the day they left.
INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on, ends_on, created_at)
SELECT person_id, 'month_open_space', (SELECT member_cents FROM price WHERE code = 'month_open_space'), true,
       CASE WHEN left_on IS NULL THEN 'active' ELSE 'ended' END, joined, left_on,
       (joined + time '10:00') AT TIME ZONE 'Europe/Paris'
FROM grow.member WHERE kind = 'month' ORDER BY n;

-- ---- desk uses: each member's half-days while a member, by kind and season, calibrated to
-- :uses a year in all (5 % of them visitors walking in) ------------------------------------
CREATE TABLE grow.rate AS
WITH exposure AS (
    SELECT m.kind, sum(h.w) AS e
    FROM grow.member m JOIN grow.halfday h ON h.day >= m.joined AND h.day <= coalesce(m.left_on, h.day)
    GROUP BY m.kind)
SELECT kind, least(0.95, :years * :uses::float8 * CASE kind WHEN 'month' THEN 0.68 WHEN 'carnet' THEN 0.22 ELSE 0.05 END / e) AS r
FROM exposure;
CREATE TABLE grow.use AS
SELECT m.person_id, m.kind, m.first_name || ' ' || m.last_name AS name, m.n, h.day, h.slot, h.starts_at, h.ends_at
FROM grow.member m JOIN grow.rate r ON r.kind = m.kind
JOIN grow.halfday h ON h.day >= m.joined AND h.day <= coalesce(m.left_on, h.day)
WHERE random() < r.r * h.w;
INSERT INTO grow.use (person_id, kind, name, n, day, slot, starts_at, ends_at)
SELECT NULL, 'visitor', 'Visiteur de passage', 0, h.day, h.slot, h.starts_at, h.ends_at
FROM grow.halfday h, generate_series(1, 20) k
WHERE random() < h.w * (:years * :uses * 0.05) / (20 * (SELECT sum(w) FROM grow.halfday));

-- The open space of a ten-year-old coworking holds the busiest half-day (plus a margin): the
-- desk_load trigger refuses anyone over it, as it does on the demo's 12 seats.
UPDATE resource SET capacity = greatest(capacity,
    (SELECT (max(c) * 1.1)::int FROM (SELECT count(*) AS c FROM grow.use GROUP BY day, slot) x))
WHERE kind = 'open_space';

-- Carnets: a carnet user's half-days, in order, fill carnets of 10; a new carnet is bought the
-- day the previous one runs out; the last one is still running (or ended when they left).
ALTER TABLE grow.use ADD COLUMN carnet int, ADD COLUMN formula_id bigint;
UPDATE grow.use u SET carnet = x.c
FROM (SELECT ctid, (row_number() OVER (PARTITION BY person_id ORDER BY day, slot) - 1) / 10 AS c
      FROM grow.use WHERE kind = 'carnet') x WHERE u.ctid = x.ctid;
CREATE TABLE grow.carnet AS
SELECT nextval('person_formula_id_seq') AS id, u.person_id, u.carnet, min(u.day) AS starts_on,
       max(u.day) AS last_day, count(*)::int AS used, bool_or(m.left_on IS NOT NULL) AS gone
FROM grow.use u JOIN grow.member m ON m.person_id = u.person_id
WHERE u.kind = 'carnet' GROUP BY u.person_id, u.carnet;
INSERT INTO person_formula (id, person_id, price_code, unit_cents, member_price, status, starts_on, ends_on,
                            halfdays_total, halfdays_used, created_at)
SELECT c.id, c.person_id, 'carnet_10', (SELECT member_cents FROM price WHERE code = 'carnet_10'), true,
       CASE WHEN c.used = 10 OR c.gone THEN 'ended' ELSE 'active' END, c.starts_on,
       CASE WHEN c.used = 10 OR c.gone THEN c.last_day END, 10, c.used,
       (c.starts_on + time '08:00') AT TIME ZONE 'Europe/Paris'
FROM grow.carnet c ORDER BY c.starts_on, c.id;
UPDATE grow.use u SET formula_id = c.id FROM grow.carnet c WHERE c.person_id = u.person_id AND c.carnet = u.carnet;

-- The uses themselves: check-ins at the desk. The first use of every half-day goes through
-- every trigger of the table (booking_check: resource, closures, public holidays, opening
-- hours, half-day slot; desk_load's counter with the open space's capacity; use_tally; the
-- audit's rule), one row per half-day. Every other use of that half-day has the same resource,
-- day, slot and times, so booking_check's verdict on it is the same: those are inserted in
-- one statement with booking_check (and booking_tell_staff, which ignores walk-ins) off, and
-- the two counters the row triggers would have moved are moved set-wise, in the same
-- transaction: desk_load (its capacity checked below, as desk_take refuses a full open space)
-- and use_tally (booking_use_rows(), the product's own expansion). A row trigger per use was
-- ~1 ms a row: 17 minutes for the ten years' million.
CREATE TABLE grow.use_row AS
SELECT (SELECT id FROM resource WHERE kind = 'open_space' ORDER BY id LIMIT 1) AS resource_id, u.day, u.slot,
       u.starts_at, u.ends_at, u.person_id, u.name,
       CASE WHEN u.person_id IS NOT NULL THEN 'membre.' || u.n || '@grow.exemple.fr' END AS email,
       u.person_id IS NOT NULL AS member_price,
       CASE u.kind WHEN 'month' THEN 'month_open_space' WHEN 'carnet' THEN 'carnet_10' ELSE 'half_day' END AS price_code,
       CASE u.kind WHEN 'unit' THEN 800 WHEN 'visitor' THEN 1000 ELSE 0 END AS price_cents,
       CASE u.kind WHEN 'month' THEN 'month' WHEN 'carnet' THEN 'carnet' WHEN 'unit' THEN 'unit' ELSE 'unit_paid' END AS covered_by,
       u.formula_id,
       row_number() OVER (PARTITION BY u.day, u.slot ORDER BY u.person_id NULLS LAST, u.n) = 1 AS first_of_halfday
FROM grow.use u;
BEGIN;
-- The lock ALTER TABLE … DISABLE TRIGGER takes, taken first (the programs' timers write
-- bookings too: they wait for the fill instead of deadlocking with it).
LOCK TABLE booking IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id,
                     contact_name, email, member_price, price_code, price_cents, covered_by, formula_id,
                     created_at, confirmed_at, checked_in_at)
SELECT resource_id, false, day, slot, starts_at, ends_at, 'confirmed', 'walk_in', person_id, name, email,
       member_price, price_code, price_cents, covered_by, formula_id, starts_at, starts_at, starts_at + interval '5 minutes'
FROM grow.use_row WHERE first_of_halfday ORDER BY day, slot;
-- Off for this statement too, their work done in it: booking_space (the space is the
-- resource's), booking_price_kind (member or non-member, from member_price),
-- booking_release_holds (exclusive resources only), booking_checkin_guard (no check-in in the
-- future, checked below), booking_staff_audit (staff sessions only) and the foreign keys'
-- row triggers: every foreign key of the table is checked again after the statement, set-wise.
ALTER TABLE booking DISABLE TRIGGER ALL;
INSERT INTO booking (space_id, resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id,
                     contact_name, email, member_price, price_kind, price_code, price_cents, covered_by, formula_id,
                     created_at, confirmed_at, checked_in_at)
SELECT r.space_id, u.resource_id, false, u.day, u.slot, u.starts_at, u.ends_at, 'confirmed', 'walk_in', u.person_id,
       u.name, u.email, u.member_price, CASE WHEN u.member_price THEN 'member' ELSE 'non_member' END,
       u.price_code, u.price_cents, u.covered_by, u.formula_id, u.starts_at, u.starts_at, u.starts_at + interval '5 minutes'
FROM grow.use_row u JOIN resource r ON r.id = u.resource_id WHERE NOT u.first_of_halfday ORDER BY u.day, u.slot;
UPDATE desk_load d SET taken = d.taken + x.n
FROM (SELECT resource_id, day, slot, count(*)::int AS n FROM grow.use_row WHERE NOT first_of_halfday
      GROUP BY 1, 2, 3) x
WHERE d.resource_id = x.resource_id AND d.day = x.day AND d.slot = x.slot;
INSERT INTO use_tally AS t (resource_id, day, slot, n)
SELECT resource_id, day, slot, count(*)::int FROM grow.use_row WHERE NOT first_of_halfday GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
ON CONFLICT (resource_id, day, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
ALTER TABLE booking ENABLE TRIGGER ALL;
-- ENABLE TRIGGER ALL turns the triggers that fire always (with the rules off too: derived data)
-- into ordinary ones: set back as the schema makes them (0030, 0031), or a write made with the
-- rules off afterwards (the tests' past uses) would be missing from use_tally.
ALTER TABLE booking ENABLE ALWAYS TRIGGER booking_space, ENABLE ALWAYS TRIGGER booking_use_tally,
    ENABLE ALWAYS TRIGGER booking_use_tally_truncate;
-- Every foreign key of the table, checked set-wise on all its rows: the query PostgreSQL
-- runs when a foreign key is added (MATCH SIMPLE: a row with a NULL column is not checked),
-- made from the constraint's own columns.
DO $$
DECLARE r record; v_bad bigint;
BEGIN
    FOR r IN
        SELECT c.conname, c.confrelid::regclass AS ref,
               string_agg(format('b.%I IS NOT NULL', a.attname), ' AND ' ORDER BY k.i) AS not_null,
               string_agg(format('r.%I = b.%I', fa.attname, a.attname), ' AND ' ORDER BY k.i) AS match
        FROM pg_constraint c
        CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, fcol, i)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol
        WHERE c.conrelid = 'booking'::regclass AND c.contype = 'f'
        GROUP BY c.conname, c.confrelid
    LOOP
        EXECUTE format('SELECT count(*) FROM booking b WHERE %s AND NOT EXISTS (SELECT 1 FROM %s r WHERE %s)',
                       r.not_null, r.ref, r.match) INTO v_bad;
        IF v_bad > 0 THEN
            RAISE EXCEPTION 'grow: % bookings break the foreign key %', v_bad, r.conname;
        END IF;
    END LOOP;
END $$;
-- What the row triggers would have refused or counted, checked on the result.
DO $$
DECLARE v_bad bigint;
BEGIN
    SELECT count(*) INTO v_bad
    FROM desk_load d FULL JOIN (SELECT resource_id, day, slot, count(*) AS n FROM booking
                                WHERE NOT exclusive AND status = 'confirmed' GROUP BY 1, 2, 3) b
         USING (resource_id, day, slot)
    WHERE coalesce(d.taken, 0) <> coalesce(b.n, 0) OR d.taken > d.capacity;
    IF v_bad > 0 THEN
        RAISE EXCEPTION 'grow: % half-days whose desk_load is over capacity or not the count of their uses', v_bad;
    END IF;
    SELECT count(*) INTO v_bad FROM booking b WHERE b.source = 'walk_in' AND b.checked_in_at > now();
    IF v_bad > 0 THEN
        RAISE EXCEPTION 'grow: % check-ins in the future', v_bad;
    END IF;
END $$;
COMMIT;

-- ---- room bookings: the conference room, the two offices and three more meeting rooms ----
INSERT INTO resource (kind, slug, name, description, capacity, exclusive, active, sort_order)
VALUES ('meeting_room', 'salle-du-gravier', 'Salle du Gravier', 'Salle de réunion de huit places.', 8, true, true, 5),
       ('meeting_room', 'salle-jasmin', 'Salle Jasmin', 'Salle de réunion de six places.', 6, true, true, 6),
       ('meeting_room', 'salon-du-pin', 'Salon du Pin', 'Petit salon pour quatre.', 4, true, true, 7)
ON CONFLICT DO NOTHING;
CREATE TABLE grow.company AS
SELECT k, 'Société ' || (ARRAY['Garonne','Pruneau','Gascogne','Albret','Bastide','Cornières','Jasmin',
           'Lot','Baïse','Armagnac'])[1 + k % 10] || ' ' || k AS name,
       (SELECT b || d FROM generate_series(0, 9) d WHERE luhn_ok(b || d) LIMIT 1) AS siren
FROM (SELECT k, (40000000 + k * 7919)::text AS b FROM generate_series(1, 400) k) x;
CREATE TABLE grow.block (slot text, starts time, ends time, grp int);
INSERT INTO grow.block VALUES ('day', '08:30', '18:30', 1), ('am', '08:30', '12:30', 2), ('pm', '13:30', '18:30', 2),
    ('hours', '08:30', '10:30', 3), ('hours', '10:30', '12:30', 3), ('hours', '13:30', '15:30', 3),
    ('hours', '15:30', '17:30', 3);
CREATE TABLE grow.room AS
WITH rd AS MATERIALIZED (
    SELECT r.id, r.capacity, d.day, d.w, random() AS x, random() AS busy
    FROM resource r CROSS JOIN grow.day d WHERE r.exclusive AND r.active),
k AS (SELECT :room_bookings::float8 * :years / (1.1 * 3.25 * sum(w)) AS k FROM rd)
SELECT rd.id AS resource_id, rd.capacity, rd.day, b.slot,
       (rd.day + b.starts) AT TIME ZONE 'Europe/Paris' AS starts_at, (rd.day + b.ends) AT TIME ZONE 'Europe/Paris' AS ends_at,
       (random() * 399)::int + 1 AS company, random() AS who
FROM rd CROSS JOIN k
JOIN grow.block b ON b.grp = CASE WHEN rd.x < 0.1 THEN 1 WHEN rd.x < 0.35 THEN 2 ELSE 3 END
WHERE rd.busy < least(0.98, rd.w * k.k);
ALTER TABLE booking DISABLE TRIGGER booking_check, DISABLE TRIGGER booking_tell_staff;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id,
                     company_name, siren, billing_street, billing_postcode, billing_city, contact_name, email,
                     attendees, member_price, price_code, price_cents, covered_by, free_cancel_until, terms,
                     created_at, confirmed_at, cancelled_at)
SELECT g.resource_id, true, g.day, g.slot, g.starts_at, g.ends_at,
       CASE WHEN g.who < 0.03 THEN 'no_show' WHEN g.who < 0.92 THEN 'confirmed' WHEN g.who < 0.96 THEN 'cancelled' ELSE 'declined' END,
       'room', m.person_id,
       CASE WHEN m.person_id IS NULL THEN c.name END, CASE WHEN m.person_id IS NULL THEN c.siren END,
       CASE WHEN m.person_id IS NULL THEN g.company || ' avenue Jean-Jaurès' END,
       CASE WHEN m.person_id IS NULL THEN '47000' END, CASE WHEN m.person_id IS NULL THEN 'Agen' END,
       coalesce(m.first_name || ' ' || m.last_name, 'Contact ' || c.name),
       coalesce('membre.' || m.n || '@grow.exemple.fr', 'contact' || g.company || '@societe.exemple.fr'),
       least(g.capacity, 2 + (g.who * 100)::int % 8), m.person_id IS NOT NULL,
       CASE WHEN g.slot = 'day' THEN 'room_day' ELSE 'room_half_day' END,
       CASE WHEN m.person_id IS NOT NULL THEN p.member_cents ELSE p.non_member_cents END,
       'invoice', g.starts_at - interval '48 hours', 'Annulation gratuite jusqu’à 48 heures avant.',
       g.starts_at - make_interval(days => 2 + (g.who * 1000)::int % 40),
       CASE WHEN g.who < 0.96 THEN g.starts_at - make_interval(days => 2 + (g.who * 1000)::int % 40) END,
       CASE WHEN g.who >= 0.92 AND g.who < 0.96 THEN g.starts_at - interval '3 days' END
FROM grow.room g
JOIN grow.company c ON c.k = g.company
JOIN price p ON p.code = CASE WHEN g.slot = 'day' THEN 'room_day' ELSE 'room_half_day' END
LEFT JOIN grow.member m ON g.who > 0.7 AND m.n = 1 + (g.company * 12) % (:years * :members)
     AND g.day >= m.joined AND g.day <= coalesce(m.left_on, g.day)
ORDER BY g.starts_at;
-- Cancelled and declined requests on slots someone else then took (the exclusion constraint
-- ignores them).
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, company_name, siren,
                     billing_street, billing_postcode, billing_city, contact_name, email, attendees, price_code,
                     price_cents, covered_by, free_cancel_until, created_at, cancelled_at)
SELECT b.resource_id, true, b.day, b.slot, b.starts_at, b.ends_at, CASE WHEN b.id % 3 = 0 THEN 'declined' ELSE 'cancelled' END,
       'room', c.name, c.siren, '3 place Armand-Fallières', '47000', 'Agen', 'Contact ' || c.name,
       'contact' || c.k || '@societe.exemple.fr', 2, b.price_code, b.price_cents, 'invoice',
       b.free_cancel_until, b.created_at - interval '2 days', b.created_at - interval '1 day'
FROM booking b JOIN grow.company c ON c.k = 1 + b.id % 400
WHERE b.source = 'room' AND b.status = 'confirmed' AND b.id % 10 = 3 AND b.day <= (SELECT last FROM grow.span);
ALTER TABLE booking ENABLE TRIGGER booking_check, ENABLE TRIGGER booking_tell_staff;

-- ---- events and registrations ---------------------------------------------------------------
INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, capacity, price_cents, status,
                   published_at, created_at)
SELECT 'archive-' || i || '-' || (ARRAY['atelier','afterwork','conference','portes-ouvertes'])[1 + i % 4],
       (ARRAY['Atelier','Afterwork','Conférence','Portes ouvertes'])[1 + i % 4] || ' n° ' || i,
       'Un rendez-vous de la communauté de La Fontaine.',
       E'## Au programme\n\nDes *échanges* et des idées, autour d''un café.',
       (ARRAY['atelier','afterwork','conference','portes-ouvertes'])[1 + i % 4],
       s, s + interval '2 hours', 30, CASE WHEN i % 5 = 0 THEN 500 ELSE 0 END,
       CASE WHEN i % 40 = 0 THEN 'cancelled' ELSE 'published' END, s - interval '20 days', s - interval '21 days'
FROM (SELECT i, ((span.first + ((span.last - span.first - 1) * i / (:years * :events))) + time '18:30')
                 AT TIME ZONE 'Europe/Paris' AS s
      FROM grow.span, generate_series(1, :years * :events) i) e;
INSERT INTO registration (event_id, person_id, name, email, status, cancel_token_hash, created_at, cancelled_at)
SELECT e.id, m.person_id, m.first_name || ' ' || m.last_name, 'membre.' || m.n || '@grow.exemple.fr',
       CASE WHEN (e.id + m.n) % 12 = 0 THEN 'cancelled' ELSE 'confirmed' END,
       sha256(convert_to('grow-registration-' || e.id || '-' || m.n, 'UTF8')),
       e.starts_at - interval '5 days', CASE WHEN (e.id + m.n) % 12 = 0 THEN e.starts_at - interval '1 day' END
FROM event e
CROSS JOIN LATERAL (SELECT * FROM grow.member m
                    WHERE m.joined <= e.starts_at::date AND coalesce(m.left_on, e.starts_at::date) >= e.starts_at::date
                      AND (m.n * 31 + e.id) % 97 < 3
                    LIMIT 25) m
WHERE e.slug LIKE 'archive-%';

-- use_tally is what the product's own rebuild (use_tally_rebuild: every booking through
-- booking_use_rows) would make of the bookings.
DO $$
DECLARE v_bad bigint;
BEGIN
    SELECT count(*) INTO v_bad
    FROM use_tally t FULL JOIN (SELECT u.resource_id, u.day, u.slot, count(*) AS n
                                FROM booking b CROSS JOIN LATERAL booking_use_rows(b) u GROUP BY 1, 2, 3) x
         USING (resource_id, day, slot)
    WHERE coalesce(t.n, 0) <> coalesce(x.n, 0);
    IF v_bad > 0 THEN
        RAISE EXCEPTION 'grow: % half-days whose use_tally differs from the bookings', v_bad;
    END IF;
END $$;

ANALYZE;
SELECT format('grow: %s members, %s memberships, %s formulas (%s carnets), %s desk uses, open space capacity %s, %s room bookings, %s events, %s registrations, %s closures',
    (SELECT count(*) FROM grow.member), (SELECT count(*) FROM membership),
    (SELECT count(*) FROM person_formula), (SELECT count(*) FROM grow.carnet),
    (SELECT count(*) FROM booking WHERE NOT exclusive), (SELECT capacity FROM resource WHERE kind = 'open_space' ORDER BY id LIMIT 1),
    (SELECT count(*) FROM booking WHERE source = 'room'), (SELECT count(*) FROM event),
    (SELECT count(*) FROM registration), (SELECT count(*) FROM closure));
