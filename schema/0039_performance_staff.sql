-- 0039: the staff side of issue 16 with years of data.
--
-- 1. The dashboard's calendar (open half-days, leases' working half-days, public holidays)
--    computed set-wise for the window shown: a day's holiday, closures and opening hours are
--    looked at once per day and space, not once per lease-day or per resource-day as
--    closed_reason() and fr_public_holiday() were (use_halfday still does: the dashboard no
--    longer reads it).
-- 2. income_tally: the net sales per organisation, month of issue and kind (the dashboard's
--    income chart, and the yearly sales of the funding chart), kept by triggers on invoice and
--    invoice_line as documents are issued, instead of reading every line of the window.
-- 3. No JIT for the verification and closing of every document (it cost more than the work).
-- 4. Indexes: expired holds (every room booking looked for them through all bookings), the
--    staff invoice list's issued documents and drafts, the dashboard's unpaid invoices.
-- 5. use_tally's rows go with their resource.

------------------------------------------------------------------------------
-- 1. Calendar of a window
------------------------------------------------------------------------------

-- The public holidays from p_from to p_to (fr_public_holiday's days, once each), set-wise:
-- one easter_sunday() a year of the window.
CREATE FUNCTION fr_public_holidays(p_from date, p_to date) RETURNS TABLE (day date)
LANGUAGE sql IMMUTABLE STRICT ROWS 11 AS $$
    SELECT DISTINCT h.d
    FROM generate_series(extract(year FROM p_from)::int, extract(year FROM p_to)::int) AS y (y)
    CROSS JOIN LATERAL (SELECT easter_sunday(y.y) AS e) e
    CROSS JOIN LATERAL (VALUES (make_date(y.y, 1, 1)), (make_date(y.y, 5, 1)), (make_date(y.y, 5, 8)),
                               (make_date(y.y, 7, 14)), (make_date(y.y, 8, 15)), (make_date(y.y, 11, 1)),
                               (make_date(y.y, 11, 11)), (make_date(y.y, 12, 25)),
                               (e.e + 1), (e.e + 39), (e.e + 50)) AS h (d)
    WHERE h.d BETWEEN p_from AND p_to
$$;
COMMENT ON FUNCTION fr_public_holidays(date, date) IS
    'The days from p_from to p_to that fr_public_holiday() names, once each.';

-- The open half-days of space p_space on days p_from ≤ day < p_to, as the dashboard counts
-- them (0010): not a public holiday, an opening period of the space that weekday overlapping
-- the half-day slot, no closure of the whole space that day. Each day of the window is looked
-- at once (closed_reason() looked at each day once per resource or lease).
CREATE FUNCTION space_open_halfdays(p_space smallint, p_from date, p_to date)
RETURNS TABLE (day date, slot text)
LANGUAGE plpgsql STABLE ROWS 500 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT g.d::date, s.slot
    FROM generate_series(p_from, p_to - 1, interval '1 day') AS g (d)
    JOIN (SELECT DISTINCT o.weekday::int AS dow, h.slot FROM opening_hours o
          JOIN halfday_slot h ON o.opens < h.ends AND o.closes > h.starts
          WHERE o.space_id = p_space) s ON s.dow = extract(isodow FROM g.d)::int
    WHERE g.d::date NOT IN (SELECT f.day FROM fr_public_holidays(p_from, p_to - 1) f)
      AND g.d::date NOT IN (SELECT x.d::date FROM closure c
                            CROSS JOIN LATERAL generate_series(greatest(c.starts_on, p_from), least(c.ends_on, p_to - 1),
                                                               interval '1 day') AS x (d)
                            WHERE c.space_id = p_space AND c.resource_id IS NULL
                              AND c.starts_on < p_to AND c.ends_on >= p_from);
END;
$$;
COMMENT ON FUNCTION space_open_halfdays(smallint, date, date) IS
    'The open half-days of a space over days p_from ≤ day < p_to: opening hours overlapping '
    'the slot, no public holiday, no closure of the whole space.';
REVOKE EXECUTE ON FUNCTION space_open_halfdays(smallint, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION space_open_halfdays(smallint, date, date) TO fontaine_admin;

-- The days p_from ≤ day < p_to on which a closure of one resource of space p_space (not of
-- the whole space) covers it, once each: what a resource's open half-days lose besides the
-- space's (closures are expanded over the window only).
CREATE FUNCTION resource_closed_days(p_space smallint, p_from date, p_to date)
RETURNS TABLE (resource_id int, day date)
LANGUAGE plpgsql STABLE ROWS 20 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT DISTINCT c.resource_id, g.d::date
    FROM closure c
    CROSS JOIN LATERAL generate_series(greatest(c.starts_on, p_from), least(c.ends_on, p_to - 1),
                                       interval '1 day') AS g (d)
    WHERE c.space_id = p_space AND c.resource_id IS NOT NULL AND c.starts_on < p_to AND c.ends_on >= p_from;
END;
$$;
REVOKE EXECUTE ON FUNCTION resource_closed_days(smallint, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resource_closed_days(smallint, date, date) TO fontaine_admin;

-- The uses of days p_from ≤ day < p_to of space p_space's resources, per resource, day and
-- half-day: what use_counts(p_from, p_to) of 0031 gives for that space's resources (the
-- counters of use_tally, plus one per working half-day of an active lease, an open lease up
-- to the end of next month), the leases' half-days being the space's open half-days less the
-- office's own closures (closed_reason's rules: the lease's space's hours and closures, public
-- holidays), computed once for the window, not once per lease and day.
CREATE FUNCTION use_counts(p_from date, p_to date, p_space smallint)
RETURNS TABLE (resource_id int, day date, slot text, n int)
LANGUAGE plpgsql STABLE ROWS 3000 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT t.resource_id, t.day, t.slot, t.n
    FROM use_tally t JOIN resource r ON r.id = t.resource_id AND r.space_id = p_space
    WHERE t.day >= p_from AND t.day < p_to AND t.n > 0;
    IF EXISTS (SELECT 1 FROM office_lease l WHERE l.status = 'active' AND l.space_id = p_space
               AND l.starts_on < p_to AND coalesce(l.ends_on, 'infinity'::date) >= p_from) THEN
        RETURN QUERY
        SELECT l.resource_id, o.day, o.slot, 1
        FROM office_lease l
        JOIN space_open_halfdays(p_space, p_from, p_to) o ON o.day >= l.starts_on
             AND o.day <= coalesce(l.ends_on, (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date)
        WHERE l.status = 'active' AND l.space_id = p_space AND l.starts_on < p_to
          AND coalesce(l.ends_on, 'infinity'::date) >= p_from
          AND (l.resource_id, o.day) NOT IN (SELECT c.resource_id, c.day FROM resource_closed_days(p_space, p_from, p_to) c);
    END IF;
END;
$$;
COMMENT ON FUNCTION use_counts(date, date, smallint) IS
    'Uses per resource, day and half-day of one space over days p_from ≤ day < p_to: what '
    'counting use_halfday gives, from use_tally and the window''s lease half-days.';
REVOKE EXECUTE ON FUNCTION use_counts(date, date, smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION use_counts(date, date, smallint) TO fontaine_admin;

-- The days of month p_month (first day) for the dashboard: date, whether the space is open
-- that day (closed_reason(day, NULL) IS NULL: no closure of the whole space, not a public
-- holiday, opening hours that weekday), one look-up per day.
CREATE FUNCTION space_month_days(p_space smallint, p_month date)
RETURNS TABLE (day date, open boolean)
LANGUAGE plpgsql STABLE ROWS 31 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT g.d::date,
           NOT EXISTS (SELECT 1 FROM closure c WHERE c.space_id = p_space AND c.resource_id IS NULL
                       AND g.d::date BETWEEN c.starts_on AND c.ends_on)
           AND g.d::date NOT IN (SELECT h.day FROM fr_public_holidays(p_month, (p_month + interval '1 month')::date) h)
           AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = p_space
                       AND o.weekday = extract(isodow FROM g.d))
    FROM generate_series(p_month, p_month + interval '1 month' - interval '1 day', interval '1 day') AS g (d);
END;
$$;
REVOKE EXECUTE ON FUNCTION space_month_days(smallint, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION space_month_days(smallint, date) TO fontaine_admin;

------------------------------------------------------------------------------
-- 2. Sales per organisation, month and kind
------------------------------------------------------------------------------

CREATE TABLE income_tally (
    organisation_id smallint NOT NULL REFERENCES organisation (id),
    month           date NOT NULL CHECK (month = date_trunc('month', month)::date),
    kind            text NOT NULL,
    net_cents       bigint NOT NULL,
    PRIMARY KEY (organisation_id, month, kind)
);
COMMENT ON TABLE income_tally IS
    'Net sales of issued documents (invoices minus credit notes, not drafts) per organisation, '
    'month of issue and kind: an invoice line''s kind, coworking split into formula (a line that '
    'invoices a formula, source_key formula:…, or a credit note''s line whose corrected line '
    'does) and unit; kind document sums the documents'' own net totals (with their allowances '
    'and charges). Kept by triggers on invoice and invoice_line; read by the dashboard.';
GRANT SELECT ON income_tally TO fontaine_admin;

-- The income kind of a line (kind, source_key, position) of a document (kind, corrects_id), as
-- the dashboard's income query of 0010 decides it.
CREATE FUNCTION income_line_kind(p_kind text, p_source_key text, p_position int, p_doc_kind text,
                                 p_corrects bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_kind <> 'coworking' THEN p_kind
                WHEN coalesce(p_source_key, (SELECT o.source_key FROM invoice_line o
                        WHERE p_doc_kind = 'credit_note' AND o.invoice_id = p_corrects
                          AND o.position = p_position AND o.kind = p_kind ORDER BY o.id LIMIT 1)) LIKE 'formula:%'
                THEN 'formula' ELSE 'unit' END
$$;

-- Recounts every row of income_tally from the documents (after a TRUNCATE).
CREATE FUNCTION income_tally_rebuild() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM income_tally;
    INSERT INTO income_tally (organisation_id, month, kind, net_cents)
    SELECT x.o, x.m, x.k, sum(x.net) FROM (
        SELECT i.organisation_id AS o, date_trunc('month', i.issue_date)::date AS m,
               income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id) AS k,
               CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
        FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id WHERE i.status <> 'draft'
        UNION ALL
        SELECT i.organisation_id, date_trunc('month', i.issue_date)::date, 'document',
               CASE i.kind WHEN 'credit_note' THEN -coalesce(i.net_cents, 0) ELSE coalesce(i.net_cents, 0) END
        FROM invoice i WHERE i.status <> 'draft') x
    GROUP BY 1, 2, 3;
    RETURN NULL;
END;
$$;

-- invoice_line, AFTER INSERT, UPDATE or DELETE, per statement: the lines of issued documents
-- taken off (old rows) and added (new rows). A line deleted with its document (the cascade of
-- a DELETE on invoice) finds no document: invoice_income_untally took it off before.
CREATE FUNCTION invoice_line_income_tally() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
        SELECT i.organisation_id, date_trunc('month', i.issue_date)::date,
               income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id),
               sum(CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END)
        FROM new_lines l JOIN invoice i ON i.id = l.invoice_id WHERE i.status <> 'draft'
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
        SELECT i.organisation_id, date_trunc('month', i.issue_date)::date,
               income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id),
               -sum(CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END)
        FROM old_lines l JOIN invoice i ON i.id = l.invoice_id WHERE i.status <> 'draft'
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
    ELSE
        INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
        SELECT x.o, x.m, x.k, sum(x.net) FROM (
            SELECT i.organisation_id AS o, date_trunc('month', i.issue_date)::date AS m,
                   income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id) AS k,
                   -CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
            FROM old_lines l JOIN invoice i ON i.id = l.invoice_id WHERE i.status <> 'draft'
            UNION ALL
            SELECT i.organisation_id, date_trunc('month', i.issue_date)::date,
                   income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id),
                   CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END
            FROM new_lines l JOIN invoice i ON i.id = l.invoice_id WHERE i.status <> 'draft') x
        GROUP BY 1, 2, 3 HAVING sum(x.net) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER invoice_line_income_insert AFTER INSERT ON invoice_line
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_line_income_tally();
CREATE TRIGGER invoice_line_income_update AFTER UPDATE ON invoice_line
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT
    EXECUTE FUNCTION invoice_line_income_tally();
