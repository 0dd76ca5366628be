-- Account security (issue 12): login throttling per (account, address) pair with growing
-- delays and a mailed unlock link, attempts recorded before the password is checked; reset
-- links that end each other; e-mail changes confirmed from the new address with the old one
-- told; notices of password changes; signups and event registrations that do not tell
-- whether an address is known; shorter staff sessions; TOTP second factor for the staff.

------------------------------------------------------------------------------
-- Login attempts: written (as "being checked", success NULL) before the password is verified.
------------------------------------------------------------------------------

ALTER TABLE login_attempt ALTER COLUMN success DROP NOT NULL;
ALTER TABLE login_attempt ADD COLUMN forgiven boolean NOT NULL DEFAULT false;
CREATE INDEX login_attempt_pair ON login_attempt (email_lower, remote_addr, at);
COMMENT ON TABLE login_attempt IS
    'Login attempts, for throttling across workers. A row is written before the password is '
    'checked (success NULL until then, counted as a failure). After 5 failures of one '
    '(account, address) pair, each try waits 1 minute, doubled per failure (1 hour at most); a '
    'success from the pair or the mailed unlock link (forgiven) clears it. Other addresses are '
    'never held back.';

-- The wait after n failures of a pair (n >= 5): 1 minute, doubling, 1 hour at most.
CREATE FUNCTION login_delay(n int) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT least(interval '1 minute' * power(2, least(n - 5, 10)), interval '1 hour');
$$;

