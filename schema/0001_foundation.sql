-- Foundation schema: the organisation, its public site content, the contact form and the mail outbox.
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.
-- No BEGIN/COMMIT here. Roles are cluster-wide, so they are created idempotently.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Generic trigger function: stamps updated_at on every UPDATE.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION set_updated_at() IS
    'Trigger function: sets NEW.updated_at to now() on UPDATE.';

------------------------------------------------------------------------------
-- Organisation
------------------------------------------------------------------------------

CREATE TABLE organisation (
    id                   smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name                 text NOT NULL,
    legal_name           text NOT NULL,
    legal_form           text NOT NULL,
    street               text NOT NULL,
    postcode             text NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
    city                 text NOT NULL,
    email                text NOT NULL,
    phone                text NOT NULL,
    siren                text CHECK (siren ~ '^[0-9]{9}$'),
    siret                text CHECK (siret ~ '^[0-9]{14}$'),
    rna                  text CHECK (rna ~ '^W[0-9]{9}$'),
    vat_status           text NOT NULL CHECK (vat_status IN ('franchise', 'assujetti')),
    vat_number           text,
    publication_director text NOT NULL,
    host_name            text NOT NULL,
    host_address         text NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    -- A SIRET is the SIREN followed by a 5-digit establishment number.
    CONSTRAINT organisation_siret_matches_siren
        CHECK (siret IS NULL OR siren IS NULL OR left(siret, 9) = siren),
    -- A VAT-registered organisation must show its intra-community VAT number.
    CONSTRAINT organisation_vat_number_required
        CHECK (vat_status = 'franchise' OR vat_number IS NOT NULL)
);

CREATE TRIGGER organisation_updated_at BEFORE UPDATE ON organisation
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE organisation IS
    'Single row: the space (name), the association that runs it (legal_name) and the legal '
    'details shown in the footer, the legal notices and on invoices.';

------------------------------------------------------------------------------
-- Opening hours
------------------------------------------------------------------------------

CREATE TABLE opening_hours (
    weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens   time NOT NULL,
    closes  time NOT NULL,
    CHECK (opens < closes),
    PRIMARY KEY (weekday, opens)
);

COMMENT ON TABLE opening_hours IS
    'Opening periods of the space, Europe/Paris local time; weekday is ISO (1 = Monday, '
    '7 = Sunday); several rows per day for a lunch break; a day without rows is closed.';

------------------------------------------------------------------------------
-- Site pages
------------------------------------------------------------------------------

CREATE TABLE site_page (
    slug             text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    meta_description text NOT NULL CHECK (length(meta_description) BETWEEN 1 AND 300),
    body_md          text NOT NULL,
    nav_label        text CHECK (length(nav_label) BETWEEN 1 AND 40),
    nav_order        smallint,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- A page shown in the navigation needs a position in it.
    CONSTRAINT site_page_nav_order_required
        CHECK (nav_label IS NULL OR nav_order IS NOT NULL)
);

CREATE TRIGGER site_page_updated_at BEFORE UPDATE ON site_page
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE site_page IS
    'Editable public pages: body in CommonMark (rendered in safe mode, headings from ##, '
    'the title is the h1). Pages with a nav_label appear in the main navigation, by nav_order.';

------------------------------------------------------------------------------
-- Resources: open space, offices, conference room
------------------------------------------------------------------------------

CREATE TABLE resource (
    id          serial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('open_space', 'office', 'meeting_room')),
    slug        text UNIQUE NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name        text NOT NULL,
    description text NOT NULL,
    capacity    int NOT NULL CHECK (capacity > 0),
    area_m2     numeric(6,1) CHECK (area_m2 > 0),
    equipment   text[] NOT NULL DEFAULT '{}',
    exclusive   boolean NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    sort_order  smallint NOT NULL DEFAULT 0,
    -- The open space is shared desk by desk; offices and rooms are booked whole.
    CONSTRAINT resource_exclusive_matches_kind
        CHECK (exclusive = (kind <> 'open_space'))
);