CREATE TRIGGER invoice_line_income_delete AFTER DELETE ON invoice_line
    REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_line_income_tally();

-- invoice, AFTER INSERT or UPDATE, per statement: a document that is issued (or, written with
-- the rules off, changes its date, kind, organisation, correction or total) moves its lines
-- and its total from its old month and kind to its new ones.
CREATE FUNCTION invoice_income_tally() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
        SELECT n.organisation_id, date_trunc('month', n.issue_date)::date, 'document',
               sum(CASE n.kind WHEN 'credit_note' THEN -coalesce(n.net_cents, 0) ELSE coalesce(n.net_cents, 0) END)
        FROM new_docs n WHERE n.status <> 'draft'
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
        RETURN NULL;
    END IF;
    WITH moved AS MATERIALIZED (
        SELECT o.id, o.organisation_id AS o_org, o.issue_date AS o_date, o.kind AS o_kind,
               o.corrects_id AS o_corrects, o.net_cents AS o_net, o.status <> 'draft' AS o_on,
               n.organisation_id AS n_org, n.issue_date AS n_date, n.kind AS n_kind,
               n.corrects_id AS n_corrects, n.net_cents AS n_net, n.status <> 'draft' AS n_on
        FROM old_docs o JOIN new_docs n ON n.id = o.id
        WHERE (o.status <> 'draft' OR n.status <> 'draft')
          AND ((o.status <> 'draft', o.organisation_id, o.issue_date, o.kind, o.corrects_id, o.net_cents)
               IS DISTINCT FROM (n.status <> 'draft', n.organisation_id, n.issue_date, n.kind, n.corrects_id, n.net_cents))),
    x AS (
        SELECT m.o_org AS o, date_trunc('month', m.o_date)::date AS mo,
               income_line_kind(l.kind, l.source_key, l.position, m.o_kind, m.o_corrects) AS k,
               -CASE m.o_kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
        FROM moved m JOIN invoice_line l ON l.invoice_id = m.id WHERE m.o_on
        UNION ALL
        SELECT m.o_org, date_trunc('month', m.o_date)::date, 'document',
               -CASE m.o_kind WHEN 'credit_note' THEN -coalesce(m.o_net, 0) ELSE coalesce(m.o_net, 0) END
        FROM moved m WHERE m.o_on
        UNION ALL
        SELECT m.n_org, date_trunc('month', m.n_date)::date,
               income_line_kind(l.kind, l.source_key, l.position, m.n_kind, m.n_corrects),
               CASE m.n_kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END
        FROM moved m JOIN invoice_line l ON l.invoice_id = m.id WHERE m.n_on
        UNION ALL
        SELECT m.n_org, date_trunc('month', m.n_date)::date, 'document',
               CASE m.n_kind WHEN 'credit_note' THEN -coalesce(m.n_net, 0) ELSE coalesce(m.n_net, 0) END
        FROM moved m WHERE m.n_on)
    INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
    SELECT x.o, x.mo, x.k, sum(x.net) FROM x
    GROUP BY 1, 2, 3 HAVING sum(x.net) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
    RETURN NULL;
