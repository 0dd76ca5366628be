-- Accounts: people, their membership of the association, their formula, one-time tokens,
-- sessions and login throttling. Programs write only through the functions below (or the
-- columns granted), so the rules hold whatever the code does.

CREATE FUNCTION luhn_ok(digits text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT digits ~ '^[0-9]+$' AND (
        SELECT sum(CASE WHEN i % 2 = 0 THEN (CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END)
                        ELSE d END) % 10 = 0
        FROM (SELECT length(digits) - pos AS i, substr(digits, pos + 1, 1)::int AS d
              FROM generate_series(0, length(digits) - 1) AS pos) AS t
    );
$$;
COMMENT ON FUNCTION luhn_ok(text) IS 'True when the digits pass the Luhn check (SIREN, SIRET).';

CREATE TABLE person (
    id                bigserial PRIMARY KEY,
    email             text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^\s@]+@[^\s@]+$'),
    first_name        text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 80),
    last_name         text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 80),
    phone             text CHECK (length(phone) <= 30),
    profile           text NOT NULL CHECK (profile IN ('independant', 'salarie', 'organisation', 'autre')),
    activity          text CHECK (length(activity) <= 200),
    siret             text CHECK (siret ~ '^[0-9]{14}$' AND (luhn_ok(siret) OR siret LIKE '356000000%')),
    company_name      text CHECK (length(company_name) BETWEEN 1 AND 200),
    siren             text CHECK (siren ~ '^[0-9]{9}$' AND luhn_ok(siren)),
    billing_street    text CHECK (length(billing_street) BETWEEN 1 AND 200),
    billing_postcode  text CHECK (billing_postcode ~ '^[0-9]{5}$'),
    billing_city      text CHECK (length(billing_city) BETWEEN 1 AND 100),
    newsletter        boolean NOT NULL DEFAULT false,
    newsletter_at     timestamptz,
    role              text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'staff', 'admin')),
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'active', 'closing', 'closed')),
    password_hash     text CHECK (password_hash LIKE '$argon2id$%'),
    email_verified_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    close_requested_at timestamptz,
    -- An organisation is invoiced: its name, SIREN and billing address are required.
    CONSTRAINT person_organisation_details CHECK (
        profile <> 'organisation' OR (company_name IS NOT NULL AND siren IS NOT NULL
            AND billing_street IS NOT NULL AND billing_postcode IS NOT NULL AND billing_city IS NOT NULL)),
    CONSTRAINT person_active_has_password CHECK (status <> 'active' OR password_hash IS NOT NULL)
);
-- One account per address, whatever its case, even for two signups at the same instant.
CREATE UNIQUE INDEX person_email_unique ON person (lower(email));
CREATE TRIGGER person_updated_at BEFORE UPDATE ON person
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE person IS
    'Members and customers with an account: identity, profile, billing details, role, status.';

CREATE TABLE membership (
    id         bigserial PRIMARY KEY,
    person_id  bigint NOT NULL REFERENCES person (id),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL,
    fee_cents  int NOT NULL CHECK (fee_cents >= 0),
    status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled')),
    paid_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_on <= ends_on),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
    -- A person's memberships never overlap.
    EXCLUDE USING gist (person_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
        WHERE (status <> 'cancelled')
);
COMMENT ON TABLE membership IS
    'Yearly membership of the association (the fee of price membership_year); paid = voting member.';

