-- 0043_export_all_spaces: a person's export (GDPR art. 15 and 20: /compte/donnees.json and the
-- staff's /admin/membres/<id>/export.json) holds their uses and bookings in every space of the
-- network, each with its place (the space's name, else its organisation's). 0025's version read use_halfday, which since 0034 holds the
-- connection's space only: a member of two spaces got the uses of the space they asked from.
-- Only the uses' source (use_halfday_all) and the place names change.

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
                   r.name AS ressource, coalesce(sp.name, o.name) AS lieu, b.status AS statut, b.source AS origine,
                   b.contact_name AS contact, b.email, b.phone AS telephone,
                   b.company_name AS entreprise, b.purpose AS objet, b.attendees AS participants,
                   b.price_cents AS prix_centimes, b.covered_by AS reglement,
                   b.checked_in_at AS arrivee_le, b.created_at AS creee_le
            FROM booking b JOIN resource r ON r.id = b.resource_id JOIN space sp ON sp.id = b.space_id
                 JOIN organisation o ON o.id = sp.organisation_id
            WHERE b.person_id = p.id OR lower(b.email) = p.email) x),
        'utilisations', (SELECT coalesce(jsonb_agg(x ORDER BY x.jour, x.creneau), '[]') FROM (
            SELECT u.day AS jour, u.slot AS creneau, r.name AS ressource, coalesce(sp.name, o.name) AS lieu, u.source AS origine
            FROM use_halfday_all u JOIN resource r ON r.id = u.resource_id JOIN space sp ON sp.id = u.space_id
                 JOIN organisation o ON o.id = sp.organisation_id
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

