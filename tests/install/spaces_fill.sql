-- spaces_fill.sql: activity on a database at the schema of before 0030 (one organisation, no
-- space), made through the product's own functions of that schema, for the migration test
-- (tests/install/spaces_migration.sh). Run as the schema's owner after the demo data.
--
-- Members who sign up, are accepted and whose formulas are activated (invoiced at once); desk
-- bookings to come, some cancelled; room bookings, one quote, one request answered; an office
-- lease; event registrations; a contact message; walk-ins and room days of last year recorded
-- as they happened (as the dashboard benchmark does), invoices issued through last year in
-- order, half of them paid, credit notes, a month of last year closed; this month's run.
-- A refused action (a closed day, a full half-day) is skipped: what counts is that rows exist.

SET client_min_messages = warning;

CREATE TEMPORARY TABLE fill_log (what text, n int);

-- Members: signup, acceptance, formula activation (as the desk would, by the demo staff).
DO $$
DECLARE
    v_actor bigint := (SELECT id FROM person WHERE role IN ('staff', 'admin') ORDER BY id LIMIT 1);
    v_formulas text[] := ARRAY['carnet_10', 'month_open_space', 'half_day'];
    v_person bigint;
    v_n int := 0;
BEGIN
    FOR i IN 1..12 LOOP
        v_person := signup_create('migration.membre' || i || '@example.org', 'Membre' || i, 'Migration',
            '05 53 00 00 ' || lpad(i::text, 2, '0'), CASE WHEN i % 3 = 0 THEN 'salarie' ELSE 'independant' END, 'Activité ' || i, NULL, NULL, NULL,
            i || ' rue du Pin', '47000', 'Agen', i % 2 = 0, v_formulas[1 + i % 3],
            decode(md5('verify' || i) || md5('token' || i), 'hex'),
            'Bienvenue', 'Votre adhésion', NULL, 'Nouvelle adhésion', 'Une adhésion');
        -- The link of the mail followed (the demo staff's password hash stands for one).
        PERFORM signup_activate(decode(md5('verify' || i) || md5('token' || i), 'hex'),
                                (SELECT password_hash FROM person WHERE id = v_actor));
        PERFORM membership_accept(v_actor, m.id, 'Adhésion acceptée', 'Bienvenue')
            FROM membership m WHERE m.person_id = v_person AND m.status = 'pending';
        IF i % 4 <> 0 THEN
            PERFORM formula_activate(v_actor, f.id, current_date, 'Formule active', 'C’est parti')
                FROM person_formula f WHERE f.person_id = v_person AND f.status = 'requested';
        END IF;
        v_n := v_n + 1;
    END LOOP;
    INSERT INTO fill_log VALUES ('members', v_n);
END;
$$;

-- Desk bookings in the next two weeks (members with an active formula); every third one
-- cancelled.
DO $$
DECLARE
    v record;
    v_b record;
    v_n int := 0;
BEGIN
    FOR v IN SELECT p.id AS person, d::date AS day, s AS slot, row_number() OVER () AS k
             FROM person p JOIN person_formula f ON f.person_id = p.id AND f.status = 'active',
                  generate_series(current_date + 1, current_date + 14, interval '1 day') d,
                  unnest(ARRAY['am', 'pm']) s
             WHERE p.email LIKE 'migration.membre%' AND extract(isodow FROM d) < 6
    LOOP
        BEGIN
            SELECT * INTO v_b FROM desk_book(v.person, v.day, v.slot);
            v_n := v_n + 1;
            IF v.k % 3 = 0 THEN
                PERFORM desk_cancel(v.person, v_b.booking_id);
            END IF;
        EXCEPTION WHEN others THEN
            NULL;   -- a closed day, a used-up carnet: refused as on the page
        END;
    END LOOP;
    INSERT INTO fill_log VALUES ('desk bookings', v_n);
END;
$$;

-- Room bookings to come: confirmed ones, a quote; an office lease.
DO $$
DECLARE
    v_room int := (SELECT id FROM resource WHERE kind = 'meeting_room' AND active ORDER BY id LIMIT 1);
    v_office int := (SELECT id FROM resource WHERE kind = 'office' AND active ORDER BY id LIMIT 1);
    v_n int := 0;
BEGIN
    FOR i IN 1..20 LOOP
        BEGIN
            PERFORM room_book(v_room, current_date + 2 + i, CASE WHEN i % 2 = 0 THEN 'am' ELSE 'pm' END,
                NULL, NULL, NULL, 'Entreprise ' || i, '732829320', '3 place du Marché', '47000', 'Agen',
                'Contact ' || i, 'salle' || i || '@example.org', NULL, 'Réunion', 6, '{}', NULL,
                decode(md5('room' || i) || md5('manage' || i), 'hex'), i % 7 = 0,
                'Réservation', 'Votre réservation', NULL, NULL, gen_random_uuid());
            v_n := v_n + 1;
        EXCEPTION WHEN others THEN
            NULL;
        END;
    END LOOP;
    INSERT INTO fill_log VALUES ('room bookings', v_n);
    IF v_office IS NOT NULL AND NOT EXISTS (SELECT 1 FROM office_lease WHERE resource_id = v_office) THEN
        PERFORM office_lease_create(v_office, 'Studio Migration', 'migration.membre1@example.org',
            NULL, date_trunc('month', current_date)::date, NULL, 35000);
        INSERT INTO fill_log VALUES ('office leases', 1);
    END IF;
END;
$$;

-- Event registrations (members and visitors) on the published events to come.
DO $$
DECLARE
    v record;
    v_n int := 0;
BEGIN
    FOR v IN SELECT e.id AS event, p.id AS person, p.first_name || ' ' || p.last_name AS name, p.email,
                    row_number() OVER () AS k
             FROM event e CROSS JOIN person p
             WHERE e.status = 'published' AND e.starts_at > now() AND p.email LIKE 'migration.membre%'
    LOOP
        BEGIN
            PERFORM event_register(v.event, CASE WHEN v.k % 2 = 0 THEN v.person END, v.name, v.email,
                decode(md5('reg' || v.k) || md5('event' || v.k), 'hex'),
                'Inscription', 'Vous êtes inscrit', NULL, 'Liste d’attente', 'En attente', NULL,
                convert_to(E'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'UTF8'));
            v_n := v_n + 1;
        EXCEPTION WHEN others THEN
            NULL;
        END;
    END LOOP;
    INSERT INTO fill_log VALUES ('event registrations', v_n);
END;
$$;

SELECT contact_submit('Visiteur Migration', 'visiteur.migration@example.org', NULL, 'Une question',
                      'Bonjour, peut-on visiter le lieu ?', '192.0.2.7'::inet, gen_random_uuid());

-- Last year, recorded as it happened: 8 walk-ins a weekday and a room day a week (the booking
-- rules are for new bookings), as tests/bench/dashboard_bench.sh does.
SELECT set_config('fill.year', (extract(year FROM current_date)::int - 1)::text, false);
SET session_replication_role = replica;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, false, d::date, CASE WHEN n % 2 = 0 THEN 'am' ELSE 'pm' END,
       (d::date + time '08:30') AT TIME ZONE 'Europe/Paris', (d::date + time '12:30') AT TIME ZONE 'Europe/Paris',
       'confirmed', 'walk_in', 'Visiteur migration'
FROM resource r, generate_series(make_date(current_setting('fill.year')::int, 1, 1),
                                 make_date(current_setting('fill.year')::int, 12, 31), interval '1 day') d,
     generate_series(1, 8) n
WHERE r.kind = 'open_space' AND extract(isodow FROM d) < 6;
INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
SELECT r.id, true, d::date, 'day', (d::date + time '08:30') AT TIME ZONE 'Europe/Paris',
       (d::date + time '18:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'room', 'Entreprise migration'
FROM resource r, generate_series(make_date(current_setting('fill.year')::int, 1, 5),
                                 make_date(current_setting('fill.year')::int, 12, 31), interval '7 days') d
WHERE r.kind = 'meeting_room';
SET session_replication_role = origin;

-- 120 invoices of last year issued in order through the issuing trigger (numbers, chain), half
-- paid, a few cancelled by credit notes; January of last year closed.
DO $$
DECLARE
    y int := current_setting('fill.year')::int;
    v bigint;
BEGIN
    FOR i IN 1..120 LOOP
        INSERT INTO invoice (customer_name, customer_business, customer_street, customer_postcode,
                             customer_city, customer_email)
        VALUES ('Client migration ' || i, false, i || ' avenue Jean-Jaurès', '47000', 'Agen',
                'client' || i || '@example.org') RETURNING id INTO v;
        INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
        VALUES (v, 'Demi-journée en open space', 1000 * (1 + i % 4), 1200 + i);
        PERFORM invoice_issue(v, make_date(y, 1, 1) + (i * 3));
    END LOOP;
END;
$$;
INSERT INTO payment (invoice_id, paid_on, amount_cents, method)
SELECT id, issue_date + 10, gross_cents, 'virement' FROM invoice
WHERE customer_name LIKE 'Client migration %' AND kind = 'invoice' AND id % 2 = 0 ORDER BY id;
SELECT invoice_issue(credit_note_create(id), make_date(current_setting('fill.year')::int, 12, 31))
FROM invoice WHERE customer_name LIKE 'Client migration %' AND kind = 'invoice' AND status = 'issued'
               AND id % 25 = 1 ORDER BY id;
SELECT period_close('month', make_date(current_setting('fill.year')::int, 1, 1));

-- This month's run (memberships, formulas, rooms, leases become drafts), and the drafts of the
-- members issued.
SELECT invoice_run(current_date);
SELECT count(invoice_issue(i.id, NULL)) FROM (
    SELECT i.id FROM invoice i JOIN person p ON p.id = i.person_id
    WHERE i.status = 'draft' AND p.email LIKE 'migration.membre%'
      AND EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id)
    ORDER BY i.id) i;

SELECT what || ': ' || n FROM fill_log ORDER BY what;
