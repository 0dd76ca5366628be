-- 0055: the dashboard's « Membres par profil » chart kept between changes (issue 16).
--
-- The chart (members covered at a day, new members and departures of the 12 months before,
-- per profile) read every person and every membership at each view: 11 ms of the dashboard's
-- 23 ms on the ten-year database (5,000 members, 13,000 memberships), and the figures change
-- only when a membership or a member's role, profile or status does. members_chart(month)
-- gives the same rows as the dashboard's statement did (members_chart_compute holds it, word
-- for word), from a memo made by the last view since the last such change.
--
-- How the memo stays right without making writers wait for each other:
-- - every statement that writes membership, or person's role, profile or status, takes the
--   advisory lock « fontaine.members_chart » in shared mode until its transaction ends and
--   draws a number from members_chart_change (statement triggers, ALWAYS, so bulk loads in
--   replica mode count too). Shared mode: writers never wait for one another, and no row is
--   locked, so no deadlock can come of it;
-- - a memo row holds the number drawn last when it was made; it serves while no number has
--   been drawn since;
-- - a view that finds no memo to serve computes the rows. It stores them only if it gets the
--   same lock in exclusive mode without waiting (pg_try_advisory_xact_lock): then no writer
--   is in progress, every number drawn belongs to a committed change that its snapshot
--   (taken after the lock, READ COMMITTED) sees, and a writer that comes next waits for the
--   view's commit (a few ms) and draws a new number. A view under REPEATABLE READ (whose
--   snapshot may predate the lock) or one that meets a writer in progress does not store.

CREATE SEQUENCE members_chart_change;
COMMENT ON SEQUENCE members_chart_change IS
    'Drawn by every statement that may change the members chart (membership; person''s role, '
    'profile, status): a memo of members_chart_memo made at number n serves while last_value = n.';

CREATE TABLE members_chart_memo (
    orgs     smallint[] NOT NULL,
    ref      date NOT NULL,
    o        smallint NOT NULL,
    profile  text NOT NULL,
    members  bigint NOT NULL,
    fresh    bigint NOT NULL,
    leaving  bigint NOT NULL,
    change   bigint NOT NULL,
    PRIMARY KEY (orgs, ref, o)
);
COMMENT ON TABLE members_chart_memo IS
    'The members chart of organisations orgs at day ref, as members_chart_compute(ref) gave it '
    'when members_chart_change was at change (derived data, written by members_chart() only).';

-- The dashboard's statement (cgi/admin/sql.c's SQL_DASH_MEMBERS until 0055), unchanged: per profile, at p_ref,
-- members (a membership, paid or not, covering that day, account not closed), new (first
-- membership started in the 12 months before), leaving (last membership ended in those 12
-- months, or account closing/closed). Under the caller's row policies.
CREATE FUNCTION members_chart_compute(p_ref date)
RETURNS TABLE (o smallint, profile text, members bigint, fresh bigint, leaving bigint)
LANGUAGE sql STABLE AS $$
    WITH ref AS (SELECT p_ref AS d),
    pm AS (SELECT p.id, p.profile, p.status,
                  bool_or(m.starts_on <= ref.d AND m.ends_on >= ref.d) AS covered,
                  min(m.starts_on) AS first_start, max(m.ends_on) AS last_end
           FROM person p CROSS JOIN ref JOIN membership m ON m.person_id = p.id AND m.status <> 'cancelled'
           WHERE p.role = 'member' GROUP BY p.id, p.profile, p.status)
    SELECT pr.o::smallint, pr.profile,
           count(pm.id) FILTER (WHERE pm.covered AND pm.status IN ('active', 'pending')),
           count(pm.id) FILTER (WHERE pm.first_start > ref.d - 365 AND pm.first_start <= ref.d),
           count(pm.id) FILTER (WHERE pm.status IN ('closing', 'closed')
                                OR (NOT pm.covered AND pm.last_end > ref.d - 365 AND pm.last_end < ref.d))
    FROM (VALUES ('independant', 1), ('salarie', 2), ('organisation', 3), ('autre', 4)) pr (profile, o)
    CROSS JOIN ref LEFT JOIN pm ON pm.profile = pr.profile
    GROUP BY pr.profile, pr.o ORDER BY pr.o