-- Failures of a pair that count now: not forgiven, within 24 hours, since its last success.
CREATE FUNCTION login_pair_failures(p_email_lower text, p_addr inet,
    OUT failures int, OUT last_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT count(*)::int, max(a.at) FROM login_attempt a
    WHERE a.email_lower = p_email_lower AND a.remote_addr IS NOT DISTINCT FROM p_addr
      AND a.success IS NOT TRUE AND NOT a.forgiven AND a.at > now() - interval '24 hours'
      AND a.at > coalesce((SELECT max(s.at) FROM login_attempt s
                           WHERE s.email_lower = p_email_lower
                             AND s.remote_addr IS NOT DISTINCT FROM p_addr AND s.success),
                          '-infinity');
$$;

-- Starts a login: when the pair may try now, records the attempt (before any password is
-- checked, under a lock of the pair, so that parallel tries are counted one by one) and
-- returns it with the account; otherwise returns only wait_seconds > 0.
CREATE FUNCTION login_begin(p_email text, p_addr inet,
    OUT attempt_id bigint, OUT person_id bigint, OUT password_hash text, OUT status text,
    OUT totp boolean, OUT wait_seconds int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email text := lower(left(p_email, 254));
    v_failures int;
    v_last timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(v_email || ' ' || coalesce(host(p_addr), ''), 12));
    SELECT f.failures, f.last_at INTO v_failures, v_last FROM login_pair_failures(v_email, p_addr) f;
    wait_seconds := 0;
    IF v_failures >= 5 THEN
        wait_seconds := greatest(0, ceil(extract(epoch FROM v_last + login_delay(v_failures) - now())))::int;
        IF wait_seconds > 0 THEN
            RETURN;
        END IF;
    END IF;
    INSERT INTO login_attempt (email_lower, remote_addr, success) VALUES (v_email, p_addr, NULL)
    RETURNING id INTO attempt_id;
    SELECT p.id, p.password_hash, p.status, p.totp_enabled_at IS NOT NULL
      INTO person_id, password_hash, status, totp
    FROM person p WHERE lower(p.email) = v_email;
END;
$$;

-- Ends a login attempt with its result.
CREATE FUNCTION login_finish(p_attempt bigint, p_success boolean) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE login_attempt SET success = p_success WHERE id = p_attempt AND success IS NULL;
$$;

------------------------------------------------------------------------------
-- Tokens: two more purposes (unlock link, second-factor step of a login).
------------------------------------------------------------------------------

ALTER TABLE auth_token DROP CONSTRAINT auth_token_purpose_check;
ALTER TABLE auth_token ADD CONSTRAINT auth_token_purpose_check
    CHECK (purpose IN ('verify', 'reset', 'email', 'unlock', 'mfa'));
-- mfa: wrong codes tried with this token (5 end it); passed_at: the code was right, and a
-- session may be opened once within a minute.
ALTER TABLE auth_token ADD COLUMN tries int NOT NULL DEFAULT 0;
ALTER TABLE auth_token ADD COLUMN passed_at timestamptz;
CREATE INDEX auth_token_person ON auth_token (person_id, purpose) WHERE used_at IS NULL;
COMMENT ON TABLE auth_token IS
    'Single-use tokens sent by email (verification 48 h, password reset 1 h, email change 48 h, '
    'login unlock 1 h) or carried by the second-factor step of a login (5 minutes); only a hash '
    'of the token is stored.';

-- Ends the open tokens of a person (of the purposes given).
CREATE FUNCTION person_tokens_end(p_person bigint, p_purposes text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE auth_token SET used_at = now()
    WHERE person_id = p_person AND used_at IS NULL AND purpose = ANY (p_purposes);
$$;

-- The address of the person of a live token, or NULL (for the password rules of the
-- reset and confirmation pages).
CREATE FUNCTION token_email(p_token_hash bytea, p_purpose text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.email FROM auth_token t JOIN person p ON p.id = t.person_id
    WHERE t.token_hash = p_token_hash AND t.purpose = p_purpose AND t.used_at IS NULL
      AND t.expires_at > now();
$$;

-- Queues an unlock link for an account that some pair holds back (at most one mail every
-- 10 minutes); does nothing otherwise, and answers the same.
CREATE FUNCTION login_unlock_request(p_email text, p_token_hash bytea, p_subject text,
                                     p_text text, p_html text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person person%ROWTYPE;
BEGIN
    SELECT * INTO v_person FROM person
    WHERE lower(email) = lower(p_email) AND status IN ('active', 'closing');
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM login_attempt a WHERE a.email_lower = lower(v_person.email)
                   AND a.success IS NOT TRUE AND NOT a.forgiven AND a.at > now() - interval '24 hours')
       OR EXISTS (SELECT 1 FROM auth_token WHERE person_id = v_person.id AND purpose = 'unlock'
                  AND created_at > now() - interval '10 minutes') THEN
        RETURN;
    END IF;
    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
    VALUES (v_person.id, 'unlock', p_token_hash, now() + interval '1 hour');
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (v_person.email, p_subject, p_text, p_html);
END;
$$;

-- Consumes an unlock link: every failure of the account is forgiven. Returns the person or NULL.
CREATE FUNCTION login_unlock(p_token_hash bytea) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    UPDATE auth_token SET used_at = now()
    WHERE token_hash = p_token_hash AND purpose = 'unlock' AND used_at IS NULL AND expires_at > now()
    RETURNING person_id INTO v_person;
    IF v_person IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE login_attempt SET forgiven = true
    WHERE email_lower = (SELECT lower(email) FROM person WHERE id = v_person)
      AND success IS NOT TRUE AND NOT forgiven;
    PERFORM person_tokens_end(v_person, ARRAY['unlock']);
    RETURN v_person;
END;
$$;

------------------------------------------------------------------------------
-- Passwords: a reset ends every reset link and session and tells the person; so does a change.
------------------------------------------------------------------------------

DROP FUNCTION password_reset(bytea, text);
CREATE FUNCTION password_reset(p_token_hash bytea, p_password_hash text, p_subject text,
                               p_text text, p_html text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id bigint;
    v_person person%ROWTYPE;
BEGIN
    UPDATE auth_token SET used_at = now()
    WHERE token_hash = p_token_hash AND purpose = 'reset' AND used_at IS NULL AND expires_at > now()
    RETURNING person_id INTO v_id;
    IF v_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_person FROM person WHERE id = v_id;
    UPDATE person SET password_hash = p_password_hash WHERE id = v_person.id;
    PERFORM person_tokens_end(v_person.id, ARRAY['reset', 'unlock', 'mfa']);
    DELETE FROM session WHERE person_id = v_person.id;
    -- The mailbox was proven: the throttle of the account is lifted.
    UPDATE login_attempt SET forgiven = true
    WHERE email_lower = lower(v_person.email) AND success IS NOT TRUE AND NOT forgiven;
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (v_person.email, p_subject, p_text, p_html);
    RETURN v_person.id;
END;
$$;

-- A member changes the password (the current one was checked by the program): every other
-- session and open link ends, and the person is told.
CREATE FUNCTION password_change(p_person bigint, p_password_hash text, p_keep_session bytea,
                                p_subject text, p_text text, p_html text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email text;
BEGIN
    UPDATE person SET password_hash = p_password_hash WHERE id = p_person AND status IN ('active', 'closing')
    RETURNING email INTO v_email;
    IF v_email IS NULL THEN
        RAISE EXCEPTION 'no such account' USING ERRCODE = 'P0002';
    END IF;
    PERFORM person_tokens_end(p_person, ARRAY['reset', 'unlock', 'mfa']);
    DELETE FROM session WHERE person_id = p_person AND token_hash IS DISTINCT FROM p_keep_session;
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (v_email, p_subject, p_text, p_html);
END;
$$;

------------------------------------------------------------------------------
-- E-mail change: a link to the new address, the old one told; on confirmation the other
-- sessions and every open link end. Used by the member portal and by the back office.
------------------------------------------------------------------------------

DROP FUNCTION email_change_request(bigint, text, bytea, text, text, text);
-- Returns the person's current address (unchanged: it changes only when confirmed); does
-- nothing else when p_new_email is the current one. Raises 23505 when another account has it.
CREATE FUNCTION email_change_request(p_person bigint, p_new_email text, p_token_hash bytea,
    p_subject text, p_text text, p_html text, p_old_subject text, p_old_text text,
    p_old_html text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_current text;
BEGIN
    SELECT email INTO v_current FROM person WHERE id = p_person;
    IF v_current IS NULL OR lower(v_current) = lower(p_new_email) THEN
        RETURN v_current;
    END IF;
    IF EXISTS (SELECT 1 FROM person WHERE lower(email) = lower(p_new_email) AND id <> p_person) THEN
        RAISE EXCEPTION 'email taken' USING ERRCODE = '23505';
    END IF;
    -- One change under way at a time: an earlier link stops working.
    PERFORM person_tokens_end(p_person, ARRAY['email']);
    INSERT INTO auth_token (person_id, purpose, token_hash, new_email, expires_at)
    VALUES (p_person, 'email', p_token_hash, p_new_email, now() + interval '48 hours');
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (p_new_email, p_subject, p_text, p_html);
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (v_current, p_old_subject, p_old_text, p_old_html);
    RETURN v_current;
END;
$$;

DROP FUNCTION email_change_confirm(bytea);
-- Confirms an email change; keeps only the session p_keep_session (the browser confirming,
-- when it is the person's). Returns the person, or NULL for a bad token; 23505 if taken since.
CREATE FUNCTION email_change_confirm(p_token_hash bytea, p_keep_session bytea) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_token auth_token%ROWTYPE;
BEGIN
    UPDATE auth_token SET used_at = now()
    WHERE token_hash = p_token_hash AND purpose = 'email' AND used_at IS NULL AND expires_at > now()
    RETURNING * INTO v_token;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    UPDATE person SET email = v_token.new_email, email_verified_at = now() WHERE id = v_token.person_id;
    PERFORM person_tokens_end(v_token.person_id, ARRAY['verify', 'reset', 'email', 'unlock', 'mfa']);
    DELETE FROM session WHERE person_id = v_token.person_id
        AND token_hash IS DISTINCT FROM p_keep_session;
    RETURN v_token.person_id;
END;
$$;

------------------------------------------------------------------------------
-- Signup and event registration: a known address gets a mail, the answer stays the same.
------------------------------------------------------------------------------

-- True when a mail with this subject went to the address in the last 10 minutes (so that a
-- repeated form does not flood a mailbox).
CREATE FUNCTION mailed_recently(p_to text, p_subject text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM outbox WHERE lower(to_addr) = lower(p_to) AND subject = p_subject
                   AND created_at > now() - interval '10 minutes');
$$;

-- signup_create, except that an address that has an account is not an error: a pending
-- account gets a new confirmation link (the same mail), any other one the p_known_* mail
-- (how to log in or reset the password).
CREATE FUNCTION signup_submit(
    p_email text, p_first text, p_last text, p_phone text, p_profile text, p_activity text,
    p_siret text, p_company text, p_siren text, p_street text, p_postcode text, p_city text,
    p_newsletter boolean, p_formula text, p_token_hash bytea,
    p_mail_subject text, p_mail_text text, p_mail_html text,
    p_staff_subject text, p_staff_text text,
    p_known_subject text, p_known_text text, p_known_html text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person person%ROWTYPE;
BEGIN
    BEGIN
        PERFORM signup_create(p_email, p_first, p_last, p_phone, p_profile, p_activity, p_siret,
            p_company, p_siren, p_street, p_postcode, p_city, p_newsletter, p_formula,
            p_token_hash, p_mail_subject, p_mail_text, p_mail_html, p_staff_subject, p_staff_text);
        RETURN;
    EXCEPTION WHEN unique_violation THEN
        NULL;
    END;
    SELECT * INTO v_person FROM person WHERE lower(email) = lower(p_email);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'signup conflict' USING ERRCODE = '23505';
    END IF;
    IF v_person.status = 'pending' THEN
        IF NOT mailed_recently(v_person.email, p_mail_subject) THEN
            INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
            VALUES (v_person.id, 'verify', p_token_hash, now() + interval '48 hours');
            INSERT INTO outbox (to_addr, subject, body_text, body_html)
            VALUES (v_person.email, p_mail_subject, p_mail_text, p_mail_html);
        END IF;
    ELSIF NOT mailed_recently(v_person.email, p_known_subject) THEN
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (v_person.email, p_known_subject, p_known_text, p_known_html);
    END IF;
END;
$$;

-- event_register, except that an address already registered is not an error: it gets the
-- p_known_* mail with a new cancellation link (p_token_hash replaces the old one), and the
-- answer is the one a new registration gets ('confirmed' or 'waiting').
CREATE FUNCTION event_register_or_remind(p_event bigint, p_person bigint, p_name text,
    p_email text, p_token_hash bytea, p_subject_confirmed text, p_text_confirmed text,
    p_html_confirmed text, p_subject_waiting text, p_text_waiting text, p_html_waiting text,
    p_ics bytea, p_known_subject text, p_known_text text, p_known_html text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_event event%ROWTYPE;
    v_taken int;
    v_email text;
BEGIN
    BEGIN
        RETURN event_register(p_event, p_person, p_name, p_email, p_token_hash,
            p_subject_confirmed, p_text_confirmed, p_html_confirmed, p_subject_waiting,
            p_text_waiting, p_html_waiting, p_ics);
    EXCEPTION WHEN unique_violation THEN
        NULL;
    END;
    SELECT * INTO v_event FROM event WHERE id = p_event;
    SELECT count(*) INTO v_taken FROM registration WHERE event_id = p_event AND status = 'confirmed';
    SELECT email INTO v_email FROM registration
    WHERE event_id = p_event AND lower(email) = lower(p_email) AND status <> 'cancelled';
    IF v_email IS NULL THEN
        RAISE EXCEPTION 'registration conflict' USING ERRCODE = '23505';
    END IF;
    IF NOT mailed_recently(v_email, p_known_subject) THEN
        UPDATE registration SET cancel_token_hash = p_token_hash
        WHERE event_id = p_event AND lower(email) = lower(p_email) AND status <> 'cancelled';
        INSERT INTO outbox (to_addr, subject, body_text, body_html)
        VALUES (v_email, p_known_subject, p_known_text, p_known_html);
    END IF;
    RETURN CASE WHEN v_event.capacity IS NULL OR v_taken < v_event.capacity
                THEN 'confirmed' ELSE 'waiting' END;
END;
$$;

------------------------------------------------------------------------------
-- Sessions: staff and admin sessions end after 2 hours idle and 12 hours in all; an account
-- with a second factor gets a session only right after its code was checked.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION session_open(p_person bigint, p_token_hash bytea, p_user_agent text, p_addr inet)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person person%ROWTYPE;
    v_id bigint;
BEGIN
    SELECT * INTO v_person FROM person WHERE id = p_person AND status IN ('active', 'closing');
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_person.totp_enabled_at IS NOT NULL THEN
        UPDATE auth_token SET passed_at = NULL
        WHERE id = (SELECT id FROM auth_token WHERE person_id = p_person AND purpose = 'mfa'
                    AND passed_at > now() - interval '1 minute' ORDER BY passed_at DESC LIMIT 1)
        RETURNING id INTO v_id;
        IF v_id IS NULL THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO session (person_id, token_hash, user_agent, remote_addr, expires_at)
    VALUES (p_person, p_token_hash, left(p_user_agent, 300), p_addr,
            now() + CASE WHEN v_person.role IN ('staff', 'admin') THEN interval '12 hours'
                         ELSE interval '14 days' END)
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

CREATE OR REPLACE FUNCTION session_touch(p_token_hash bytea,
    OUT session_id bigint, OUT person_id bigint, OUT role text, OUT first_name text,
    OUT last_name text, OUT email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT s.id, p.id, p.role, p.first_name, p.last_name, p.email
      INTO session_id, person_id, role, first_name, last_name, email
    FROM session s JOIN person p ON p.id = s.person_id
    WHERE s.token_hash = p_token_hash AND s.expires_at > now() AND p.status IN ('active', 'closing')
      AND CASE WHEN p.role IN ('staff', 'admin')
               THEN s.last_seen_at > now() - interval '2 hours'
                    AND s.created_at > now() - interval '12 hours'
               ELSE s.last_seen_at > now() - interval '48 hours' END;
    IF session_id IS NOT NULL THEN
        UPDATE session SET last_seen_at = now()
        WHERE id = session_id AND last_seen_at < now() - interval '1 minute';
    END IF;
END;
$$;
COMMENT ON TABLE session IS
    'Login sessions: a hash of the 256-bit cookie token. Members: 14 days at most, 48 hours '
    'idle; staff and admins: 12 hours at most, 2 hours idle.';

------------------------------------------------------------------------------
-- TOTP (RFC 6238) second factor for staff and admin accounts, with recovery codes.
------------------------------------------------------------------------------

ALTER TABLE person ADD COLUMN totp_secret bytea CHECK (length(totp_secret) = 20);
ALTER TABLE person ADD COLUMN totp_pending_secret bytea CHECK (length(totp_pending_secret) = 20);
ALTER TABLE person ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE person ADD COLUMN totp_last_step bigint;
ALTER TABLE person ADD CONSTRAINT person_totp_has_secret
    CHECK ((totp_enabled_at IS NULL) = (totp_secret IS NULL));
COMMENT ON COLUMN person.totp_secret IS
    'TOTP key (RFC 6238, HMAC-SHA1, 30 s, 6 digits) once confirmed by a first code; '
    'totp_last_step is the last time step accepted (a code serves once).';

CREATE TABLE totp_recovery (
    id         bigserial PRIMARY KEY,
    person_id  bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    code_hash  bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz
);
CREATE INDEX totp_recovery_person ON totp_recovery (person_id);
COMMENT ON TABLE totp_recovery IS
    'Single-use recovery codes of a second factor (a hash of each), shown once at enrolment.';

-- Gives the person a pending key (kept while unconfirmed) for staff and admins; returns it.
CREATE FUNCTION totp_setup(p_person bigint, p_secret bytea) RETURNS bytea
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE person SET totp_pending_secret = coalesce(totp_pending_secret, p_secret)
    WHERE id = p_person AND role IN ('staff', 'admin') AND totp_enabled_at IS NULL
    RETURNING totp_pending_secret;
$$;

-- The second factor of a person: enabled?, pending key, admin role (cannot turn it off),
-- recovery codes left, key in use.
CREATE FUNCTION totp_state(p_person bigint,
    OUT enabled boolean, OUT pending_secret bytea, OUT is_admin boolean, OUT codes_left int,
    OUT secret bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.totp_enabled_at IS NOT NULL, p.totp_pending_secret, p.role = 'admin',
           (SELECT count(*)::int FROM totp_recovery r WHERE r.person_id = p.id AND r.used_at IS NULL),
           p.totp_secret
    FROM person p WHERE p.id = p_person;
$$;

-- Confirms the pending key with the time step of a first right code, and stores the
-- recovery codes' hashes. Returns true when enabled now.
CREATE FUNCTION totp_enable(p_person bigint, p_step bigint, p_codes bytea[]) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE person SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                      totp_enabled_at = now(), totp_last_step = p_step
    WHERE id = p_person AND totp_pending_secret IS NOT NULL AND totp_enabled_at IS NULL
      AND role IN ('staff', 'admin');
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM totp_recovery WHERE person_id = p_person;
    INSERT INTO totp_recovery (person_id, code_hash) SELECT p_person, c FROM unnest(p_codes) c;
    RETURN true;
END;
$$;

-- Turns the second factor off (staff only: an administrator's stays once enabled).
CREATE FUNCTION totp_disable(p_person bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE person SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
                      totp_pending_secret = NULL
    WHERE id = p_person AND role <> 'admin' AND totp_enabled_at IS NOT NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM totp_recovery WHERE person_id = p_person;
    RETURN true;
END;
$$;

-- Records that a login passed its password and waits for the code (5 minutes).
CREATE FUNCTION mfa_start(p_person bigint, p_token_hash bytea) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
    VALUES (p_person, 'mfa', p_token_hash, now() + interval '5 minutes');
$$;

-- The person and key of a live second-factor step, or no row.
CREATE FUNCTION mfa_lookup(p_token_hash bytea, OUT person_id bigint, OUT secret bytea)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.id, p.totp_secret FROM auth_token t JOIN person p ON p.id = t.person_id
    WHERE t.token_hash = p_token_hash AND t.purpose = 'mfa' AND t.used_at IS NULL
      AND t.expires_at > now() AND t.tries < 5 AND p.totp_secret IS NOT NULL;
$$;

-- The code of time step p_step was right: the step must be later than the last one used
-- (a code serves once). Returns the person, or NULL.
CREATE FUNCTION mfa_pass(p_token_hash bytea, p_step bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    SELECT t.person_id INTO v_person FROM auth_token t
    WHERE t.token_hash = p_token_hash AND t.purpose = 'mfa' AND t.used_at IS NULL
      AND t.expires_at > now() AND t.tries < 5 FOR UPDATE;
    IF v_person IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE person SET totp_last_step = p_step
    WHERE id = v_person AND (totp_last_step IS NULL OR totp_last_step < p_step);
    IF NOT FOUND THEN
        UPDATE auth_token SET tries = tries + 1 WHERE token_hash = p_token_hash;
        RETURN NULL;
    END IF;
    UPDATE auth_token SET used_at = now(), passed_at = now() WHERE token_hash = p_token_hash;
    RETURN v_person;
END;
$$;

-- A recovery code instead of the TOTP code: consumed once. Returns the person, or NULL.
CREATE FUNCTION mfa_recover(p_token_hash bytea, p_code_hash bytea) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    SELECT t.person_id INTO v_person FROM auth_token t
    WHERE t.token_hash = p_token_hash AND t.purpose = 'mfa' AND t.used_at IS NULL
      AND t.expires_at > now() AND t.tries < 5 FOR UPDATE;
    IF v_person IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE totp_recovery SET used_at = now()
    WHERE person_id = v_person AND code_hash = p_code_hash AND used_at IS NULL;
    IF NOT FOUND THEN
        UPDATE auth_token SET tries = tries + 1 WHERE token_hash = p_token_hash;
        RETURN NULL;
    END IF;
    UPDATE auth_token SET used_at = now(), passed_at = now() WHERE token_hash = p_token_hash;
    RETURN v_person;
END;
$$;

-- A wrong code: counted on the step (5 end it).
CREATE FUNCTION mfa_fail(p_token_hash bytea) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE auth_token SET tries = tries + 1
    WHERE token_hash = p_token_hash AND purpose = 'mfa' AND used_at IS NULL;
$$;

------------------------------------------------------------------------------
-- Rights.
------------------------------------------------------------------------------

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'login_pair_failures(text,inet)', 'login_begin(text,inet)', 'login_finish(bigint,boolean)',
        'person_tokens_end(bigint,text[])', 'token_email(bytea,text)',
        'login_unlock_request(text,bytea,text,text,text)', 'login_unlock(bytea)',
        'password_reset(bytea,text,text,text,text)',
        'password_change(bigint,text,bytea,text,text,text)',
        'email_change_request(bigint,text,bytea,text,text,text,text,text,text)',
        'email_change_confirm(bytea,bytea)', 'mailed_recently(text,text)',
        'signup_submit(text,text,text,text,text,text,text,text,text,text,text,text,boolean,text,bytea,text,text,text,text,text,text,text,text)',
        'event_register_or_remind(bigint,bigint,text,text,bytea,text,text,text,text,text,text,bytea,text,text,text)',
        'totp_setup(bigint,bytea)', 'totp_state(bigint)', 'totp_enable(bigint,bigint,bytea[])',
        'totp_disable(bigint)', 'mfa_start(bigint,bytea)', 'mfa_lookup(bytea)',
        'mfa_pass(bytea,bigint)', 'mfa_recover(bytea,bytea)', 'mfa_fail(bytea)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY[
        'login_begin(text,inet)', 'login_finish(bigint,boolean)', 'token_email(bytea,text)',
        'login_unlock_request(text,bytea,text,text,text)', 'login_unlock(bytea)',
        'password_reset(bytea,text,text,text,text)',
        'password_change(bigint,text,bytea,text,text,text)',
        'email_change_request(bigint,text,bytea,text,text,text,text,text,text)',
        'email_change_confirm(bytea,bytea)',
        'signup_submit(text,text,text,text,text,text,text,text,text,text,text,text,boolean,text,bytea,text,text,text,text,text,text,text,text)',
        'totp_setup(bigint,bytea)', 'totp_state(bigint)', 'totp_enable(bigint,bigint,bytea[])',
        'totp_disable(bigint)', 'mfa_start(bigint,bytea)', 'mfa_lookup(bytea)',
        'mfa_pass(bytea,bigint)', 'mfa_recover(bytea,bytea)', 'mfa_fail(bytea)']
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_signup', f);
    END LOOP;
END;
$$;
-- The back office changes an address through the same confirmation link.
GRANT EXECUTE ON FUNCTION email_change_request(bigint,text,bytea,text,text,text,text,text,text)
    TO fontaine_admin;
GRANT EXECUTE ON FUNCTION event_register_or_remind(bigint,bigint,text,text,bytea,text,text,text,text,text,text,bytea,text,text,text)
    TO fontaine_events;
-- The old entry points of login and signup are no longer used by any program.
REVOKE EXECUTE ON FUNCTION login_lookup(text, inet), login_record(text, inet, boolean) FROM fontaine_signup;
GRANT ALL ON totp_recovery TO fontaine_admin;
GRANT ALL ON SEQUENCE totp_recovery_id_seq TO fontaine_admin;
