-- 0052_shared_data_notify: the workers are told when the shared data changes, so a page
-- need not read shared_data_version (0041) to know that its copies are current. Each
-- FastCGI worker LISTENs to shared_data on its connection to the primary (cgi/lib/db.c) and,
-- between requests, reads without waiting what the server sent: no notification since it
-- last read the version means the version has not moved, and a public page served from the
-- worker's copy takes no round trip at all. The NOTIFY is sent at the commit of the change,
-- after the change is visible, so a worker that hears it reads the new data. A connection to
-- a standby (no NOTIFY there), or one that cannot listen, reads the version as before.
--
-- These tables change a few times a day (back-office edits): the commit lock that a NOTIFY
-- takes (0045) costs nothing here.

CREATE OR REPLACE FUNCTION shared_data_version_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE shared_data_version SET version = version + 1;
    PERFORM pg_notify('shared_data', '');
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION shared_data_version_bump() IS
    'Trigger: moves shared_data_version after any statement that changes a shared table, and '
    'sends NOTIFY shared_data at commit (the workers LISTEN to it, cgi/lib/db.c).';
