-- 0028_invoice_line_dates.sql: a membership fee's invoice line names its period in French
-- ("du 1er janvier 2026 au 31 décembre 2026"), as every other line of the invoicing rules
-- does, instead of "du 01/01/2026 au 31/12/2026". invoice_run_sources is 0011's, with only
-- that expression changed (lines already on invoices keep their text: issued ones are frozen).

CREATE OR REPLACE FUNCTION invoice_run_sources(p_month date)
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
               'Adhésion à l’association ' || m.org || ' du ' || invoice_fr_date(ms.starts_on)
                   || ' au ' || invoice_fr_date(ms.ends_on) AS description,
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
