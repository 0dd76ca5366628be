-- Time limits for every program role (issue 11, production install): a lock held by another
-- session, a runaway query or a transaction left open must never pin a FastCGI worker. Past
-- lock_timeout a statement fails with SQLSTATE 55P03, past statement_timeout with 57014; the
-- programs answer both with their French 503 page ("Service momentanément indisponible").
--
-- The programs' workers also set the same limits on each connection they open (cgi/lib/db.c,
-- the configuration keys statement_timeout, lock_timeout, idle_in_transaction_timeout and
-- connect_timeout); these role settings cover every other client that logs in as a program
-- role (the mailer, a psql session opened with a program's credentials). fontaine-invoicectl,
-- a command nobody waits on, sets its own (batch_statement_timeout, none by default, and
-- batch_lock_timeout, 60 s).
-- 60 s for a statement: nginx waits 60 s for a program's answer (fastcgi_read_timeout), so a
-- longer statement would only pin a worker for a page nobody receives. The schema owner that
-- runs the migrations keeps no limit: a migration may take long.
--
-- Role settings are cluster-wide, like the roles themselves. A role that does not exist in this
-- cluster (a program not installed) is skipped.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['fontaine_site', 'fontaine_mailer', 'fontaine_admin', 'fontaine_signup',
                             'fontaine_events', 'fontaine_feed', 'fontaine_booking', 'fontaine_invoice'] LOOP
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', r, '60s');
            EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', r, '5s');
            EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', r, '30s');
        END IF;
    END LOOP;
END;
$$;
