-- A version number of the data every page shares (issue 16: at most one database round trip
-- per page). Each FastCGI worker keeps what every page shows (the spaces and their details,
-- cgi/lib/space.c; rendered public pages, cgi/lib/page.c) and reads this number with the
-- page's one query: when it moved, what the worker kept is read again. Statement-level
-- triggers on the shared tables move it in the transaction that changes them, so a worker
-- never sees a new number before the data it stands for (it reads the number before the
-- data), and an edit in the back office is seen by every worker on its next request. A
-- standby follows it like any other row (it would receive no NOTIFY).
--
-- One row for the whole database: an edit of any space moves it for all of them (these
-- tables change a few times a day; a page is read thousands of times a second).

CREATE TABLE shared_data_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL DEFAULT 1
);
INSERT INTO shared_data_version DEFAULT VALUES;
COMMENT ON TABLE shared_data_version IS
    'One row: moved by a statement-level trigger on every table whose rows the programs keep '
    'in memory (spaces, organisations, pages, prices, resources, hours, closures, settings).';
-- Nothing private: every program role (and any later one) may read it; only the trigger writes.
REVOKE ALL ON shared_data_version FROM PUBLIC;
GRANT SELECT ON shared_data_version TO PUBLIC;

CREATE FUNCTION shared_data_version_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE shared_data_version SET version = version + 1;
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION shared_data_version_bump() FROM PUBLIC;
COMMENT ON FUNCTION shared_data_version_bump() IS
    'Trigger: moves shared_data_version after any statement that changes a shared table.';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisation', 'organisation_setting', 'space', 'site_page',
                             'price', 'resource', 'funder', 'opening_hours', 'closure',
                             'app_setting', 'halfday_slot', 'account_code',
                             'allowance_charge_reason', 'use_target'] LOOP
        IF to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE format('CREATE TRIGGER shared_data_version AFTER INSERT OR UPDATE OR DELETE '
                           'OR TRUNCATE ON %I FOR EACH STATEMENT '
                           'EXECUTE FUNCTION shared_data_version_bump()', t);
        END IF;
    END LOOP;
END;
$$;
