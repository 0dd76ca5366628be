-- What the booking program records becomes a source of the monthly run (issue 7, "Where invoices
-- come from"): confirmed conference-room bookings, monthly office rents (office_lease) and unit
-- half-days of the open space not covered by a formula. invoice_run_sources keeps every source of
-- 0009 (membership fees, carnets, monthly formulas) and adds:
--
--   booking:<id>          a booking to invoice (covered_by 'invoice' or 'unit'): a room booking
--                         ("Location de la salle de conférence — mardi 3 mars 2026, matin") or a
--                         half-day in the open space, booked or walked in ("Demi-journée en open
--                         space — 3 mars 2026 après-midi"), at the price stored on the booking.
--                         Invoiced once, by the run of the month of its day (or of a later month,
--                         if that one was never run), once it is due: confirmed (or a no-show) and
--                         past its free-cancellation deadline. Quotes, requests, declined and
--                         cancelled bookings are never invoiced; covered_by 'carnet' and 'month'
--                         (a formula already paid) and 'unit_paid' (paid cash at the desk, see
--                         below) are never invoiced.
--   lease:<id>:YYYY-MM    the rent of an active office lease for each month of the lease, the run
--                         month only ("Loyer du petit bureau — mars 2026"); a partial first or last
--                         month is prorated by days, rounded half-up to the cent ("… (du 16 au 31
--                         mars 2026, 16 jours sur 31)").
--
-- Who is invoiced: a booking made for a company (company_name set) or a lease with a SIREN is
-- invoiced to that company, as the booking (or lease) records it: a business customer (name,
-- SIREN, billing address; the late-payment mentions apply), on a draft of its own (person_id
-- NULL: the company, not the member who booked, is the customer, in the FEC and the balances),
-- one per customer snapshot and month. Otherwise a source of a person with an account goes on the
-- person's monthly draft, as in 0009; a visitor without an account (a walk-in to invoice, a room
-- booked by a private individual) gets a draft of their own under the name recorded.
--
-- A walk-in paid at the desk (covered_by 'unit_paid') is not invoiced: the walk-in is a private
-- visitor (desk_walk_in records a name and an e-mail, never a company), the half-day costs less
-- than 25 € TTC, and below that a note to a private customer is only due on request (arrêté
-- n° 83-50/A du 3 octobre 1983); the desk's cash receipt is the proof. A business that pays at
-- the desk and needs an invoice is recorded "to invoice" (unit) or gets a manual invoice from
-- the staff pages, with its cash payment recorded there.
--
-- Amounts: booking.price_cents and office_lease.monthly_rent_cents are TTC; like every line of
-- the run (0009), lines carry VAT 0 (the association is under the franchise, art. 293 B du CGI).
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

------------------------------------------------------------------------------
-- French wording of dates and places in line descriptions
------------------------------------------------------------------------------

-- "3 mars 2026", "1er mars 2026"; with p_weekday "mardi 3 mars 2026".
CREATE FUNCTION invoice_fr_date(d date, p_weekday boolean DEFAULT false) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN p_weekday THEN (ARRAY['lundi','mardi','mercredi','jeudi','vendredi','samedi',
               'dimanche'])[extract(isodow FROM d)::int] || ' ' ELSE '' END
        || extract(day FROM d)::int || CASE WHEN extract(day FROM d) = 1 THEN 'er' ELSE '' END || ' '
        || (ARRAY['janvier','février','mars','avril','mai','juin','juillet','août','septembre',
                  'octobre','novembre','décembre'])[extract(month FROM d)::int]
        || ' ' || extract(year FROM d)::int
$$;

-- "mars 2026".
CREATE FUNCTION invoice_fr_month(d date) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT (ARRAY['janvier','février','mars','avril','mai','juin','juillet','août','septembre',
                  'octobre','novembre','décembre'])[extract(month FROM d)::int]
        || ' ' || extract(year FROM d)::int
$$;

-- "9 h", "14 h 30" (no-break spaces, as fmt_time writes it), Europe/Paris.
CREATE FUNCTION invoice_fr_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE STRICT AS $$
    SELECT extract(hour FROM l)::int || U&'\00A0h'
        || CASE WHEN extract(minute FROM l) <> 0 THEN U&'\00A0' || to_char(l, 'MI') ELSE '' END
    FROM (SELECT t AT TIME ZONE 'Europe/Paris' AS l) x
$$;

-- A resource's name after "de": "Le petit bureau" → "du petit bureau", "La salle de
-- conférence" → "de la salle de conférence", "L’open space" → "de l’open space".
CREATE FUNCTION invoice_fr_of(p_name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN p_name ~ '^Le ' THEN 'du ' || substr(p_name, 4)
                WHEN p_name ~ '^Les ' THEN 'des ' || substr(p_name, 5)
                WHEN p_name ~ '^(La |L’|L'')' THEN 'de ' || lower(left(p_name, 1)) || substr(p_name, 2)
                ELSE 'de ' || p_name END
$$;

------------------------------------------------------------------------------
-- The monthly run's sources
------------------------------------------------------------------------------

-- The return type grows (the customer of each source), so the function is replaced, not
-- redefined; only invoice_run calls it.
DROP FUNCTION invoice_run_sources(date);

-- What the monthly run of p_month (its first day) would invoice and has not yet: membership
-- fees (pending), carnets (once) and monthly coworking formulas (each month), per person (as in
-- 0009); bookings to invoice once due and office rents (each month of a lease), see the head of
-- this file. customer_name NULL: the line goes on the draft of person_id; otherwise the customer_*
-- columns are the customer as invoiced (person_id, when set, only says who booked).
CREATE FUNCTION invoice_run_sources(p_month date)
RETURNS TABLE (person_id bigint, source_key text, kind text, description text, quantity_milli bigint,
               unit_code text, unit_price_cents bigint, service_start date, service_end date,
               customer_business boolean, customer_name text, customer_street text,
               customer_postcode text, customer_city text, customer_siren text, customer_email text)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH m AS (SELECT p_month AS first, (p_month + interval '1 month' - interval '1 day')::date AS last,
                      (SELECT legal_name FROM organisation WHERE id = 1) AS org),
    src AS (
        -- 0009: membership fees, carnets, monthly formulas (the person's draft).
        SELECT ms.person_id, 'membership:' || ms.id AS source_key, 'membership' AS kind,
               'Adhésion à l’association ' || m.org || ' du ' || to_char(ms.starts_on, 'DD/MM/YYYY')
                   || ' au ' || to_char(ms.ends_on, 'DD/MM/YYYY') AS description,
               1000::bigint AS quantity_milli, 'C62' AS unit_code, ms.fee_cents::bigint AS unit_price_cents,
               ms.starts_on AS service_start, ms.ends_on AS service_end,
               NULL::boolean AS customer_business, NULL::text AS customer_name, NULL::text AS customer_street,
               NULL::text AS customer_postcode, NULL::text AS customer_city, NULL::text AS customer_siren,
               NULL::text AS customer_email
        FROM membership ms, m
        WHERE ms.status = 'pending' AND ms.starts_on <= m.last AND ms.fee_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id, 'coworking',
               pr.label || ' (' || f.halfdays_total || ' demi-journées)',
               1000, 'C62', f.unit_cents, coalesce(f.starts_on, m.first), f.ends_on,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.status IN ('active', 'ended') AND f.halfdays_total IS NOT NULL
          AND coalesce(f.starts_on, f.created_at::date) <= m.last AND f.unit_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id || ':' || to_char(m.first, 'YYYY-MM'), 'coworking',
               pr.label || ' — ' || invoice_fr_month(m.first),
               1000, 'MON', f.unit_cents, greatest(f.starts_on, m.first), least(coalesce(f.ends_on, m.last), m.last),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.status IN ('active', 'ended') AND f.halfdays_total IS NULL AND pr.unit = 'le mois'
          AND pr.category = 'coworking' AND f.starts_on IS NOT NULL AND f.starts_on <= m.last
          AND (f.ends_on IS NULL OR f.ends_on >= m.first) AND f.unit_cents > 0
        UNION ALL
        -- Bookings to invoice, once due: the conference room (or any resource booked whole) and
        -- half-days of the open space (booked by a member at the unit price, or walk-ins to
        -- invoice). A company booking is invoiced to the company as recorded on the booking.
        SELECT CASE WHEN b.company_name IS NULL THEN b.person_id END, 'booking:' || b.id,
               CASE r.kind WHEN 'open_space' THEN 'coworking' WHEN 'office' THEN 'office' ELSE 'room' END,
               CASE WHEN r.exclusive THEN
                   'Location ' || invoice_fr_of(r.name) || ' — ' || invoice_fr_date(b.day, true) || ', '
                        || CASE b.slot WHEN 'am' THEN 'matin' WHEN 'pm' THEN 'après-midi' WHEN 'day' THEN 'journée'
                                ELSE 'de ' || invoice_fr_time(b.starts_at) || ' à ' || invoice_fr_time(b.ends_at) END
                        || coalesce(' (options comprises : ' || (
                               SELECT string_agg(o.label || CASE WHEN o.quantity > 1 THEN ' × ' || o.quantity ELSE '' END,
                                                 ' ; ' ORDER BY o.option_code)
                               FROM booking_option_line o WHERE o.booking_id = b.id) || ')', '')
               ELSE
                   coalesce(pr.label, 'Demi-journée en open space') || ' — ' || invoice_fr_date(b.day) || ' '
                       || CASE b.slot WHEN 'am' THEN 'matin' WHEN 'pm' THEN 'après-midi' ELSE 'journée' END
               END,
               1000, 'C62', b.price_cents::bigint, b.day, b.day,
               CASE WHEN b.company_name IS NOT NULL THEN true
                    WHEN b.person_id IS NULL THEN false END,
               CASE WHEN b.company_name IS NOT NULL THEN b.company_name
                    WHEN b.person_id IS NULL THEN b.contact_name END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_street END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_postcode END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_city END,
               CASE WHEN b.company_name IS NOT NULL THEN b.siren END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.email END
        FROM booking b JOIN resource r ON r.id = b.resource_id LEFT JOIN price pr ON pr.code = b.price_code, m
        WHERE b.covered_by IN ('invoice', 'unit') AND b.status IN ('confirmed', 'no_show')
          AND b.price_cents > 0 AND b.day <= m.last
          AND coalesce(b.free_cancel_until, b.starts_at) <= now()
        UNION ALL
        -- Office rents: the run month, prorated by days when the lease starts or ends in it.
        SELECT CASE WHEN l.siren IS NULL THEN l.person_id END,
               'lease:' || l.id || ':' || to_char(m.first, 'YYYY-MM'), 'office',
               'Loyer ' || invoice_fr_of(r.name) || ' — ' || invoice_fr_month(m.first)
                   || CASE WHEN d.days < d.month_days THEN
                          ' (du ' || extract(day FROM d.s)::int || CASE WHEN extract(day FROM d.s) = 1 THEN 'er' ELSE '' END
                          || ' au ' || invoice_fr_date(d.e) || ', ' || d.days || ' jour'
                          || CASE WHEN d.days > 1 THEN 's' ELSE '' END || ' sur ' || d.month_days || ')'
                      ELSE '' END,
               1000, CASE WHEN d.days < d.month_days THEN 'C62' ELSE 'MON' END,
               -- EN 16931: the line amount in cents, half-up.
               (l.monthly_rent_cents::bigint * d.days * 2 + d.month_days) / (2 * d.month_days),
               d.s, d.e,
               CASE WHEN l.siren IS NOT NULL THEN true WHEN l.person_id IS NULL THEN false END,
               CASE WHEN l.siren IS NOT NULL OR l.person_id IS NULL THEN l.tenant_name END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_street END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_postcode END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_city END,
               l.siren,
               CASE WHEN l.siren IS NOT NULL THEN p.email END
        FROM office_lease l JOIN resource r ON r.id = l.resource_id LEFT JOIN person p ON p.id = l.person_id, m,
             LATERAL (SELECT greatest(l.starts_on, m.first) AS s, least(coalesce(l.ends_on, m.last), m.last) AS e,
                             (m.last - m.first + 1) AS month_days) d0,
             LATERAL (SELECT d0.s, d0.e, d0.month_days, (d0.e - d0.s + 1) AS days) d
        WHERE l.status = 'active' AND l.starts_on <= m.last AND (l.ends_on IS NULL OR l.ends_on >= m.first)
    )
    -- A description is one line of at most 300 characters (invoice_line's CHECK), whatever the
    -- names and labels staff typed.
    SELECT s.person_id, s.source_key, s.kind, left(regexp_replace(s.description, '\s*[\r\n]+\s*', ' ', 'g'), 300),
           s.quantity_milli, s.unit_code, s.unit_price_cents, s.service_start, s.service_end, s.customer_business,
           s.customer_name, s.customer_street, s.customer_postcode, s.customer_city, s.customer_siren, s.customer_email
    FROM src s
    WHERE NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.source_key = s.source_key)
$$;

------------------------------------------------------------------------------
-- The monthly run
------------------------------------------------------------------------------

-- Creates the drafts of the monthly run of p_month (any day of it): one draft per person with
-- something to invoice (added to the person's draft of that month if it exists), as in 0009, and
-- one per other customer (a company, a visitor), found again by its snapshot when the month's
-- run already made its draft. A draft's service period grows to cover the lines added.
-- Idempotent: a source is invoiced once (unique invoice_line.source_key), and runs are
-- serialised by an advisory lock. Returns the number of lines added.
CREATE OR REPLACE FUNCTION invoice_run(p_month date) RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_month date := date_trunc('month', p_month)::date;
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'invoice_payment_days'), 30);
    v_lines int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.invoice_run'));
    CREATE TEMP TABLE run_src ON COMMIT DROP AS
        SELECT s.*, NULL::bigint AS invoice_id,
               CASE WHEN s.customer_name IS NOT NULL THEN concat_ws('|', s.customer_business, canon(s.customer_name),
                   canon(s.customer_street), canon(s.customer_postcode), canon(s.customer_city),
                   canon(s.customer_siren), canon(s.customer_email)) END AS customer_key
        FROM invoice_run_sources(v_month) s;

    -- A person's draft (0009).
    INSERT INTO invoice (kind, person_id, run_month, customer_business, customer_name,
                         customer_street, customer_postcode, customer_city, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    SELECT 'invoice', p.id, v_month,
           p.profile = 'organisation' OR p.siret IS NOT NULL,
           CASE WHEN p.company_name IS NOT NULL AND (p.profile = 'organisation' OR p.siret IS NOT NULL)
                THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
           p.billing_street, p.billing_postcode, p.billing_city,
           coalesce(p.siren, left(p.siret, 9)), p.email,
           s.first_start, s.last_end, v_days
    FROM person p
    JOIN (SELECT r.person_id, min(r.service_start) AS first_start, max(r.service_end) AS last_end
          FROM run_src r WHERE r.customer_key IS NULL GROUP BY r.person_id) s ON s.person_id = p.id
    WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id AND i.run_month = v_month
                      AND i.status = 'draft' AND i.kind = 'invoice');
    UPDATE run_src r SET invoice_id = i.id
    FROM invoice i
    WHERE r.customer_key IS NULL AND i.person_id = r.person_id AND i.run_month = v_month
      AND i.status = 'draft' AND i.kind = 'invoice';

    -- Another customer's draft: the month's draft of the same snapshot, else a new one.
    UPDATE run_src r SET invoice_id = (
        SELECT min(i.id) FROM invoice i
        WHERE i.person_id IS NULL AND i.run_month = v_month AND i.status = 'draft' AND i.kind = 'invoice'
          AND concat_ws('|', i.customer_business, canon(i.customer_name), canon(i.customer_street),
                        canon(i.customer_postcode), canon(i.customer_city), canon(i.customer_siren),
                        canon(i.customer_email)) = r.customer_key)
    WHERE r.customer_key IS NOT NULL;
    WITH c AS (
        SELECT DISTINCT ON (r.customer_key) r.customer_key, r.customer_business, r.customer_name,
               r.customer_street, r.customer_postcode, r.customer_city, r.customer_siren, r.customer_email,
               min(r.service_start) OVER w AS first_start, max(r.service_end) OVER w AS last_end
        FROM run_src r WHERE r.customer_key IS NOT NULL AND r.invoice_id IS NULL
        WINDOW w AS (PARTITION BY r.customer_key)
    ), ins AS (
        INSERT INTO invoice (kind, person_id, run_month, customer_business, customer_name,
                             customer_street, customer_postcode, customer_city, customer_siren,
                             customer_email, service_start, service_end, payment_days)
        SELECT 'invoice', NULL, v_month, c.customer_business, c.customer_name, c.customer_street,
               c.customer_postcode, c.customer_city, c.customer_siren, c.customer_email,
               c.first_start, c.last_end, v_days
        FROM c
        RETURNING id, concat_ws('|', customer_business, canon(customer_name), canon(customer_street),
                                canon(customer_postcode), canon(customer_city), canon(customer_siren),
                                canon(customer_email)) AS customer_key
    )
    UPDATE run_src r SET invoice_id = ins.id FROM ins
    WHERE r.customer_key = ins.customer_key AND r.invoice_id IS NULL;

    INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                              unit_price_cents, vat_rate_bp, service_start, service_end, source_key)
    SELECT r.invoice_id, row_number() OVER (PARTITION BY r.invoice_id ORDER BY r.service_start, r.source_key)
                 + coalesce((SELECT max(position) FROM invoice_line x WHERE x.invoice_id = r.invoice_id), 0),
           r.kind, r.description, r.quantity_milli, r.unit_code, r.unit_price_cents, 0,
           r.service_start, r.service_end, r.source_key
    FROM run_src r
    WHERE r.invoice_id IS NOT NULL
    ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING;
    GET DIAGNOSTICS v_lines = ROW_COUNT;

    -- The drafts' service period covers their lines.
    UPDATE invoice i SET service_start = least(i.service_start, g.first_start),
                         service_end = greatest(i.service_end, g.last_end)
    FROM (SELECT r.invoice_id, min(r.service_start) AS first_start, max(r.service_end) AS last_end
          FROM run_src r WHERE r.invoice_id IS NOT NULL GROUP BY r.invoice_id) g
    WHERE i.id = g.invoice_id AND i.status = 'draft'
      AND (i.service_start IS DISTINCT FROM least(i.service_start, g.first_start)
           OR i.service_end IS DISTINCT FROM greatest(i.service_end, g.last_end));
    DROP TABLE run_src;
    RETURN v_lines;
END;
$$;

------------------------------------------------------------------------------
-- Rights: the run reads what the booking program records (not its secrets: no manage tokens)
------------------------------------------------------------------------------

GRANT SELECT ON resource, office_lease, booking_option_line TO fontaine_invoice;
GRANT SELECT (id, resource_id, day, slot, starts_at, ends_at, status, source, person_id, company_name,
              siren, billing_street, billing_postcode, billing_city, contact_name, email, price_code,
              price_cents, covered_by, formula_id, free_cancel_until, checked_in_at)
    ON booking TO fontaine_invoice;