CREATE TABLE person_formula (
    id             bigserial PRIMARY KEY,
    person_id      bigint NOT NULL REFERENCES person (id),
    price_code     text NOT NULL REFERENCES price (code),
    unit_cents     int NOT NULL CHECK (unit_cents >= 0),
    member_price   boolean NOT NULL,
    status         text NOT NULL DEFAULT 'requested'
                   CHECK (status IN ('requested', 'active', 'ended', 'cancelled')),
    starts_on      date,
    ends_on        date,
    halfdays_total int CHECK (halfdays_total > 0),
    halfdays_used  int NOT NULL DEFAULT 0 CHECK (halfdays_used >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (halfdays_total IS NULL OR halfdays_used <= halfdays_total),
    CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
);
CREATE INDEX person_formula_person ON person_formula (person_id);
COMMENT ON TABLE person_formula IS
    'The formula a member picked (unit half-day, carnet, month, office request) with its price '
    'at the time; a carnet counts its half-days (total and used).';

CREATE TABLE auth_token (
    id         bigserial PRIMARY KEY,
    person_id  bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify', 'reset', 'email')),
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    new_email  text CHECK (purpose <> 'email' OR new_email IS NOT NULL),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
COMMENT ON TABLE auth_token IS
    'Single-use tokens sent by email (verification 48 h, password reset 1 h, email change 48 h); '
    'only a hash of the token is stored.';

CREATE TABLE session (
    id           bigserial PRIMARY KEY,
    person_id    bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL DEFAULT now() + interval '14 days',
    user_agent   text CHECK (length(user_agent) <= 300),
    remote_addr  inet
);
CREATE INDEX session_person ON session (person_id);
COMMENT ON TABLE session IS
    'Login sessions: a hash of the 256-bit cookie token; 14 days at most, 48 hours idle.';

CREATE TABLE login_attempt (
    id          bigserial PRIMARY KEY,
    email_lower text NOT NULL,
    remote_addr inet,
    success     boolean NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_email ON login_attempt (email_lower, at);
CREATE INDEX login_attempt_addr ON login_attempt (remote_addr, at);
COMMENT ON TABLE login_attempt IS
    'Login attempts, for throttling across workers: 5 failures per account or 20 per address '
    'in 15 minutes lock further tries for the rest of the window.';

INSERT INTO app_setting (key, value) VALUES ('membership_price_code', 'membership_year')
    ON CONFLICT DO NOTHING;

------------------------------------------------------------------------------
-- Functions: the only way the signup program writes (SECURITY DEFINER).
------------------------------------------------------------------------------

-- Creates the pending person, membership and formula, the verification token and the two
-- emails (to the person, to the staff) in one statement. Raises 23505 when the email exists.
CREATE FUNCTION signup_create(
    p_email text, p_first text, p_last text, p_phone text, p_profile text, p_activity text,
    p_siret text, p_company text, p_siren text, p_street text, p_postcode text, p_city text,
    p_newsletter boolean, p_formula text, p_token_hash bytea,
    p_mail_subject text, p_mail_text text, p_mail_html text,
    p_staff_subject text, p_staff_text text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
    v_fee int;
    v_price price%ROWTYPE;
    v_staff text;
BEGIN
    INSERT INTO person (email, first_name, last_name, phone, profile, activity, siret,
                        company_name, siren, billing_street, billing_postcode, billing_city,
                        newsletter, newsletter_at)
    VALUES (p_email, p_first, p_last, p_phone, p_profile, p_activity, p_siret, p_company,
            p_siren, p_street, p_postcode, p_city, p_newsletter,
            CASE WHEN p_newsletter THEN now() END)
    RETURNING id INTO v_person;

    SELECT coalesce(member_cents, non_member_cents) INTO v_fee FROM price
        WHERE code = (SELECT value FROM app_setting WHERE key = 'membership_price_code');
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents)
    VALUES (v_person, current_date, (current_date + interval '1 year' - interval '1 day')::date,
            coalesce(v_fee, 0));

    SELECT * INTO v_price FROM price WHERE code = p_formula AND active
        AND category IN ('coworking', 'bureau');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown formula %', p_formula USING ERRCODE = '22023';
    END IF;
    INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, halfdays_total)
    VALUES (v_person, v_price.code, coalesce(v_price.member_cents, v_price.non_member_cents),
            v_price.member_cents IS NOT NULL,
            CASE WHEN v_price.code = 'carnet_10' THEN 10 END);

    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
    VALUES (v_person, 'verify', p_token_hash, now() + interval '48 hours');

    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (p_email, p_mail_subject, p_mail_text, p_mail_html);

    SELECT coalesce((SELECT value FROM app_setting WHERE key = 'staff_email'),
                    (SELECT email FROM organisation)) INTO v_staff;
    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (v_staff, p_email, p_staff_subject, p_staff_text);
    RETURN v_person;
END;
$$;

-- Consumes a verification token, sets the password and activates the account.
-- Returns the person, or NULL when the token is unknown, used or expired.
CREATE FUNCTION signup_activate(p_token_hash bytea, p_password_hash text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    UPDATE auth_token SET used_at = now()
    WHERE token_hash = p_token_hash AND purpose = 'verify' AND used_at IS NULL
      AND expires_at > now()
    RETURNING person_id INTO v_person;
    IF v_person IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE person SET password_hash = p_password_hash, status = 'active',
                      email_verified_at = coalesce(email_verified_at, now())
    WHERE id = v_person AND status IN ('pending', 'active');
    RETURN v_person;
END;
$$;

-- Tells whether a verification/reset token can still be used (for the GET of its page).
CREATE FUNCTION token_valid(p_token_hash bytea, p_purpose text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM auth_token WHERE token_hash = p_token_hash
                   AND purpose = p_purpose AND used_at IS NULL AND expires_at > now());
$$;

-- Returns the account for a login, and whether this account or address is throttled.
CREATE FUNCTION login_lookup(p_email text, p_addr inet,
    OUT person_id bigint, OUT password_hash text, OUT status text, OUT throttled boolean)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.id, p.password_hash, p.status,
           (SELECT count(*) FROM login_attempt a WHERE a.email_lower = lower(p_email)
              AND NOT a.success AND a.at > now() - interval '15 minutes') >= 5
        OR (SELECT count(*) FROM login_attempt a WHERE a.remote_addr = p_addr
              AND NOT a.success AND a.at > now() - interval '15 minutes') >= 20
    FROM (SELECT 1) AS one LEFT JOIN person p ON lower(p.email) = lower(p_email);
$$;

CREATE FUNCTION login_record(p_email text, p_addr inet, p_success boolean) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO login_attempt (email_lower, remote_addr, success)
    VALUES (lower(left(p_email, 254)), p_addr, p_success);
$$;

-- Opens a session for an active account. Returns its id, or NULL when the account is not active.
CREATE FUNCTION session_open(p_person bigint, p_token_hash bytea, p_user_agent text, p_addr inet)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO session (person_id, token_hash, user_agent, remote_addr)
    SELECT id, p_token_hash, left(p_user_agent, 300), p_addr FROM person
    WHERE id = p_person AND status IN ('active', 'closing')
    RETURNING id;
$$;

-- Returns the session's person if the session is alive (not expired, not idle 48 h), and
-- notes that it was seen (at most every 5 minutes, to spare writes).
CREATE FUNCTION session_touch(p_token_hash bytea,
    OUT session_id bigint, OUT person_id bigint, OUT role text, OUT first_name text,
    OUT last_name text, OUT email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT s.id, p.id, p.role, p.first_name, p.last_name, p.email
      INTO session_id, person_id, role, first_name, last_name, email
    FROM session s JOIN person p ON p.id = s.person_id
    WHERE s.token_hash = p_token_hash AND s.expires_at > now()
      AND s.last_seen_at > now() - interval '48 hours' AND p.status IN ('active', 'closing');
    IF session_id IS NOT NULL THEN
        UPDATE session SET last_seen_at = now()
        WHERE id = session_id AND last_seen_at < now() - interval '5 minutes';
    END IF;
END;
$$;

CREATE FUNCTION session_close(p_token_hash bytea) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM session WHERE token_hash = p_token_hash;
$$;

-- "Log out everywhere": ends every session of the person of this session.
CREATE FUNCTION session_close_all(p_token_hash bytea) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM session WHERE person_id = (SELECT person_id FROM session WHERE token_hash = p_token_hash);
$$;

-- Queues a password-reset email when the address belongs to an active account; does the
-- same work otherwise (nothing), so that the answer never tells whether an account exists.
CREATE FUNCTION password_reset_request(p_email text, p_token_hash bytea, p_subject text,
                                       p_text text, p_html text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person person%ROWTYPE;
BEGIN
    SELECT * INTO v_person FROM person WHERE lower(email) = lower(p_email) AND status IN ('active', 'closing');
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO auth_token (person_id, purpose, token_hash, expires_at)
    VALUES (v_person.id, 'reset', p_token_hash, now() + interval '1 hour');
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (v_person.email, p_subject, p_text, p_html);
END;
$$;

-- Consumes a reset token, sets the new password and ends every session of the account.
CREATE FUNCTION password_reset(p_token_hash bytea, p_password_hash text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    UPDATE auth_token SET used_at = now()
    WHERE token_hash = p_token_hash AND purpose = 'reset' AND used_at IS NULL AND expires_at > now()
    RETURNING person_id INTO v_person;
    IF v_person IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE person SET password_hash = p_password_hash WHERE id = v_person;
    DELETE FROM session WHERE person_id = v_person;
    RETURN v_person;
END;
$$;

-- Starts an email change: the token goes to the new address. Raises 23505 when it is taken.
CREATE FUNCTION email_change_request(p_person bigint, p_new_email text, p_token_hash bytea,
                                     p_subject text, p_text text, p_html text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM person WHERE lower(email) = lower(p_new_email) AND id <> p_person) THEN
        RAISE EXCEPTION 'email taken' USING ERRCODE = '23505';
    END IF;
    INSERT INTO auth_token (person_id, purpose, token_hash, new_email, expires_at)
    VALUES (p_person, 'email', p_token_hash, p_new_email, now() + interval '48 hours');
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (p_new_email, p_subject, p_text, p_html);
END;
$$;

-- Confirms an email change. Returns the person, or NULL for a bad token; 23505 if taken since.
CREATE FUNCTION email_change_confirm(p_token_hash bytea) RETURNS bigint
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
    RETURN v_token.person_id;
END;
$$;

-- The member asks to close the account: staff are told (invoices are kept ten years).
CREATE FUNCTION account_close_request(p_person bigint, p_subject text, p_text text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person person%ROWTYPE;
BEGIN
    UPDATE person SET status = 'closing', close_requested_at = now()
    WHERE id = p_person AND status = 'active' RETURNING * INTO v_person;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (coalesce((SELECT value FROM app_setting WHERE key = 'staff_email'),
                     (SELECT email FROM organisation)),
            v_person.email, p_subject, p_text);
END;
$$;

-- Everything held on a person, as JSON (the portal's "download my data").
CREATE FUNCTION person_export(p_person bigint) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT json_build_object(
        'exporte_le', now(),
        'personne', (SELECT to_json(x) FROM (
            SELECT email, first_name AS prenom, last_name AS nom, phone AS telephone,
                   profile AS profil, activity AS activite, siret, company_name AS entreprise,
                   siren, billing_street AS adresse, billing_postcode AS code_postal,
                   billing_city AS ville, newsletter, newsletter_at AS newsletter_depuis,
                   role, status AS statut, email_verified_at AS email_verifie_le,
                   created_at AS cree_le, close_requested_at AS fermeture_demandee_le
            FROM person WHERE id = p_person) x),
        'adhesions', (SELECT coalesce(json_agg(x ORDER BY x.debut), '[]') FROM (
            SELECT starts_on AS debut, ends_on AS fin, fee_cents AS cotisation_centimes,
                   status AS statut, paid_at AS payee_le
            FROM membership WHERE person_id = p_person) x),
        'formules', (SELECT coalesce(json_agg(x ORDER BY x.creee_le), '[]') FROM (
            SELECT price_code AS formule, unit_cents AS prix_centimes, status AS statut,
                   starts_on AS debut, ends_on AS fin, halfdays_total AS demi_journees,
                   halfdays_used AS demi_journees_utilisees, created_at AS creee_le
            FROM person_formula WHERE person_id = p_person) x),
        'sessions', (SELECT coalesce(json_agg(x ORDER BY x.ouverte_le), '[]') FROM (
            SELECT created_at AS ouverte_le, last_seen_at AS vue_le, user_agent AS navigateur,
                   remote_addr AS adresse_ip
            FROM session WHERE person_id = p_person) x)
    );
$$;

------------------------------------------------------------------------------
-- Role of the signup program (and member portal).
------------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fontaine_signup') THEN
        BEGIN
            CREATE ROLE fontaine_signup LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_signup', current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO fontaine_signup;
GRANT SELECT ON organisation, price, app_setting, person, membership, person_formula TO fontaine_signup;
GRANT UPDATE (first_name, last_name, phone, activity, siret, company_name, siren, billing_street,
              billing_postcode, billing_city, newsletter, newsletter_at, profile)
    ON person TO fontaine_signup;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'signup_create(text,text,text,text,text,text,text,text,text,text,text,text,boolean,text,bytea,text,text,text,text,text)',
        'signup_activate(bytea,text)', 'token_valid(bytea,text)', 'login_lookup(text,inet)',
        'login_record(text,inet,boolean)', 'session_open(bigint,bytea,text,inet)',
        'session_touch(bytea)', 'session_close(bytea)', 'session_close_all(bytea)',
        'password_reset_request(text,bytea,text,text,text)', 'password_reset(bytea,text)',
        'email_change_request(bigint,text,bytea,text,text,text)', 'email_change_confirm(bytea)',
        'account_close_request(bigint,text,text)', 'person_export(bigint)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_signup', f);
    END LOOP;
END;
$$;

-- Staff back office reads and manages accounts.
GRANT ALL ON person, membership, person_formula, auth_token, session, login_attempt TO fontaine_admin;
GRANT ALL ON SEQUENCE person_id_seq, membership_id_seq, person_formula_id_seq, auth_token_id_seq,
    session_id_seq, login_attempt_id_seq TO fontaine_admin;
