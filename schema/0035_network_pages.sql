-- The network's pages and the back office of each space (issue 15): what the dashboards of
-- a space and of the network count, each by its own space or organisation.
--
-- Views run as their owner and so bypass row-level security (0030): use_halfday counted the
-- uses of every space on every space's dashboard. It carries each use's space (0034), and the
-- programs filter on it. A month's target is read for one space (the connection's, or the
-- one asked for by the network dashboard). A grant is received by an organisation. Sales
-- per organisation come from a function that counts one organisation's invoices only.

-- Uses: use_halfday carries each use's space since 0034 (and lists the connection's space's
-- uses only, every space's in network scope); the dashboards filter on space_id all the same.

------------------------------------------------------------------------------
-- Targets: per space
------------------------------------------------------------------------------

-- The target of the month of d for space p_space (the default when it has no row).
CREATE FUNCTION use_target_of(d date, p_space smallint) RETURNS int
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT target FROM use_target
                     WHERE space_id = p_space AND month = date_trunc('month', d)::date),
                    (SELECT value::int FROM app_setting WHERE key = 'use_target_default'), 200);
$$;
COMMENT ON FUNCTION use_target_of(date, smallint) IS
    'The target of uses of the month of d for the space p_space (app_setting '
    'use_target_default, 200, for a month without a row).';

-- The connection's space's target (in network scope the policy lets every space's row
-- through: without the filter the subquery would return one row per space).
CREATE OR REPLACE FUNCTION use_target_of(d date) RETURNS int
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT use_target_of(d, fontaine_space());
$$;

------------------------------------------------------------------------------
-- Grants: per organisation
------------------------------------------------------------------------------

-- funding.organisation_id, its index and its policy come with 0033 (invoicing per
-- organisation): a grant is received by an organisation.

------------------------------------------------------------------------------
-- Sales: per organisation
------------------------------------------------------------------------------

-- Net sales (invoices minus credit notes, issued, cents) of organisation p_org by year of
-- issue from p_from_year to p_to_year. Invoices carry their organisation once the invoicing
-- migration gives them one (0033); before it, every invoice is organisation 1's (there was
-- one series). Written for both cases, whichever this database has.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = 'invoice'
                 AND column_name = 'organisation_id') THEN
        EXECUTE $f$
        CREATE FUNCTION organisation_sales(p_org smallint, p_from_year int, p_to_year int,
                                           OUT year int, OUT sales_cents bigint)
        RETURNS SETOF record
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $b$
            SELECT extract(year FROM issue_date)::int,
                   sum(CASE kind WHEN 'credit_note' THEN -net_cents ELSE net_cents END)::bigint
            FROM invoice
            WHERE organisation_id = p_org AND status <> 'draft'
              AND issue_date >= make_date(p_from_year, 1, 1) AND issue_date < make_date(p_to_year + 1, 1, 1)
            GROUP BY 1
        $b$ $f$;
    ELSE
        EXECUTE $f$
        CREATE FUNCTION organisation_sales(p_org smallint, p_from_year int, p_to_year int,
                                           OUT year int, OUT sales_cents bigint)
        RETURNS SETOF record
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $b$
            SELECT extract(year FROM issue_date)::int,
                   sum(CASE kind WHEN 'credit_note' THEN -net_cents ELSE net_cents END)::bigint
            FROM invoice
            WHERE p_org = 1 AND status <> 'draft'
              AND issue_date >= make_date(p_from_year, 1, 1) AND issue_date < make_date(p_to_year + 1, 1, 1)
            GROUP BY 1
        $b$ $f$;
    END IF;
END;
$$;
COMMENT ON FUNCTION organisation_sales(smallint, int, int) IS
    'Net sales (invoices minus credit notes, not drafts) of one organisation per year of issue, '
    'for the dashboards: a SECURITY DEFINER function, it filters by organisation itself.';
REVOKE EXECUTE ON FUNCTION organisation_sales(smallint, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION organisation_sales(smallint, int, int) TO fontaine_admin;
REVOKE EXECUTE ON FUNCTION use_target_of(date, smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION use_target_of(date, smallint) TO fontaine_admin;

------------------------------------------------------------------------------
-- The network's pages
------------------------------------------------------------------------------

-- The network's home page (site program, network scope) lists each space's next events;
-- it reads published ones only (its statement says so).
GRANT SELECT ON event TO fontaine_site;

------------------------------------------------------------------------------
-- Content of one space
------------------------------------------------------------------------------

-- The hours of the connection's space replaced (0014's function): it named no space, so a
-- connection in network scope (whose policy lets every space's rows through a DELETE) would
-- have deleted every space's hours. Same function, on its own space's rows only.
CREATE OR REPLACE FUNCTION opening_hours_replace(p_actor text, p_days int[], p_opens time[], p_closes time[])
RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    n int;
    v_space smallint := fontaine_space();
BEGIN
    PERFORM set_config('fontaine.actor', p_actor, true);
    IF NOT EXISTS (
        (SELECT weekday::int, opens, closes FROM opening_hours WHERE space_id = v_space
         EXCEPT ALL SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c))
        UNION ALL
        (SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c)
         EXCEPT ALL SELECT weekday::int, opens, closes FROM opening_hours WHERE space_id = v_space)) THEN
        RETURN coalesce(cardinality(p_days), 0);
    END IF;
    DELETE FROM opening_hours WHERE space_id = v_space;
    INSERT INTO opening_hours (space_id, weekday, opens, closes)
    SELECT v_space, d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;
