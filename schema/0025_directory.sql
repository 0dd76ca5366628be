-- 0025_directory: the coworkers' directory (opt-in profiles, photo), the audit of every staff
-- action on money and access, one export of everything held on a person (staff and member),
-- the member portal's reads, and a conference-room booking made by a person (no company).
--
-- Audit: audit_staff_row() is 0010's audit_row() with the columns that are secrets or bytes
-- (token hashes, files, photos) left out of the copies. It runs on every table that holds
-- money or access (invoices and credit notes, payments, reminders, SEPA batches and mandates,
-- bookings and check-ins, leases, formulas), for changes made by staff: a write whose
-- transaction or session names its actor (fontaine.actor: the admin program sets it per
-- statement, the other programs for the whole request of a staff session, see
-- cgi/lib/session.c), by the admin program, or by the invoicing program (its only writers are
-- staff pages and fontaine-invoicectl). A member booking a half-day is not a staff action and
-- is not logged. person and membership (0010) are logged the same way from now on.

------------------------------------------------------------------------------
-- Audit
------------------------------------------------------------------------------

CREATE FUNCTION audit_staff_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor bigint := audit_actor();
    v_hidden text[] := ARRAY['manage_token_hash', 'hold_token_hash', 'public_token', 'file',
                             'photo', 'password_hash', 'totp_secret', 'totp_pending_secret'];
    v_before jsonb;
    v_after jsonb;
    v_action text;
BEGIN
    IF v_actor IS NULL AND session_user = 'fontaine_admin' THEN
        RAISE EXCEPTION 'a back-office change needs its actor (fontaine.actor)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'INSERT' THEN
        v_after := to_jsonb(NEW) - v_hidden;
        v_action := 'create';
    ELSIF TG_OP = 'DELETE' THEN
        v_before := to_jsonb(OLD) - v_hidden;
        v_action := 'delete';
    ELSE
        v_before := to_jsonb(OLD) - v_hidden;
        v_after := to_jsonb(NEW) - v_hidden;
        IF v_before - 'updated_at' = v_after - 'updated_at' THEN
            RETURN NULL;
        END IF;
        v_action := 'edit';
        IF v_before->>'status' IS DISTINCT FROM v_after->>'status' THEN
            v_action := CASE
                WHEN v_after->>'status' IN ('cancelled', 'declined', 'revoked', 'ended') THEN 'cancel'
                WHEN TG_TABLE_NAME = 'invoice' AND v_before->>'status' = 'draft' THEN 'issue'
                WHEN v_after->>'status' IN ('paid', 'partly_paid', 'settled', 'received') THEN 'settle'
                WHEN v_after->>'status' = 'no_show' THEN 'no_show'
                WHEN v_after->>'status' IN ('confirmed', 'active', 'granted') THEN 'confirm'
                ELSE 'edit' END;
        ELSIF TG_TABLE_NAME = 'booking' AND v_before->>'checked_in_at' IS NULL
              AND v_after->>'checked_in_at' IS NOT NULL THEN
            v_action := 'check_in';
        END IF;
    END IF;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (v_actor, v_action, TG_TABLE_NAME,
            coalesce(coalesce(v_after, v_before)->>'id', coalesce(v_after, v_before)->>'invoice_id',
                     coalesce(v_after, v_before)->>'person_id')::bigint,
            v_before, v_after);
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_staff_row() FROM PUBLIC;

-- Whether the current write is a staff action (see the header).
CREATE FUNCTION audit_is_staff_write() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT audit_actor() IS NOT NULL OR session_user IN ('fontaine_admin', 'fontaine_invoice');
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoice', 'payment', 'invoice_reminder', 'sepa_batch',
                             'sepa_mandate', 'booking', 'office_lease', 'person_formula']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                       'WHEN (audit_is_staff_write()) EXECUTE FUNCTION audit_staff_row()',
                       t || '_staff_audit', t);
    END LOOP;
END;
$$;

-- person (roles, accounts) and membership: also when another program acts for staff.
DROP TRIGGER person_audit ON person;
CREATE TRIGGER person_audit AFTER INSERT OR UPDATE OR DELETE ON person
    FOR EACH ROW WHEN (session_user = 'fontaine_admin' OR audit_actor() IS NOT NULL)
    EXECUTE FUNCTION audit_staff_row();
