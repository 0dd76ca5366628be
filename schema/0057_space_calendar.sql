-- 0057: the open half-days of each space kept in a table (issue 16, the dashboard).
--
-- space_open_halfdays (0039) computed a window's calendar from the opening hours, the
-- whole-space closures and the public holidays at each call, and a dashboard calls it five
-- times (the 12-month occupancy, the 3-month heat map, and through use_counts and
-- use_month_counts for the leases): 0.7 ms for 12 months each time on the ten-year database.
-- The calendar changes only when the hours, the closures or the half-day slots do, so it is
-- kept: space_calendar holds every open half-day of each space from 2015-01-01 to 2039-12-31
-- (space_calendar_range), as space_calendar_compute (0039's function, renamed, its body
-- unchanged) gives it, and space_open_halfdays reads it for a window inside that range (the
-- computation again outside it).
--
-- Kept by statement triggers (ALWAYS: bulk loads with the rules off change it too) on
-- opening_hours and closure (the spaces of the rows changed, through transition tables) and
-- halfday_slot (every space). A space's calendar is recomputed whole and only its differences
-- written (a closure of three days: six rows), under a transaction-level advisory lock per
-- space, so two writers of one space take turns and the second, whose statement starts after
-- the first's commit (READ COMMITTED), sees the first's closure and calendar.

CREATE TABLE space_calendar (
    space_id smallint NOT NULL REFERENCES space (id) ON DELETE CASCADE,
    day      date NOT NULL,
    slot     text NOT NULL REFERENCES halfday_slot (slot) ON DELETE CASCADE,
    PRIMARY KEY (space_id, day, slot)
);
COMMENT ON TABLE space_calendar IS
    'The open half-days of each space over space_calendar_range(): derived data, written by '
    'space_calendar_refresh() only (triggers on opening_hours, closure, halfday_slot).';

CREATE FUNCTION space_calendar_range(OUT from_day date, OUT to_day date)
LANGUAGE sql IMMUTABLE AS $$
    SELECT date '2015-01-01', date '2040-01-01'
$$;
COMMENT ON FUNCTION space_calendar_range() IS
    'The days from_day ≤ day < to_day that space_calendar covers.';

ALTER FUNCTION space_open_halfdays(smallint, date, date) RENAME TO space_calendar_compute;
COMMENT ON FUNCTION space_calendar_compute(smallint, date, date) IS
    'The open half-days of a space over days p_from ≤ day < p_to, computed: opening hours '
    'overlapping the slot, no public holiday, no closure of the whole space (0039).';

CREATE FUNCTION space_open_halfdays(p_space smallint, p_from date, p_to date)
RETURNS TABLE (day date, slot text)
LANGUAGE plpgsql STABLE ROWS 500 SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF p_from >= (space_calendar_range()).from_day AND p_to <= (space_calendar_range()).to_day THEN
        RETURN QUERY SELECT c.day, c.slot FROM space_calendar c
            WHERE c.space_id = p_space AND c.day >= p_from AND c.day < p_to;
    ELSE
        RETURN QUERY SELECT c.day, c.slot FROM space_calendar_compute(p_space, p_from, p_to) c;
    END IF;
END;
$$;
COMMENT ON FUNCTION space_open_halfdays(smallint, date, date) IS
    'The open half-days of a space over days p_from ≤ day < p_to: opening hours overlapping '
    'the slot, no public holiday, no closure of the whole space (space_calendar inside its range).';
