-- The staff back office, second part (program admin, role fontaine_admin): the monthly target
-- of uses, grants and subsidies (funding), newsletters and their unsubscriptions, the GDPR
-- export and erasure of a person, the clean-up of expired data, and the audit of every table
-- staff change here (0005's trigger function audit_row).
--
-- Retention periods (applied by cleanup_expired(), listed on /admin/rgpd):
--   sessions: deleted once expired (14 days at most, 48 hours idle);
--   one-time tokens (verification, reset, email change): deleted 7 days after expiry or use;
--   login attempts: 30 days;
--   accounts never verified (status pending, no verified email): 30 days after signup;
--   contact messages: 12 months;
--   mail sent or failed (outbox): 12 months;
--   invoices and credit notes: 10 years (Code de commerce L123-22), never changed;
--   audit log: kept (it is the history of staff actions; an erased person's data is redacted).

------------------------------------------------------------------------------
-- Target of uses per month (the seed: 200 uses a month)
------------------------------------------------------------------------------

CREATE TABLE use_target (
    month  date PRIMARY KEY CHECK (month = date_trunc('month', month)::date),
    target int NOT NULL CHECK (target BETWEEN 1 AND 100000)
);
COMMENT ON TABLE use_target IS
    'The target of uses (half-days, see use_halfday) for one month; a month without a row uses '
    'app_setting use_target_default (200).';
INSERT INTO app_setting (key, value) VALUES ('use_target_default', '200') ON CONFLICT (key) DO NOTHING;

-- The target of the month of d.
CREATE FUNCTION use_target_of(d date) RETURNS int
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT target FROM use_target WHERE month = date_trunc('month', d)::date),
                    (SELECT value::int FROM app_setting WHERE key = 'use_target_default'), 200);
$$;

------------------------------------------------------------------------------
-- Funding: grants and subsidies
------------------------------------------------------------------------------

CREATE TABLE funding (
    id           bigserial PRIMARY KEY,
    funder_id    int REFERENCES funder (id) ON DELETE SET NULL,
    funder_name  text NOT NULL CHECK (length(funder_name) BETWEEN 1 AND 200),
    public       boolean NOT NULL,
    label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents < 100000000000),
    period_start date NOT NULL,
    period_end   date NOT NULL,
    status       text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'granted', 'received')),
    note         text CHECK (length(note) <= 1000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (period_start <= period_end)
);
CREATE INDEX funding_period ON funding (period_start);
CREATE TRIGGER funding_updated_at BEFORE UPDATE ON funding
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE funding IS
    'Grants and subsidies recorded by staff: the funder (funder_name, from the funder table or '
    'typed), public or private money, amount in cents, the period it funds (its year is the year '
    'of period_start) and where it stands: requested, granted, received.';

------------------------------------------------------------------------------
-- Newsletters
------------------------------------------------------------------------------