DROP TRIGGER membership_audit ON membership;
CREATE TRIGGER membership_audit AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH ROW WHEN (session_user = 'fontaine_admin' OR audit_actor() IS NOT NULL)
    EXECUTE FUNCTION audit_staff_row();

------------------------------------------------------------------------------
-- A conference-room booking by a person: a booking in a company's name carries the
-- company's SIREN and billing address; one without a company (company fields all NULL) is a
-- member's own, invoiced to the member (0011 already invoices a booking without company to its
-- person). Staff may still record a room booking with a contact only (no account, no company),
-- as before. NOT VALID first so that an older row cannot stop the migration; validated when
-- every row agrees.
------------------------------------------------------------------------------

ALTER TABLE booking ADD CONSTRAINT booking_company_complete CHECK (
    company_name IS NULL OR (siren IS NOT NULL AND billing_street IS NOT NULL
        AND billing_postcode IS NOT NULL AND billing_city IS NOT NULL)) NOT VALID;
DO $$
BEGIN
    ALTER TABLE booking VALIDATE CONSTRAINT booking_company_complete;
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'older bookings break booking_company_complete; the rule holds for new rows';
END;
$$;

------------------------------------------------------------------------------
-- The coworkers' directory
------------------------------------------------------------------------------

CREATE TABLE directory_profile (
    person_id    bigint PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    activity     text NOT NULL CHECK (length(activity) BETWEEN 1 AND 200),
    skills       text NOT NULL DEFAULT '' CHECK (length(skills) <= 500),
    offers       text NOT NULL DEFAULT '' CHECK (length(offers) <= 1000),
    looking_for  text NOT NULL DEFAULT '' CHECK (length(looking_for) <= 1000),
    contact      text NOT NULL DEFAULT '' CHECK (length(contact) <= 300),
    visibility   text NOT NULL DEFAULT 'members' CHECK (visibility IN ('members', 'public')),
    consent_at   timestamptz NOT NULL DEFAULT now(),   -- when the member agreed to be listed
    photo        bytea CHECK (octet_length(photo) BETWEEN 1 AND 1048576),
    photo_type   text CHECK (photo_type IN ('image/jpeg', 'image/png', 'image/webp')),
    photo_at     timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT directory_photo_typed CHECK ((photo IS NULL) = (photo_type IS NULL)
        AND (photo IS NULL) = (photo_at IS NULL))
);
CREATE INDEX directory_profile_visibility ON directory_profile (visibility);
CREATE TRIGGER directory_profile_updated_at BEFORE UPDATE ON directory_profile
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE directory_profile IS
    'The coworkers'' directory: one opt-in profile per member (no row: not listed, the default), '
    'with the date of the consent; shown to members (visibility members) or to everyone (public), '
    'only while the person is a member; removed on request, when the membership ends (cancelled, '
    'or its end passed: directory_expire(), run by cleanup_expired()) or the account closes.';

