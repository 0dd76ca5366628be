-- Back-office guards found by the security review (issue 12).
--
-- 1. Staff and admin accounts are an administrator's to change. A staff member (not an admin)
--    could edit an administrator's e-mail address in the back office, then reset the password
--    to that address and hold an admin session. The admin program refuses it; this trigger
--    refuses it too, for any statement that names its acting staff member (fontaine.actor,
--    see 0005_admin.sql): when the actor is not an administrator, it may not change a staff
--    or admin account (other than its own, without a role change), may not delete one, and
--    may not change anyone's role. Writes without an actor (the signup program on the
--    person's own account, migrations, psql) are not the back office and are left alone.
--    SQLSTATE FTA02.
--
-- 2. Multi-line text of the back office is stored with LF line ends only: browsers send CR LF
--    from a textarea, and an edit that changes nothing must store the same bytes (the program
--    turns CR LF into LF; rows saved before are converted here, then a check keeps it so).

CREATE FUNCTION person_guard_staff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor bigint := audit_actor();
BEGIN
    IF v_actor IS NULL OR EXISTS (SELECT 1 FROM person WHERE id = v_actor AND role = 'admin') THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- accounts never verified go with the retention clean-up, whatever their role
        IF OLD.role <> 'member' AND OLD.email_verified_at IS NOT NULL THEN
            RAISE EXCEPTION 'only an administrator may delete a staff or admin account'
                USING ERRCODE = 'FTA02';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.role IS DISTINCT FROM OLD.role THEN
        RAISE EXCEPTION 'only an administrator may change a role' USING ERRCODE = 'FTA02';
    END IF;
    IF OLD.role <> 'member' AND OLD.id <> v_actor AND to_jsonb(NEW) <> to_jsonb(OLD) THEN
        RAISE EXCEPTION 'only an administrator may change a staff or admin account'
            USING ERRCODE = 'FTA02';
    END IF;
    RETURN NEW;
END;
$$;
REVOKE EXECUTE ON FUNCTION person_guard_staff() FROM PUBLIC;
CREATE TRIGGER person_guard_staff BEFORE UPDATE OR DELETE ON person
    FOR EACH ROW EXECUTE FUNCTION person_guard_staff();

UPDATE site_page SET body_md = replace(replace(body_md, E'\r\n', E'\n'), E'\r', E'\n')
    WHERE strpos(body_md, E'\r') > 0;
ALTER TABLE site_page ADD CONSTRAINT site_page_body_lf CHECK (strpos(body_md, E'\r') = 0);

UPDATE event SET body_md = replace(replace(body_md, E'\r\n', E'\n'), E'\r', E'\n')
    WHERE strpos(body_md, E'\r') > 0;
ALTER TABLE event ADD CONSTRAINT event_body_lf CHECK (strpos(body_md, E'\r') = 0);

UPDATE funding SET note = replace(replace(note, E'\r\n', E'\n'), E'\r', E'\n')
    WHERE strpos(note, E'\r') > 0;
ALTER TABLE funding ADD CONSTRAINT funding_note_lf CHECK (strpos(note, E'\r') = 0);

-- 3. Opening hours saved unchanged are left alone: opening_hours_replace (0010) deleted and
--    re-inserted every period, logging a removal and an addition per period for a save that
--    changed nothing. Same function, returning early when the periods are the same.
CREATE OR REPLACE FUNCTION opening_hours_replace(p_actor text, p_days int[], p_opens time[], p_closes time[])
RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    n int;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor, true);
    IF NOT EXISTS (
        (SELECT weekday::int, opens, closes FROM opening_hours
         EXCEPT ALL SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c))
        UNION ALL
        (SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c)
         EXCEPT ALL SELECT weekday::int, opens, closes FROM opening_hours)) THEN
        RETURN coalesce(cardinality(p_days), 0);
    END IF;
    DELETE FROM opening_hours;
    INSERT INTO opening_hours (weekday, opens, closes)
    SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

-- 4. updated_at means the last change: an UPDATE that changes nothing else keeps it (0001's
--    set_updated_at stamped every UPDATE, so a page opened and saved unchanged got a new
--    sitemap lastmod and an audit row whose only difference was updated_at). Used by
--    organisation, site_page, person and funding.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF to_jsonb(NEW) - 'updated_at' IS DISTINCT FROM to_jsonb(OLD) - 'updated_at' THEN
        NEW.updated_at := now();
    ELSE
        NEW.updated_at := OLD.updated_at;
    END IF;
    RETURN NEW;
END;
$$;
