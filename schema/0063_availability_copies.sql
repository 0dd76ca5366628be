-- 0063_availability_copies: the public week of a resource (/disponibilites/<slug>?semaine=...,
-- cgi/booking/calendar.c) is kept in each booking worker (cgi/lib/pagecache.c, issue 16) and
-- served again while what it shows has not changed. Computing and rendering the week costs
-- about 0.4 ms of availability() and 0.3 ms of the program; checking that a copy still
-- stands is one small statement in the page's round trip:
--   * the bookings of the resource and day: availability_version, a counter per resource and
--     day that every booking written moves (insert, delete, or a change of what the week
--     shows), in the writing transaction, so a reader sees the new counter with the booking;
--     the page reads the sum of its seven days' counters;
--   * the shared data (resource, hours, closures, slots) and the offices' leases: the shared
--     data's version (0041), which leases now move too (they change a few times a year);
--   * time: a hold counts until it expires, and days before tomorrow take no booking link:
--     each copy is kept until the first expiry of a hold in its week, and at most until the
--     next midnight in Paris.
-- A counter per resource and day, not one for all: two bookings of different days or
-- resources never wait for each other's commit on it (the desks' bookings of one half-day
-- already share desk_load's row).

CREATE TABLE availability_version (
    resource_id int NOT NULL REFERENCES resource (id),
    day         date NOT NULL,
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (resource_id, day)
);
COMMENT ON TABLE availability_version IS
    'A counter per resource and day, moved by every booking written for that day: the public '
    'week kept by the booking workers stands while the sum of its days'' counters is the same.';

CREATE FUNCTION availability_version_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO availability_version AS v (resource_id, day) VALUES (OLD.resource_id, OLD.day)
        ON CONFLICT (resource_id, day) DO UPDATE SET version = v.version + 1;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT')
       AND (TG_OP = 'INSERT' OR NEW.resource_id <> OLD.resource_id OR NEW.day <> OLD.day) THEN
        INSERT INTO availability_version AS v (resource_id, day) VALUES (NEW.resource_id, NEW.day)
        ON CONFLICT (resource_id, day) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION availability_version_bump() FROM PUBLIC;
COMMENT ON FUNCTION availability_version_bump() IS
    'Moves the availability_version of the days a booking was and is on (0063).';

-- What availability() reads of a booking: its resource, day, times, status, hold and
-- exclusiveness (desk_load follows the same rows). Other columns (contact, price, reminders,
-- check-in) change nothing the week shows.
CREATE TRIGGER availability_version AFTER INSERT OR DELETE ON booking
    FOR EACH ROW EXECUTE FUNCTION availability_version_bump();
CREATE TRIGGER availability_version_update
    AFTER UPDATE OF resource_id, day, slot, starts_at, ends_at, status, hold_expires_at, exclusive
    ON booking FOR EACH ROW
    WHEN (OLD.resource_id IS DISTINCT FROM NEW.resource_id OR OLD.day IS DISTINCT FROM NEW.day
          OR OLD.slot IS DISTINCT FROM NEW.slot OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
          OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.hold_expires_at IS DISTINCT FROM NEW.hold_expires_at
          OR OLD.exclusive IS DISTINCT FROM NEW.exclusive)
    EXECUTE FUNCTION availability_version_bump();

-- An office leased is taken on the week's page: leases join the shared data.
CREATE TRIGGER shared_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_lease
    FOR EACH STATEMENT EXECUTE FUNCTION shared_data_version_bump();

GRANT SELECT ON availability_version TO fontaine_booking;
-- (A truncated booking table, in tests: every copy goes.)
CREATE TRIGGER shared_data_version_truncate AFTER TRUNCATE ON booking
    FOR EACH STATEMENT EXECUTE FUNCTION shared_data_version_bump();
