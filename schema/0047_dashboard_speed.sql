-- 0047: the dashboard's use charts read a monthly aggregate (issue 16, years of data).
--
-- use_month_tally: the counters of use_tally (0031) summed per resource, month, ISO weekday
-- and half-day, kept by statement triggers on use_tally as its counters change (a booking
-- written: one row of use_tally, one of use_month_tally). The 12 months of the target chart,
-- the occupancy per resource and the heatmap's 3 months read a few hundred rows of it
-- instead of every counter of their window (about 2,700 for 12 months, 7 resources); the
-- leases' half-days are still counted over the window (they depend on the calendar:
-- opening hours, closures, public holidays, and on today for an open lease), as in
-- use_counts(date, date, smallint) of 0039, whose figures these are.

CREATE TABLE use_month_tally (
    resource_id int NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    dow         smallint NOT NULL CHECK (dow BETWEEN 1 AND 7),
    slot        text NOT NULL,
    n           int NOT NULL CHECK (n >= 0),
    PRIMARY KEY (resource_id, month, dow, slot)
);
CREATE INDEX use_month_tally_month ON use_month_tally (month, resource_id) INCLUDE (dow, slot, n);
COMMENT ON TABLE use_month_tally IS
    'The counters of use_tally summed per resource, month, ISO weekday and half-day slot; kept '
    'by the triggers use_tally_month_* (derived data, never written otherwise).';

-- The changes of a statement on use_tally, applied per (resource, month, weekday, slot).

CREATE FUNCTION use_tally_month_ins() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO use_month_tally AS t (resource_id, month, dow, slot, n)
    SELECT x.resource_id, date_trunc('month', x.day)::date, extract(isodow FROM x.day)::smallint, x.slot, sum(x.n)
    FROM new_rows x WHERE x.n <> 0
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (resource_id, month, dow, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;

CREATE FUNCTION use_tally_month_del() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE use_month_tally t SET n = t.n - x.n
    FROM (SELECT o.resource_id, date_trunc('month', o.day)::date AS month, extract(isodow FROM o.day)::smallint AS dow,
                 o.slot, sum(o.n) AS n
          FROM old_rows o GROUP BY 1, 2, 3, 4 HAVING sum(o.n) <> 0) x
    WHERE t.resource_id = x.resource_id AND t.month = x.month AND t.dow = x.dow AND t.slot = x.slot;
    RETURN NULL;
END;
$$;

-- An UPDATE of counters (the booking trigger's +1/-1): the difference, per key, added (an
-- increase may meet no row yet: a counter moved to another resource or day) or taken off.
CREATE FUNCTION use_tally_month_upd() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    WITH x AS (
        SELECT u.resource_id, date_trunc('month', u.day)::date AS month, extract(isodow FROM u.day)::smallint AS dow,
               u.slot, sum(u.n)::int AS delta
        FROM (SELECT o.resource_id, o.day, o.slot, -o.n AS n FROM old_rows o
              UNION ALL
              SELECT w.resource_id, w.day, w.slot, w.n FROM new_rows w) u
        GROUP BY 1, 2, 3, 4 HAVING sum(u.n) <> 0),
    taken_off AS (
        UPDATE use_month_tally t SET n = t.n + x.delta FROM x
        WHERE x.delta < 0 AND t.resource_id = x.resource_id AND t.month = x.month AND t.dow = x.dow AND t.slot = x.slot)
    INSERT INTO use_month_tally AS t (resource_id, month, dow, slot, n)
    SELECT x.resource_id, x.month, x.dow, x.slot, x.delta FROM x WHERE x.delta > 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (resource_id, month, dow, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER use_tally_month_insert AFTER INSERT ON use_tally
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION use_tally_month_ins();
CREATE TRIGGER use_tally_month_update AFTER UPDATE ON use_tally
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION use_tally_month_upd();
CREATE TRIGGER use_tally_month_delete AFTER DELETE ON use_tally
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION use_tally_month_del();
-- Derived data: kept through writes made with the rules off too (as use_tally, 0031).
ALTER TABLE use_tally ENABLE ALWAYS TRIGGER use_tally_month_insert;
ALTER TABLE use_tally ENABLE ALWAYS TRIGGER use_tally_month_update;
ALTER TABLE use_tally ENABLE ALWAYS TRIGGER use_tally_month_delete;

-- A TRUNCATE of use_tally (none is made: use_tally_rebuild deletes) empties the months too.
CREATE FUNCTION use_tally_month_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM use_month_tally;
    RETURN NULL;
END;
$$;
CREATE TRIGGER use_tally_month_truncate AFTER TRUNCATE ON use_tally
    FOR EACH STATEMENT EXECUTE FUNCTION use_tally_month_truncate();
ALTER TABLE use_tally ENABLE ALWAYS TRIGGER use_tally_month_truncate;

INSERT INTO use_month_tally (resource_id, month, dow, slot, n)
SELECT resource_id, date_trunc('month', day)::date, extract(isodow FROM day)::smallint, slot, sum(n)
FROM use_tally GROUP BY 1, 2, 3, 4;

-- The uses of months p_from ≤ month < p_to (first days) of space p_space's resources, per
-- resource, month, ISO weekday and half-day: use_counts(p_from, p_to, p_space) of 0039 summed
-- so, the bookings' part read from use_month_tally, the leases' counted over the window.
CREATE FUNCTION use_month_counts(p_from date, p_to date, p_space smallint)
RETURNS TABLE (resource_id int, month date, dow int, slot text, n bigint)
LANGUAGE plpgsql STABLE ROWS 300 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT t.resource_id, t.month, t.dow::int, t.slot, t.n::bigint
    FROM use_month_tally t JOIN resource r ON r.id = t.resource_id AND r.space_id = p_space
    WHERE t.month >= p_from AND t.month < p_to AND t.n > 0;
    IF EXISTS (SELECT 1 FROM office_lease l WHERE l.status = 'active' AND l.space_id = p_space
               AND l.starts_on < p_to AND coalesce(l.ends_on, 'infinity'::date) >= p_from) THEN
        RETURN QUERY
        SELECT l.resource_id, date_trunc('month', o.day)::date, extract(isodow FROM o.day)::int, o.slot, count(*)
        FROM office_lease l
        JOIN space_open_halfdays(p_space, p_from, p_to) o ON o.day >= l.starts_on
             AND o.day <= coalesce(l.ends_on, (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date)
        WHERE l.status = 'active' AND l.space_id = p_space AND l.starts_on < p_to
          AND coalesce(l.ends_on, 'infinity'::date) >= p_from
          AND (l.resource_id, o.day) NOT IN (SELECT c.resource_id, c.day FROM resource_closed_days(p_space, p_from, p_to) c)
        GROUP BY 1, 2, 3, 4;
    END IF;
END;
$$;
COMMENT ON FUNCTION use_month_counts(date, date, smallint) IS
    'Uses per resource, month, ISO weekday and half-day of one space over months p_from ≤ month '
    '< p_to: use_counts(p_from, p_to, p_space) summed so, from use_month_tally and the leases.';
REVOKE EXECUTE ON FUNCTION use_month_counts(date, date, smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION use_month_counts(date, date, smallint) TO fontaine_admin;
GRANT SELECT ON use_month_tally TO fontaine_admin;