REVOKE EXECUTE ON FUNCTION space_open_halfdays(smallint, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION space_open_halfdays(smallint, date, date) TO fontaine_admin;

-- Space p_space's calendar made what space_calendar_compute says over the range: the half-days
-- no longer open removed, the new ones added.
CREATE FUNCTION space_calendar_refresh(p_space smallint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r record := space_calendar_range();
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('fontaine.space_calendar:' || p_space, 0));
    -- One statement: the DELETE and the INSERT see the same table, the INSERT adds what is
    -- wanted and missing, the DELETE takes what is there and no longer wanted.
    WITH want AS MATERIALIZED (SELECT c.day, c.slot FROM space_calendar_compute(p_space, r.from_day, r.to_day) c),
    gone AS (DELETE FROM space_calendar c WHERE c.space_id = p_space
             AND NOT EXISTS (SELECT 1 FROM want w WHERE w.day = c.day AND w.slot = c.slot))
    INSERT INTO space_calendar (space_id, day, slot)
    SELECT p_space, w.day, w.slot FROM want w
    WHERE NOT EXISTS (SELECT 1 FROM space_calendar c WHERE c.space_id = p_space AND c.day = w.day AND c.slot = w.slot);
END;
$$;
REVOKE EXECUTE ON FUNCTION space_calendar_refresh(smallint) FROM PUBLIC;

-- The triggers: the spaces of the rows a statement changed (old and new), in order (two
-- writers of several spaces lock them in the same order).
CREATE FUNCTION space_calendar_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    s smallint;
    v_spaces smallint[];
BEGIN
    IF TG_TABLE_NAME = 'halfday_slot' OR TG_OP = 'TRUNCATE' THEN
        v_spaces := ARRAY(SELECT id FROM space);
    ELSIF TG_TABLE_NAME = 'closure' THEN
        -- A closure of one resource only does not change its space's calendar.
        IF TG_OP = 'INSERT' THEN
            v_spaces := ARRAY(SELECT n.space_id FROM new_rows n WHERE n.resource_id IS NULL);
        ELSIF TG_OP = 'DELETE' THEN
            v_spaces := ARRAY(SELECT o.space_id FROM old_rows o WHERE o.resource_id IS NULL);
        ELSE
            v_spaces := ARRAY(SELECT n.space_id FROM new_rows n WHERE n.resource_id IS NULL
                              UNION ALL SELECT o.space_id FROM old_rows o WHERE o.resource_id IS NULL);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        v_spaces := ARRAY(SELECT n.space_id FROM new_rows n);
    ELSIF TG_OP = 'DELETE' THEN
        v_spaces := ARRAY(SELECT o.space_id FROM old_rows o);
    ELSE
        v_spaces := ARRAY(SELECT n.space_id FROM new_rows n UNION ALL SELECT o.space_id FROM old_rows o);
    END IF;
    FOR s IN SELECT DISTINCT x FROM unnest(v_spaces) x ORDER BY 1 LOOP
        PERFORM space_calendar_refresh(s);
    END LOOP;
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION space_calendar_changed() FROM PUBLIC;

CREATE TRIGGER closure_calendar_insert AFTER INSERT ON closure
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER closure_calendar_update AFTER UPDATE ON closure
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER closure_calendar_delete AFTER DELETE ON closure
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER closure_calendar_truncate AFTER TRUNCATE ON closure
    FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER opening_hours_calendar_insert AFTER INSERT ON opening_hours
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER opening_hours_calendar_update AFTER UPDATE ON opening_hours
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER opening_hours_calendar_delete AFTER DELETE ON opening_hours
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER opening_hours_calendar_truncate AFTER TRUNCATE ON opening_hours
    FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER halfday_slot_calendar AFTER INSERT OR UPDATE OR DELETE ON halfday_slot
    FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
CREATE TRIGGER halfday_slot_calendar_truncate AFTER TRUNCATE ON halfday_slot
    FOR EACH STATEMENT EXECUTE FUNCTION space_calendar_changed();
ALTER TABLE closure ENABLE ALWAYS TRIGGER closure_calendar_insert, ENABLE ALWAYS TRIGGER closure_calendar_update,
    ENABLE ALWAYS TRIGGER closure_calendar_delete, ENABLE ALWAYS TRIGGER closure_calendar_truncate;
ALTER TABLE opening_hours ENABLE ALWAYS TRIGGER opening_hours_calendar_insert,
    ENABLE ALWAYS TRIGGER opening_hours_calendar_update, ENABLE ALWAYS TRIGGER opening_hours_calendar_delete,
    ENABLE ALWAYS TRIGGER opening_hours_calendar_truncate;
ALTER TABLE halfday_slot ENABLE ALWAYS TRIGGER halfday_slot_calendar, ENABLE ALWAYS TRIGGER halfday_slot_calendar_truncate;

SELECT space_calendar_refresh(id) FROM space ORDER BY id;