COMMENT ON TABLE resource IS
    'Bookable parts of the space. capacity is desks for the open space (shared, exclusive = '
    'false), people for an office and seats for the meeting room (both booked whole, exclusive = true).';

------------------------------------------------------------------------------
-- Prices
------------------------------------------------------------------------------

CREATE TABLE price (
    code             text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+$'),
    category         text NOT NULL CHECK (category IN ('coworking', 'bureau', 'salle', 'adhesion')),
    label            text NOT NULL,
    unit             text NOT NULL,
    member_cents     int CHECK (member_cents >= 0),
    non_member_cents int CHECK (non_member_cents >= 0),
    CHECK (member_cents IS NOT NULL OR non_member_cents IS NOT NULL),
    note             text,
    sort_order       smallint NOT NULL DEFAULT 0,
    active           boolean NOT NULL DEFAULT true
);

COMMENT ON TABLE price IS
    'Public price list, amounts in integer euro cents TTC. member_cents applies to members of '
    'the association, non_member_cents to everyone else; NULL means not offered to that group.';

------------------------------------------------------------------------------
-- Funders
------------------------------------------------------------------------------

CREATE TABLE funder (
    id         serial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    kind       text NOT NULL CHECK (kind IN ('public', 'private')),
    role       text NOT NULL,
    url        text CHECK (url ~ '^https://'),
    sort_order smallint NOT NULL DEFAULT 0
);

COMMENT ON TABLE funder IS
    'Public and private funders shown on the partners page, with what each one funded.';

------------------------------------------------------------------------------
-- Contact messages
------------------------------------------------------------------------------

CREATE TABLE contact_message (
    id          bigserial PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    phone       text CHECK (length(phone) <= 30),
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    remote_addr inet,
    request_key uuid UNIQUE,
    -- The address becomes a Reply-To header: no whitespace, so no header injection.
    CONSTRAINT contact_message_email_no_space CHECK (email !~ '\s')
);

-- Serves the per-address rate limit in contact_submit().
CREATE INDEX contact_message_addr_created_idx ON contact_message (remote_addr, created_at);

COMMENT ON TABLE contact_message IS
    'Messages sent through the public contact form; written only through contact_submit(); '
    'request_key is the form''s idempotency key so a re-post is saved once. Kept 12 months.';

------------------------------------------------------------------------------
-- Outbox
------------------------------------------------------------------------------

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    to_addr         text NOT NULL,
    reply_to        text,
    subject         text NOT NULL,
    body_text       text NOT NULL,
    body_html       text,
    status          text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    message_id      text UNIQUE,
    -- These become mail headers: a CR or LF would let a value forge headers.
    CONSTRAINT outbox_headers_single_line
        CHECK (to_addr !~ '[\r\n]' AND subject !~ '[\r\n]'
               AND (reply_to IS NULL OR reply_to !~ '[\r\n]'))
);

CREATE INDEX outbox_status_next_attempt_idx ON outbox (status, next_attempt_at);

COMMENT ON TABLE outbox IS
    'Mail waiting to be sent: programs insert rows in the same transaction as the change they '
    'announce; the mailer daemon picks queued rows whose next_attempt_at has passed and sends them by SMTP.';

------------------------------------------------------------------------------
-- Settings
------------------------------------------------------------------------------

CREATE TABLE app_setting (
    key   text PRIMARY KEY,
    value text NOT NULL
);

COMMENT ON TABLE app_setting IS
    'Key/value settings editable by staff, e.g. staff_email (where contact messages are sent).';

------------------------------------------------------------------------------
-- contact_submit(): the only way the public site writes
------------------------------------------------------------------------------