END;
$$;
CREATE TRIGGER invoice_income_insert AFTER INSERT ON invoice
    REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION invoice_income_tally();
CREATE TRIGGER invoice_income_update AFTER UPDATE ON invoice
    REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs FOR EACH STATEMENT
    EXECUTE FUNCTION invoice_income_tally();

-- invoice, BEFORE DELETE (refused for an issued document, but for writes with the rules off):
-- its lines and total taken off while its lines still exist.
CREATE FUNCTION invoice_income_untally() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        INSERT INTO income_tally AS t (organisation_id, month, kind, net_cents)
        SELECT x.o, x.m, x.k, sum(x.net) FROM (
            SELECT OLD.organisation_id AS o, date_trunc('month', OLD.issue_date)::date AS m,
                   income_line_kind(l.kind, l.source_key, l.position, OLD.kind, OLD.corrects_id) AS k,
                   -CASE OLD.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
            FROM invoice_line l WHERE l.invoice_id = OLD.id
            UNION ALL
            SELECT OLD.organisation_id, date_trunc('month', OLD.issue_date)::date, 'document',
                   -CASE OLD.kind WHEN 'credit_note' THEN -coalesce(OLD.net_cents, 0) ELSE coalesce(OLD.net_cents, 0) END) x
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (organisation_id, month, kind) DO UPDATE SET net_cents = t.net_cents + EXCLUDED.net_cents;
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER invoice_income_delete BEFORE DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION invoice_income_untally();
CREATE TRIGGER invoice_income_truncate AFTER TRUNCATE ON invoice
    FOR EACH STATEMENT EXECUTE FUNCTION income_tally_rebuild();