$$;

-- The chart of the month p_month (its first day): at its last day, or today for this month.
CREATE FUNCTION members_chart(p_month date)
RETURNS TABLE (profile text, members bigint, fresh bigint, leaving bigint)
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_orgs smallint[] := fontaine_org_ids();
    v_ref date := least(paris_today(), (p_month + interval '1 month' - interval '1 day')::date);
    v_change bigint;
BEGIN
    SELECT last_value INTO v_change FROM members_chart_change;
    RETURN QUERY SELECT m.profile, m.members, m.fresh, m.leaving FROM members_chart_memo m
        WHERE m.orgs = v_orgs AND m.ref = v_ref AND m.change = v_change ORDER BY m.o;
    IF FOUND THEN
        RETURN;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed'
       OR NOT pg_try_advisory_xact_lock(hashtext('fontaine.members_chart')) THEN
        RETURN QUERY SELECT c.profile, c.members, c.fresh, c.leaving FROM members_chart_compute(v_ref) c ORDER BY c.o;
        RETURN;
    END IF;
    -- No writer in progress: the number read now is that of the last committed change.
    SELECT last_value INTO v_change FROM members_chart_change;
    DELETE FROM members_chart_memo m WHERE m.change <> v_change;
    RETURN QUERY
    WITH c AS MATERIALIZED (SELECT * FROM members_chart_compute(v_ref)),
    kept AS (INSERT INTO members_chart_memo (orgs, ref, o, profile, members, fresh, leaving, change)
             SELECT v_orgs, v_ref, c.o, c.profile, c.members, c.fresh, c.leaving, v_change FROM c
             ON CONFLICT (orgs, ref, o) DO UPDATE SET profile = EXCLUDED.profile, members = EXCLUDED.members,
                 fresh = EXCLUDED.fresh, leaving = EXCLUDED.leaving, change = EXCLUDED.change)
    SELECT c.profile, c.members, c.fresh, c.leaving FROM c ORDER BY c.o;
END;
$$;
COMMENT ON FUNCTION members_chart(date) IS
    'The dashboard''s members chart of month p_month (members_chart_compute at its last day, or '
    'today), from members_chart_memo while no change was drawn since it was made.';

-- Writers: the shared lock until commit, then a number drawn.
CREATE FUNCTION members_chart_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtext('fontaine.members_chart'));
    PERFORM nextval('members_chart_change');
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION members_chart_changed() FROM PUBLIC;

CREATE TRIGGER membership_members_chart AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH STATEMENT EXECUTE FUNCTION members_chart_changed();
CREATE TRIGGER membership_members_chart_truncate AFTER TRUNCATE ON membership
    FOR EACH STATEMENT EXECUTE FUNCTION members_chart_changed();
CREATE TRIGGER person_members_chart AFTER INSERT OR DELETE OR UPDATE OF role, profile, status ON person
    FOR EACH STATEMENT EXECUTE FUNCTION members_chart_changed();
CREATE TRIGGER person_members_chart_truncate AFTER TRUNCATE ON person
    FOR EACH STATEMENT EXECUTE FUNCTION members_chart_changed();
ALTER TABLE membership ENABLE ALWAYS TRIGGER membership_members_chart;
ALTER TABLE membership ENABLE ALWAYS TRIGGER membership_members_chart_truncate;
ALTER TABLE person ENABLE ALWAYS TRIGGER person_members_chart;
ALTER TABLE person ENABLE ALWAYS TRIGGER person_members_chart_truncate;

REVOKE EXECUTE ON FUNCTION members_chart_compute(date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION members_chart(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION members_chart_compute(date) TO fontaine_admin;
GRANT EXECUTE ON FUNCTION members_chart(date) TO fontaine_admin;
GRANT SELECT ON members_chart_change TO fontaine_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON members_chart_memo TO fontaine_admin;