CREATE FUNCTION contact_submit(p_name text, p_email text, p_phone text, p_subject text,
                               p_body text, p_addr inet, p_key uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_id      bigint;
    v_recent  int;
    v_staff   text;
    v_subject text;
BEGIN
    -- Serialise submissions from one address so the rate limit cannot be raced.
    IF p_addr IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('contact_submit:' || host(p_addr), 0));
    END IF;

    -- A re-post of the same form returns the message already saved.
    IF p_key IS NOT NULL THEN
        SELECT id INTO v_id FROM contact_message WHERE request_key = p_key;
        IF FOUND THEN
            RETURN v_id;
        END IF;
    END IF;

    IF p_addr IS NOT NULL THEN
        SELECT count(*) INTO v_recent
          FROM contact_message
         WHERE remote_addr = p_addr
           AND created_at > now() - interval '1 hour';
        IF v_recent >= 5 THEN
            RAISE EXCEPTION 'rate_limited' USING ERRCODE = 'FT429';
        END IF;
    END IF;

    INSERT INTO contact_message (name, email, phone, subject, body, remote_addr, request_key)
    VALUES (p_name, p_email, NULLIF(p_phone, ''), p_subject, p_body, p_addr, p_key)
    ON CONFLICT (request_key) DO NOTHING
    RETURNING id INTO v_id;

    IF v_id IS NULL THEN
        -- Another transaction saved the same key first (from another address).
        SELECT id INTO STRICT v_id FROM contact_message WHERE request_key = p_key;
        RETURN v_id;
    END IF;

    SELECT value INTO v_staff FROM app_setting WHERE key = 'staff_email';
    IF v_staff IS NULL OR v_staff = '' THEN
        SELECT email INTO v_staff FROM organisation WHERE id = 1;
    END IF;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no staff e-mail address: set app_setting staff_email or organisation.email';
    END IF;

    -- Mail headers are single-line; fold any line break in the visitor's subject.
    v_subject := 'Nouveau message de contact : '
                 || regexp_replace(p_subject, '[\r\n]+', ' ', 'g');

    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (v_staff, p_email, v_subject,
            'Un message a été envoyé depuis le formulaire de contact du site.' || E'\n\n'
            || 'Nom : ' || p_name || E'\n'
            || 'Courriel : ' || p_email || E'\n'
            || 'Téléphone : ' || coalesce(NULLIF(p_phone, ''), 'non renseigné') || E'\n'
            || 'Objet : ' || p_subject || E'\n\n'
            || 'Message :' || E'\n' || p_body || E'\n\n'
            || '-- ' || E'\n'
            || 'Répondez directement à ce courriel pour écrire à ' || p_name || '.' || E'\n'
            || 'Référence du message : ' || v_id || E'\n');

    RETURN v_id;
END;
$$;

COMMENT ON FUNCTION contact_submit(text, text, text, text, text, inet, uuid) IS
    'Saves a contact-form message and queues one mail to staff; returns the message id. '
    'Idempotent on p_key; raises SQLSTATE FT429 (rate_limited) after 5 messages from p_addr within an hour.';

------------------------------------------------------------------------------
-- Roles and privileges (explicit grants only; no ALTER DEFAULT PRIVILEGES)
------------------------------------------------------------------------------

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['fontaine_site', 'fontaine_mailer', 'fontaine_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created meanwhile by a migration of another database
            END;
        END IF;
    END LOOP;
END;
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_site, fontaine_mailer, fontaine_admin',
                   current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO fontaine_site, fontaine_mailer, fontaine_admin;

-- Public site: reads the showcase, writes only through contact_submit().
GRANT SELECT ON organisation, opening_hours, site_page, resource, price, funder, app_setting
    TO fontaine_site;
REVOKE EXECUTE ON FUNCTION contact_submit(text, text, text, text, text, inet, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_submit(text, text, text, text, text, inet, uuid) TO fontaine_site;

-- Mailer daemon: claims and updates outbox rows.
GRANT SELECT, UPDATE ON outbox TO fontaine_mailer;

-- Back office.
GRANT ALL ON organisation, opening_hours, site_page, resource, price, funder,
             contact_message, outbox, app_setting
    TO fontaine_admin;
GRANT ALL ON SEQUENCE resource_id_seq, funder_id_seq, contact_message_id_seq, outbox_id_seq
    TO fontaine_admin;