CREATE TABLE newsletter_issue (
    id         bigserial PRIMARY KEY,
    subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
    body_text  text NOT NULL CHECK (length(body_text) BETWEEN 1 AND 20000),
    audience   text NOT NULL CHECK (audience ~ '^(members|event:[0-9]+)$'),
    recipients int NOT NULL CHECK (recipients >= 0),
    sent_by    bigint REFERENCES person (id) ON DELETE SET NULL,
    sent_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE newsletter_issue IS
    'Newsletters sent by staff (one row per sending; the mails themselves are outbox rows): to '
    'members who consented (person.newsletter) or to the subscribers of one event.';

CREATE TABLE newsletter_optout (
    email_lower text PRIMARY KEY CHECK (email_lower = lower(email_lower) AND length(email_lower) <= 254),
    at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE newsletter_optout IS
    'Addresses that followed an unsubscribe link: no newsletter goes to them any more, whatever '
    'the audience (also event subscribers without an account).';

-- The recipients of an audience that may receive a newsletter: lower-cased email, first name.
CREATE FUNCTION newsletter_recipients(p_audience text)
RETURNS TABLE (email text, first_name text)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT DISTINCT ON (lower(x.email)) lower(x.email), x.first_name FROM (
        SELECT p.email, p.first_name FROM person p
        WHERE p_audience = 'members' AND p.newsletter AND p.status = 'active'
        UNION ALL
        SELECT r.email, split_part(r.name, ' ', 1) FROM registration r
        WHERE p_audience ~ '^event:[0-9]+$' AND r.status <> 'cancelled'
          AND r.event_id = substring(p_audience FROM 7)::bigint
    ) x
    WHERE NOT EXISTS (SELECT 1 FROM newsletter_optout o WHERE o.email_lower = lower(x.email))
    ORDER BY lower(x.email), x.first_name;
$$;

-- Unsubscribes an address (the program checked the link's signature): newsletter off for the
-- account with this address (the change is attributed to that person), and an opt-out row.
-- Returns true when the address was subscribed somewhere.
CREATE FUNCTION newsletter_unsubscribe(p_email text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
    v_new boolean;
BEGIN
    SELECT id INTO v_person FROM person WHERE lower(email) = lower(p_email);
    IF v_person IS NOT NULL THEN
        PERFORM set_config('fontaine.actor', v_person::text, true);
        UPDATE person SET newsletter = false, newsletter_at = NULL WHERE id = v_person AND newsletter;
    END IF;
    INSERT INTO newsletter_optout (email_lower) VALUES (lower(p_email))
        ON CONFLICT (email_lower) DO NOTHING;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    RETURN v_new;
END;
$$;

------------------------------------------------------------------------------
-- GDPR: export and erasure
------------------------------------------------------------------------------

-- Everything held on a person: person_export (account, memberships, formulas, sessions) plus
-- bookings, event registrations, leases, invoices, newsletters and contact messages.
CREATE FUNCTION person_export_full(p_person bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH p AS (SELECT id, lower(email) AS email FROM person WHERE id = p_person)
    SELECT person_export(p.id)::jsonb || jsonb_build_object(
        'reservations', (SELECT coalesce(jsonb_agg(x ORDER BY x.jour, x.debut), '[]') FROM (
            SELECT b.day AS jour, b.slot AS creneau, b.starts_at AS debut, b.ends_at AS fin,
                   r.name AS ressource, b.status AS statut, b.source AS origine,
                   b.contact_name AS contact, b.email, b.phone AS telephone,
                   b.company_name AS entreprise, b.purpose AS objet, b.attendees AS participants,
                   b.price_cents AS prix_centimes, b.created_at AS creee_le
            FROM booking b JOIN resource r ON r.id = b.resource_id
            WHERE b.person_id = p.id OR lower(b.email) = p.email) x),
        'inscriptions', (SELECT coalesce(jsonb_agg(x ORDER BY x.inscrit_le), '[]') FROM (
            SELECT e.title AS evenement, e.starts_at AS date, r.name AS nom, r.email,
                   r.status AS statut, r.created_at AS inscrit_le
            FROM registration r JOIN event e ON e.id = r.event_id
            WHERE r.person_id = p.id OR lower(r.email) = p.email) x),
        'baux', (SELECT coalesce(jsonb_agg(x ORDER BY x.debut), '[]') FROM (
            SELECT r.name AS bureau, l.tenant_name AS locataire, l.starts_on AS debut,
                   l.ends_on AS fin, l.monthly_rent_cents AS loyer_mensuel_centimes, l.status AS statut
            FROM office_lease l JOIN resource r ON r.id = l.resource_id WHERE l.person_id = p.id) x),
        'factures', (SELECT coalesce(jsonb_agg(x ORDER BY x.date, x.numero), '[]') FROM (
            SELECT i.number AS numero, i.kind AS type, i.issue_date AS date, i.due_date AS echeance,
                   i.customer_name AS client, i.customer_email AS email, i.gross_cents AS total_centimes,
                   i.paid_cents AS paye_centimes, i.status AS statut
            FROM invoice i WHERE i.person_id = p.id AND i.status <> 'draft') x),
        'lettre_information', jsonb_build_object(
            'desinscrit_le', (SELECT o.at FROM newsletter_optout o WHERE o.email_lower = p.email)),
        'messages_contact', (SELECT coalesce(jsonb_agg(x ORDER BY x.envoye_le), '[]') FROM (
            SELECT c.created_at AS envoye_le, c.name AS nom, c.subject AS objet, c.body AS message
            FROM contact_message c WHERE lower(c.email) = p.email) x))
    FROM p;
$$;

-- Erases a person on request: the account is anonymised (name, address, phone, company,
-- password), sessions, tokens, login attempts, contact messages, mails and the newsletter
-- opt-out of the address are deleted, registrations and bookings keep no contact details,
-- and the audit log's copies of the person are redacted. Issued invoices are kept unchanged
-- (ten years, Code de commerce L123-22: they are immutable and hash-chained; they hold only
-- the customer's name and address, which the law requires, and the email used then). Staff
-- accounts are refused (SQLSTATE FTA01: demote first). Returns false when no such person.
CREATE FUNCTION person_erase(p_person bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v person;
    v_anon text := 'efface-' || p_person || '@invalid.example';
BEGIN
    SELECT * INTO v FROM person WHERE id = p_person FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v.role <> 'member' THEN
        RAISE EXCEPTION 'a staff account cannot be erased' USING ERRCODE = 'FTA01';
    END IF;
    DELETE FROM session WHERE person_id = p_person;
    DELETE FROM auth_token WHERE person_id = p_person;
    DELETE FROM login_attempt WHERE email_lower = lower(v.email);
    DELETE FROM contact_message WHERE lower(email) = lower(v.email);
    DELETE FROM newsletter_optout WHERE email_lower = lower(v.email);
    DELETE FROM outbox WHERE lower(to_addr) = lower(v.email) AND status IN ('sent', 'failed');
    UPDATE registration SET name = 'Personne effacée', email = v_anon
        WHERE person_id = p_person OR lower(email) = lower(v.email);
    UPDATE booking SET contact_name = 'Personne effacée', email = NULL, phone = NULL, purpose = NULL
        WHERE person_id = p_person OR lower(email) = lower(v.email);
    UPDATE person SET email = v_anon, first_name = 'Personne', last_name = 'effacée', phone = NULL,
           profile = 'autre', activity = NULL, siret = NULL, company_name = NULL, siren = NULL,
           billing_street = NULL, billing_postcode = NULL, billing_city = NULL,
           newsletter = false, newsletter_at = NULL, password_hash = NULL, status = 'closed',
           email_verified_at = NULL
     WHERE id = p_person;
    UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE '{"efface": true}'::jsonb END,
                         after = CASE WHEN after IS NULL THEN NULL ELSE '{"efface": true}'::jsonb END
     WHERE (table_name = 'person' AND row_id = p_person)
        OR (table_name = 'registration' AND (before->>'person_id' = p_person::text
                                             OR after->>'person_id' = p_person::text));
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (audit_actor(), 'erase', 'person', p_person, NULL, '{"efface": true}'::jsonb);
    RETURN true;
END;
$$;

------------------------------------------------------------------------------
-- Clean-up of expired data
------------------------------------------------------------------------------

-- Deletes what the retention periods above no longer allow. Run from the back office
-- (/admin/rgpd) or by cron as postgres: psql -c 'SELECT * FROM cleanup_expired()'.
-- Returns one row per kind of data with the number of rows deleted.
CREATE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM session WHERE expires_at < now() OR last_seen_at < now() - interval '48 hours';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'sessions'; deleted := n; RETURN NEXT;
    DELETE FROM auth_token WHERE coalesce(used_at, expires_at) < now() - interval '7 days';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'tokens'; deleted := n; RETURN NEXT;
    DELETE FROM login_attempt WHERE at < now() - interval '30 days';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'login_attempts'; deleted := n; RETURN NEXT;
    -- Accounts never verified: their pending membership and formula go with them; one with
    -- anything else attached (an invoice, a booking) is kept for staff to look at.
    WITH gone AS (
        SELECT p.id FROM person p
        WHERE p.status = 'pending' AND p.email_verified_at IS NULL
          AND p.created_at < now() - interval '30 days'
          AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.status = 'paid')
          AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id AND f.status <> 'requested')
    ), m AS (DELETE FROM membership WHERE person_id IN (SELECT id FROM gone) RETURNING 1),
       f AS (DELETE FROM person_formula WHERE person_id IN (SELECT id FROM gone) RETURNING 1),
       r AS (UPDATE registration SET person_id = NULL WHERE person_id IN (SELECT id FROM gone) RETURNING 1)
    SELECT count(*) INTO n FROM gone;
    DELETE FROM person p
    WHERE p.status = 'pending' AND p.email_verified_at IS NULL
      AND p.created_at < now() - interval '30 days'
      AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.person_id = p.id);
    GET DIAGNOSTICS n = ROW_COUNT; what := 'unverified_accounts'; deleted := n; RETURN NEXT;
    DELETE FROM contact_message WHERE created_at < now() - interval '12 months';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'contact_messages'; deleted := n; RETURN NEXT;
    DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < now() - interval '12 months';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'mails'; deleted := n; RETURN NEXT;
END;
$$;

------------------------------------------------------------------------------
-- Opening hours: replaced as a whole by the back office
------------------------------------------------------------------------------

-- Replaces every opening period by the arrays' (weekday, opens, closes), as p_actor (the
-- audit log gets one row per period removed or added). Raises 23514 for a period that ends
-- before it starts, 23505 for two periods of a day opening at the same time.
CREATE FUNCTION opening_hours_replace(p_actor text, p_days int[], p_opens time[], p_closes time[])
RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    n int;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor, true);
    DELETE FROM opening_hours;
    INSERT INTO opening_hours (weekday, opens, closes)
    SELECT d, o, c FROM unnest(p_days, p_opens, p_closes) AS t (d, o, c);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

------------------------------------------------------------------------------
-- audit_row() of 0005, replaced: its test "TG_TABLE_NAME = 'event' AND OLD.status IS DISTINCT
-- FROM NEW.status" reads OLD.status on every UPDATE, which raises "record old has no field
-- status" for a table without that column (site_page, price, organisation…). Same function,
-- the event test nested.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor bigint := audit_actor();
    v_before jsonb;
    v_after jsonb;
    v_action text;
BEGIN
    IF v_actor IS NULL AND session_user = 'fontaine_admin' THEN
        RAISE EXCEPTION 'a back-office change needs its actor (fontaine.actor)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'INSERT' THEN
        v_after := to_jsonb(NEW);
        v_action := 'create';
    ELSIF TG_OP = 'DELETE' THEN
        v_before := to_jsonb(OLD);
        v_action := 'delete';
    ELSE
        v_before := to_jsonb(OLD);
        v_after := to_jsonb(NEW);
        IF v_before = v_after THEN
            RETURN NULL;
        END IF;
        v_action := 'edit';
        IF TG_TABLE_NAME = 'event' THEN
            IF v_before->>'status' IS DISTINCT FROM v_after->>'status' THEN
                v_action := CASE v_after->>'status' WHEN 'published' THEN 'publish'
                                                    WHEN 'cancelled' THEN 'cancel' ELSE 'edit' END;
            END IF;
        END IF;
    END IF;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (v_actor, v_action, TG_TABLE_NAME, (coalesce(v_after, v_before)->>'id')::bigint, v_before, v_after);
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_row() FROM PUBLIC;

------------------------------------------------------------------------------
-- Audit of the tables staff change in the back office (0005's audit_row). Only the admin
-- program's changes are logged here (session_user fontaine_admin): members' own changes
-- through the signup program and the invoicing trigger's are not staff actions.
------------------------------------------------------------------------------

CREATE TRIGGER person_audit AFTER INSERT OR UPDATE OR DELETE ON person
    FOR EACH ROW WHEN (session_user = 'fontaine_admin') EXECUTE FUNCTION audit_row();
CREATE TRIGGER membership_audit AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH ROW WHEN (session_user = 'fontaine_admin') EXECUTE FUNCTION audit_row();
CREATE TRIGGER site_page_audit AFTER INSERT OR UPDATE OR DELETE ON site_page
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER price_audit AFTER INSERT OR UPDATE OR DELETE ON price
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER opening_hours_audit AFTER INSERT OR UPDATE OR DELETE ON opening_hours
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER organisation_audit AFTER INSERT OR UPDATE OR DELETE ON organisation
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER funder_audit AFTER INSERT OR UPDATE OR DELETE ON funder
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER funding_audit AFTER INSERT OR UPDATE OR DELETE ON funding
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER use_target_audit AFTER INSERT OR UPDATE OR DELETE ON use_target
    FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER closure_audit AFTER INSERT OR UPDATE OR DELETE ON closure
    FOR EACH ROW WHEN (session_user = 'fontaine_admin') EXECUTE FUNCTION audit_row();
CREATE TRIGGER newsletter_issue_audit AFTER INSERT ON newsletter_issue
    FOR EACH ROW EXECUTE FUNCTION audit_row();

CREATE INDEX audit_log_person ON audit_log (person_id, id);

------------------------------------------------------------------------------
-- Rights of the admin program
------------------------------------------------------------------------------

-- The dashboard's aggregates over use_halfday are estimated costly enough to trigger JIT
-- compilation, which costs more than it saves on these sizes (measured: the heat map query
-- 90 ms with JIT, 14 ms without, a year of data). Roles are cluster-wide: so is this setting.
ALTER ROLE fontaine_admin SET jit = off;

GRANT SELECT, INSERT, UPDATE, DELETE ON use_target, funding TO fontaine_admin;
GRANT SELECT, INSERT ON newsletter_issue TO fontaine_admin;
GRANT SELECT ON newsletter_optout TO fontaine_admin;
GRANT USAGE ON SEQUENCE funding_id_seq, newsletter_issue_id_seq TO fontaine_admin;
-- Read only: what the dashboard counts (0008's use_halfday is granted there).
GRANT SELECT ON event, registration, halfday_slot, resource TO fontaine_admin;
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['newsletter_unsubscribe(text)', 'person_export_full(bigint)',
                             'person_erase(bigint)', 'cleanup_expired()',
                             'opening_hours_replace(text,int[],time[],time[])']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_admin', f);
    END LOOP;
END;
$$;