-- The listed profiles a viewer may see (p_member: the viewer is a logged-in member), filtered
-- by a word of the skills or the activity ('' for all), newest first. photo: has a photo.
CREATE FUNCTION directory_search(p_member boolean, p_skill text, p_activity text)
RETURNS TABLE (person_id bigint, first_name text, last_name text, activity text, skills text,
               offers text, looking_for text, contact text, visibility text, has_photo boolean,
               photo_at bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT d.person_id, p.first_name, p.last_name, d.activity, d.skills, d.offers, d.looking_for,
           d.contact, d.visibility, d.photo IS NOT NULL, extract(epoch FROM d.photo_at)::bigint
    FROM directory_profile d JOIN person p ON p.id = d.person_id
    WHERE p.status = 'active' AND is_member_on(p.id, paris_today())
      AND (p_member OR d.visibility = 'public')
      AND (coalesce(p_skill, '') = '' OR d.skills ILIKE '%' || replace(replace(replace(p_skill, '\', '\\'), '%', '\%'), '_', '\_') || '%')
      AND (coalesce(p_activity, '') = '' OR d.activity ILIKE '%' || replace(replace(replace(p_activity, '\', '\\'), '%', '\%'), '_', '\_') || '%')
    ORDER BY d.updated_at DESC, d.person_id
    LIMIT 200;
$$;

-- The photo of a listed profile the viewer may see, or no row.
CREATE FUNCTION directory_photo(p_person bigint, p_member boolean)
RETURNS TABLE (photo bytea, photo_type text, photo_at bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT d.photo, d.photo_type, extract(epoch FROM d.photo_at)::bigint
    FROM directory_profile d JOIN person p ON p.id = d.person_id
    WHERE d.person_id = p_person AND d.photo IS NOT NULL AND p.status = 'active'
      AND is_member_on(p.id, paris_today()) AND (p_member OR d.visibility = 'public');
$$;

-- The member's own profile (no row: not listed).
CREATE FUNCTION directory_own(p_person bigint)
RETURNS TABLE (activity text, skills text, offers text, looking_for text, contact text,
               visibility text, consent_at bigint, has_photo boolean, is_member boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT d.activity, d.skills, d.offers, d.looking_for, d.contact, d.visibility,
           extract(epoch FROM d.consent_at)::bigint, d.photo IS NOT NULL,
           is_member_on(p_person, paris_today())
    FROM directory_profile d WHERE d.person_id = p_person;
$$;

-- Creates or updates the member's own profile; the consent date is the first save's (a
-- profile removed and made again records a new consent). p_photo_action: 'keep', 'remove',
-- or 'set' (p_photo, p_photo_type). Raises FTD01 for a person who is not a member today.
CREATE FUNCTION directory_save(p_person bigint, p_activity text, p_skills text, p_offers text,
                               p_looking text, p_contact text, p_visibility text,
                               p_photo_action text, p_photo bytea, p_photo_type text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT is_member_on(p_person, paris_today()) THEN
        RAISE EXCEPTION 'not a member today' USING ERRCODE = 'FTD01';
    END IF;
    INSERT INTO directory_profile (person_id, activity, skills, offers, looking_for, contact,
                                   visibility, photo, photo_type, photo_at)
    VALUES (p_person, p_activity, coalesce(p_skills, ''), coalesce(p_offers, ''),
            coalesce(p_looking, ''), coalesce(p_contact, ''), p_visibility,
            CASE WHEN p_photo_action = 'set' THEN p_photo END,
            CASE WHEN p_photo_action = 'set' THEN p_photo_type END,
            CASE WHEN p_photo_action = 'set' THEN now() END)
    ON CONFLICT (person_id) DO UPDATE SET
        activity = EXCLUDED.activity, skills = EXCLUDED.skills, offers = EXCLUDED.offers,
        looking_for = EXCLUDED.looking_for, contact = EXCLUDED.contact,
        visibility = EXCLUDED.visibility,
        photo = CASE p_photo_action WHEN 'keep' THEN directory_profile.photo ELSE EXCLUDED.photo END,
        photo_type = CASE p_photo_action WHEN 'keep' THEN directory_profile.photo_type ELSE EXCLUDED.photo_type END,
        photo_at = CASE p_photo_action WHEN 'keep' THEN directory_profile.photo_at ELSE EXCLUDED.photo_at END;
END;
$$;

-- Removes the member's own profile (on request). Returns whether there was one.
CREATE FUNCTION directory_remove(p_person bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM directory_profile WHERE person_id = p_person;
    RETURN FOUND;
END;
$$;

-- Removes the profiles of persons who are no longer members (their membership ended) or
-- whose account is closing. Returns how many.
CREATE FUNCTION directory_expire() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM directory_profile d USING person p
    WHERE p.id = d.person_id AND (p.status <> 'active' OR NOT is_member_on(p.id, paris_today()));
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

-- A membership cancelled or ended early, an account closing: the profile goes at once.
CREATE FUNCTION directory_drop_on_end() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
BEGIN
    -- Read through jsonb: person has no person_id column and membership no status of person.
    IF TG_OP = 'DELETE' THEN
        v_person := (to_jsonb(OLD)->>'person_id')::bigint;
    ELSIF TG_TABLE_NAME = 'person' THEN
        v_person := (to_jsonb(NEW)->>'id')::bigint;
    ELSE
        v_person := (to_jsonb(NEW)->>'person_id')::bigint;
    END IF;
    DELETE FROM directory_profile d USING person p
    WHERE d.person_id = v_person AND p.id = d.person_id
      AND (p.status <> 'active' OR NOT is_member_on(p.id, paris_today()));
    RETURN NULL;
END;
$$;
CREATE TRIGGER membership_directory_end AFTER UPDATE OR DELETE ON membership
    FOR EACH ROW EXECUTE FUNCTION directory_drop_on_end();
CREATE TRIGGER person_directory_end AFTER UPDATE OF status ON person
    FOR EACH ROW WHEN (NEW.status <> 'active') EXECUTE FUNCTION directory_drop_on_end();

-- cleanup_expired() (0017) runs directory_expire() too: the function of 0017 is kept under
-- another name and called first, so its list of clean-ups stays in one place.
ALTER FUNCTION cleanup_expired() RENAME TO cleanup_expired_0017;
CREATE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT c.what, c.deleted FROM cleanup_expired_0017() c;
    what := 'directory_profiles'; deleted := directory_expire(); RETURN NEXT;
END;
$$;
REVOKE EXECUTE ON FUNCTION cleanup_expired(), cleanup_expired_0017() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cleanup_expired() TO fontaine_admin;

------------------------------------------------------------------------------
-- One export of everything held on a person (GDPR art. 15 and 20): the staff export
-- (/admin/membres/<id>/donnees.json) and the member's own (/compte/donnees.json and the page
-- /compte/donnees) both read person_export_full. Replaced here to add what 0010 left out:
-- uses, the carnet's history, payments, reminders, SEPA mandates, consents and the directory
-- profile.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION person_export_full(p_person bigint) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH p AS (SELECT id, lower(email) AS email, newsletter, newsletter_at, created_at
               FROM person WHERE id = p_person)
    SELECT person_export(p.id)::jsonb || jsonb_build_object(
        -- person_export's formulas named by their label, not their internal code
        'formules', (SELECT coalesce(jsonb_agg(x ORDER BY x.creee_le), '[]') FROM (
            SELECT pr.label AS formule, f.unit_cents AS prix_centimes, f.status AS statut,
                   f.starts_on AS debut, f.ends_on AS fin, f.halfdays_total AS demi_journees,
                   f.halfdays_used AS demi_journees_utilisees, f.created_at AS creee_le
            FROM person_formula f JOIN price pr ON pr.code = f.price_code
            WHERE f.person_id = p.id) x),
        'reservations', (SELECT coalesce(jsonb_agg(x ORDER BY x.jour, x.debut), '[]') FROM (
            SELECT b.day AS jour, b.slot AS creneau, b.starts_at AS debut, b.ends_at AS fin,
                   r.name AS ressource, b.status AS statut, b.source AS origine,
                   b.contact_name AS contact, b.email, b.phone AS telephone,
                   b.company_name AS entreprise, b.purpose AS objet, b.attendees AS participants,
                   b.price_cents AS prix_centimes, b.covered_by AS reglement,
                   b.checked_in_at AS arrivee_le, b.created_at AS creee_le
            FROM booking b JOIN resource r ON r.id = b.resource_id
            WHERE b.person_id = p.id OR lower(b.email) = p.email) x),
        'utilisations', (SELECT coalesce(jsonb_agg(x ORDER BY x.jour, x.creneau), '[]') FROM (
            SELECT u.day AS jour, u.slot AS creneau, r.name AS ressource, u.source AS origine
            FROM use_halfday u JOIN resource r ON r.id = u.resource_id
            WHERE u.person_id = p.id AND u.day <= paris_today()) x),
        'carnet', (SELECT coalesce(jsonb_agg(x ORDER BY x.date, x.mouvement), '[]') FROM (
            SELECT f.created_at AS date, 'achat' AS mouvement, pr.label AS formule,
                   f.halfdays_total AS demi_journees
            FROM person_formula f JOIN price pr ON pr.code = f.price_code
            WHERE f.person_id = p.id AND f.halfdays_total IS NOT NULL
            UNION ALL
            SELECT b.starts_at, 'utilisation', pr.label, -1
            FROM booking b JOIN person_formula f ON f.id = b.formula_id
            JOIN price pr ON pr.code = f.price_code
            WHERE f.person_id = p.id AND b.covered_by = 'carnet'
              AND b.status IN ('confirmed', 'no_show')) x),
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
        'paiements', (SELECT coalesce(jsonb_agg(x ORDER BY x.date, x.facture), '[]') FROM (
            SELECT i.number AS facture, y.paid_on AS date, y.amount_cents AS montant_centimes,
                   y.method AS moyen, y.reference
            FROM payment y JOIN invoice i ON i.id = y.invoice_id WHERE i.person_id = p.id) x),
        'relances', (SELECT coalesce(jsonb_agg(x ORDER BY x.envoyee_le), '[]') FROM (
            SELECT i.number AS facture, r.level AS niveau, r.sent_at AS envoyee_le
            FROM invoice_reminder r JOIN invoice i ON i.id = r.invoice_id WHERE i.person_id = p.id) x),
        'mandats_sepa', (SELECT coalesce(jsonb_agg(x ORDER BY x.signe_le), '[]') FROM (
            SELECT m.rum AS reference_mandat, m.signed_on AS signe_le, m.debtor_name AS titulaire,
                   overlay(m.iban placing repeat('•', greatest(length(m.iban) - 8, 0)) from 5
                           for greatest(length(m.iban) - 8, 0)) AS iban,
                   m.status AS statut
            FROM sepa_mandate m WHERE m.person_id = p.id) x),
        'consentements', jsonb_build_object(
            'lettre_information', p.newsletter,
            'lettre_information_depuis', p.newsletter_at,
            'lettre_information_desinscrit_le',
                (SELECT o.at FROM newsletter_optout o WHERE o.email_lower = p.email),
            'annuaire_depuis', (SELECT d.consent_at FROM directory_profile d WHERE d.person_id = p.id)),
        'annuaire', (SELECT to_jsonb(x) FROM (
            SELECT d.activity AS activite, d.skills AS competences, d.offers AS propose,
                   d.looking_for AS recherche, d.contact AS contact, d.visibility AS visibilite,
                   d.consent_at AS consentement_le, d.photo IS NOT NULL AS photo,
                   d.updated_at AS modifie_le
            FROM directory_profile d WHERE d.person_id = p.id) x),
        'lettre_information', jsonb_build_object(
            'desinscrit_le', (SELECT o.at FROM newsletter_optout o WHERE o.email_lower = p.email)),
        'messages_contact', (SELECT coalesce(jsonb_agg(x ORDER BY x.envoye_le), '[]') FROM (
            SELECT c.created_at AS envoye_le, c.name AS nom, c.subject AS objet, c.body AS message
            FROM contact_message c WHERE lower(c.email) = p.email) x))
    FROM p;
$$;

-- The export as lines for the readable page: section, item number (0: a single object),
-- key, value (text), in the export's order.
CREATE FUNCTION person_export_lines(p_person bigint)
RETURNS TABLE (section text, item int, key text, value text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH e AS (SELECT person_export_full(p_person) AS j),
    s AS (SELECT k, v, o FROM e, jsonb_each(e.j) WITH ORDINALITY AS t (k, v, o))
    SELECT s.k, a.n::int, f.key, f.value #>> '{}'
    FROM s CROSS JOIN LATERAL jsonb_array_elements(s.v) WITH ORDINALITY AS a (el, n)
    CROSS JOIN LATERAL jsonb_each(CASE jsonb_typeof(a.el) WHEN 'object' THEN a.el ELSE '{}' END) f
    WHERE jsonb_typeof(s.v) = 'array'
    UNION ALL
    SELECT s.k, 0, f.key, f.value #>> '{}'
    FROM s CROSS JOIN LATERAL jsonb_each(s.v) f
    WHERE jsonb_typeof(s.v) = 'object'
    UNION ALL
    SELECT s.k, 0, s.k, s.v #>> '{}' FROM s WHERE jsonb_typeof(s.v) NOT IN ('array', 'object', 'null')
    ORDER BY 1, 2, 3;
$$;

------------------------------------------------------------------------------
-- The member portal's reads
------------------------------------------------------------------------------

-- The member's bookings from 30 days ago on (room and half-days), soonest first: id, kind
-- of resource, resource name, day, slot, start and end (epoch), status, price, whether it is
-- the room (a manage link), uid (for the .ics).
CREATE FUNCTION portal_bookings(p_person bigint)
RETURNS TABLE (id bigint, resource_kind text, resource_name text, day date, slot text,
               starts_at bigint, ends_at bigint, status text, price_cents int, covered_by text,
               is_room boolean, uid uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT b.id, r.kind, r.name, b.day, b.slot, extract(epoch FROM b.starts_at)::bigint,
           extract(epoch FROM b.ends_at)::bigint, b.status, b.price_cents, b.covered_by,
           b.source = 'room', b.uid
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.person_id = p_person AND b.day >= paris_today() - 30
      AND b.status IN ('requested', 'confirmed', 'held', 'no_show')
    ORDER BY b.starts_at
    LIMIT 60;
$$;

-- The carnet's history: each top-up (a carnet bought or activated) and each use, newest
-- first: date (epoch), what ('achat', 'utilisation'), label, half-days (+n or -1), status of
-- the carnet (requested: not active yet).
CREATE FUNCTION portal_carnet_history(p_person bigint)
RETURNS TABLE (at bigint, what text, label text, halfdays int, formula_status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM (
        SELECT extract(epoch FROM coalesce(f.starts_on::timestamptz, f.created_at))::bigint,
               'achat'::text, pr.label, f.halfdays_total, f.status
        FROM person_formula f JOIN price pr ON pr.code = f.price_code
        WHERE f.person_id = p_person AND f.halfdays_total IS NOT NULL AND f.status <> 'cancelled'
        UNION ALL
        SELECT extract(epoch FROM b.starts_at)::bigint, 'utilisation', r.name, -1, f.status
        FROM booking b JOIN person_formula f ON f.id = b.formula_id
        JOIN resource r ON r.id = b.resource_id
        WHERE f.person_id = p_person AND b.covered_by = 'carnet' AND b.status IN ('confirmed', 'no_show')
    ) h (at, what, label, halfdays, formula_status)
    ORDER BY 1 DESC
    LIMIT 100;
$$;

-- The member's invoice to pay next (the oldest unpaid issued one), or no row: number, due
-- date (epoch), amount left, the public token of its link.
CREATE FUNCTION portal_next_invoice(p_person bigint)
RETURNS TABLE (number text, due_on bigint, balance_cents bigint, public_token text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.number, extract(epoch FROM i.due_date::timestamp)::bigint,
           i.gross_cents - i.paid_cents, i.public_token
    FROM invoice i
    WHERE i.person_id = p_person AND i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid')
    ORDER BY i.due_date, i.id
    LIMIT 1;
$$;

------------------------------------------------------------------------------
-- Rights
------------------------------------------------------------------------------

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'directory_search(boolean,text,text)', 'directory_photo(bigint,boolean)',
        'directory_own(bigint)',
        'directory_save(bigint,text,text,text,text,text,text,text,bytea,text)',
        'directory_remove(bigint)', 'person_export_full(bigint)', 'person_export_lines(bigint)',
        'portal_bookings(bigint)', 'portal_carnet_history(bigint)', 'portal_next_invoice(bigint)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_signup', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY['directory_expire()', 'person_export_lines(bigint)', 'directory_remove(bigint)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_admin', f);
    END LOOP;
END;
$$;
GRANT SELECT ON directory_profile TO fontaine_admin;

------------------------------------------------------------------------------
-- The member's own room booking from the portal: a fresh manage link (the secret of the
-- booking's manage page is only stored hashed, so the portal cannot show the mailed one).
-- Returns whether p_person owns a live room booking p_booking (the link is then replaced).
------------------------------------------------------------------------------

CREATE FUNCTION booking_owner_relink(p_booking bigint, p_person bigint, p_hash bytea)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE booking SET manage_token_hash = p_hash
    WHERE id = p_booking AND person_id = p_person AND source = 'room'
      AND status IN ('requested', 'confirmed', 'quote');
    RETURN FOUND;
END;
$$;
REVOKE EXECUTE ON FUNCTION booking_owner_relink(bigint, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION booking_owner_relink(bigint, bigint, bytea) TO fontaine_booking;
