-- 0062_session_touch_lookup: every page with a session (the portal, the back office, the
-- booking pages) begins with session_touch. Its one query joined session to person and the
-- planner, with the session's rows estimated from stale statistics, chose a merge join that
-- walked person's primary key from the start up to the session's person (0.9 ms with 2,500
-- people, more with 5,000: issue 16, /compte at 0.027x static). The session is now found by
-- its unique hash, then its person by primary key: two index probes whatever the statistics.
-- Same rules as 0016: members 14 days at most and 48 hours idle; staff and admins 12 hours at
-- most and 2 hours idle; seen at most once a minute.

CREATE OR REPLACE FUNCTION session_touch(p_token_hash bytea,
    OUT session_id bigint, OUT person_id bigint, OUT role text, OUT first_name text,
    OUT last_name text, OUT email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_session session%ROWTYPE;
    v_person  record;
    v_alive   boolean;
BEGIN
    SELECT * INTO v_session FROM session s
    WHERE s.token_hash = p_token_hash AND s.expires_at > now();
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT p.id, p.role, p.first_name, p.last_name, p.email INTO v_person FROM person p
    WHERE p.id = v_session.person_id AND p.status IN ('active', 'closing');
    IF NOT FOUND THEN
        RETURN;
    END IF;
    v_alive := CASE WHEN v_person.role IN ('staff', 'admin')
                    THEN v_session.last_seen_at > now() - interval '2 hours'
                         AND v_session.created_at > now() - interval '12 hours'
               ELSE v_session.last_seen_at > now() - interval '48 hours' END;
    IF v_alive THEN
        session_id := v_session.id;
        person_id := v_person.id;
        role := v_person.role;
        first_name := v_person.first_name;
        last_name := v_person.last_name;
        email := v_person.email;
        IF v_session.last_seen_at < now() - interval '1 minute' THEN
            UPDATE session SET last_seen_at = now()
            WHERE id = v_session.id AND last_seen_at < now() - interval '1 minute';
        END IF;
    END IF;
END;
$$;