CREATE TRIGGER invoice_line_income_truncate AFTER TRUNCATE ON invoice_line
    FOR EACH STATEMENT EXECUTE FUNCTION income_tally_rebuild();
-- Derived data: kept through writes made with the rules off too (see use_tally in 0031).
ALTER TABLE invoice_line ENABLE ALWAYS TRIGGER invoice_line_income_insert;
ALTER TABLE invoice_line ENABLE ALWAYS TRIGGER invoice_line_income_update;
ALTER TABLE invoice_line ENABLE ALWAYS TRIGGER invoice_line_income_delete;
ALTER TABLE invoice_line ENABLE ALWAYS TRIGGER invoice_line_income_truncate;
ALTER TABLE invoice ENABLE ALWAYS TRIGGER invoice_income_insert;
ALTER TABLE invoice ENABLE ALWAYS TRIGGER invoice_income_update;
ALTER TABLE invoice ENABLE ALWAYS TRIGGER invoice_income_delete;
ALTER TABLE invoice ENABLE ALWAYS TRIGGER invoice_income_truncate;

INSERT INTO income_tally (organisation_id, month, kind, net_cents)
SELECT x.o, x.m, x.k, sum(x.net) FROM (
    SELECT i.organisation_id AS o, date_trunc('month', i.issue_date)::date AS m,
           income_line_kind(l.kind, l.source_key, l.position, i.kind, i.corrects_id) AS k,
           CASE i.kind WHEN 'credit_note' THEN -l.net_cents ELSE l.net_cents END AS net
    FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id WHERE i.status <> 'draft'
    UNION ALL
    SELECT i.organisation_id, date_trunc('month', i.issue_date)::date, 'document',
           CASE i.kind WHEN 'credit_note' THEN -coalesce(i.net_cents, 0) ELSE coalesce(i.net_cents, 0) END
    FROM invoice i WHERE i.status <> 'draft') x
GROUP BY 1, 2, 3;

-- The net sales per year of one organisation (organisation_sales of 0035), from the tally.
CREATE OR REPLACE FUNCTION organisation_sales(p_org smallint, p_from_year int, p_to_year int,
                                              OUT year int, OUT sales_cents bigint)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT extract(year FROM t.month)::int, sum(t.net_cents)::bigint
    FROM income_tally t
    WHERE t.organisation_id = p_org AND t.kind = 'document'
      AND t.month >= make_date(p_from_year, 1, 1) AND t.month < make_date(p_to_year + 1, 1, 1)
    GROUP BY 1
$$;

------------------------------------------------------------------------------
-- 3. Verification and closing of 100,000 documents
------------------------------------------------------------------------------

-- The canonical texts of every document (invoice_canonical_all of 0031) are one query over
-- the whole history; its estimates (a function joined to the documents) are far above what it
-- returns, so PostgreSQL compiled it with JIT, which took longer than running it: 3.5 s of the
-- 6 s of invoice_chain_verify() for 24,000 documents (0.7 s without), and 13 s for
-- `fontaine-invoicectl verify`. JIT off for the functions that read every document, and for
-- the invoicing program's role (as 0010 did for the back office's).
ALTER FUNCTION invoice_chain_verify() SET jit = off;
ALTER FUNCTION period_close(text, date) SET jit = off;
ALTER ROLE fontaine_invoice SET jit = off;

------------------------------------------------------------------------------
-- 4. Indexes that keep the staff's lists and the booking path off the history
------------------------------------------------------------------------------

-- Every hold and room reservation calls booking_expire_holds(), whose second statement looks
-- for holds expired over a week ago: without an index it read every booking (0.2 s a booking
-- with three years of desk uses, 14 bookings a second).
CREATE INDEX booking_expired ON booking (hold_expires_at) WHERE status = 'expired';

-- The staff invoice list's issued documents newest first (invoice_list_page): chain_seq is
-- unique per organisation (invoice_chain_seq_key leads with organisation_id), and the row
-- policy's "organisation_id = fontaine_org() OR network" cannot serve as that index's key, so
-- the page read and sorted every document (0.17 s for 24,000). This one is walked backwards
-- from the cursor, the policy filtering as it goes.
CREATE INDEX invoice_chain_order ON invoice (chain_seq) WHERE chain_seq IS NOT NULL;

-- Its drafts, newest first: the few drafts (none between monthly runs) walked from the cursor
-- instead of every document by id (0.1 s for 40,000 documents right after a monthly run,
-- when the statistics still count the month's drafts).
CREATE INDEX invoice_drafts ON invoice (id) WHERE status = 'draft';

-- The dashboard's unpaid and overdue invoices of the organisation, from the index alone.
CREATE INDEX invoice_open_balance ON invoice (organisation_id, due_date) INCLUDE (gross_cents, paid_cents)
    WHERE kind = 'invoice' AND status IN ('issued', 'partly_paid');

------------------------------------------------------------------------------
-- 5. use_tally's rows go with their resource
------------------------------------------------------------------------------

-- use_tally keeps its counter rows at 0 when the bookings go: a resource whose bookings were
-- all deleted could then not be deleted (booking_bench.sh's throwaway room stayed behind).
-- Derived data: it goes with its resource.
ALTER TABLE use_tally DROP CONSTRAINT use_tally_resource_id_fkey,
    ADD CONSTRAINT use_tally_resource_id_fkey FOREIGN KEY (resource_id) REFERENCES resource (id) ON DELETE CASCADE;
