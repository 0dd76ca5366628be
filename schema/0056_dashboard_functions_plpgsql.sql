-- 0056: the small functions the dashboard calls, planned once per session (issue 16).
--
-- use_target_of (0035), person_spaces (0030), organisation_sales (0035) and setup_todo (0012)
-- are LANGUAGE sql functions that PostgreSQL cannot inline (SECURITY DEFINER, or a SET
-- clause), so each call parsed and planned its body again, as 0045 and 0046 found for the
-- booking and invoicing functions: use_target_of alone is called 13 times a dashboard (each
-- month of the target chart, and the month's days), about 0.1 ms a call on the ten-year
-- database; person_spaces runs for every staff request. PL/pgSQL keeps each statement's plan
-- for the session. Same signatures, volatility, security, search_path, grants and bodies.

CREATE OR REPLACE FUNCTION use_target_of(d date, p_space smallint) RETURNS int
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT target FROM use_target
                     WHERE space_id = p_space AND month = date_trunc('month', d)::date),
                    (SELECT value::int FROM app_setting WHERE key = 'use_target_default'), 200);
END;
$$;

CREATE OR REPLACE FUNCTION use_target_of(d date) RETURNS int
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    RETURN use_target_of(d, fontaine_space());
END;
$$;

CREATE OR REPLACE FUNCTION person_spaces(p_person bigint) RETURNS smallint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT CASE
        WHEN p.role = 'member' THEN '{}'::smallint[]
        WHEN EXISTS (SELECT 1 FROM staff_space s WHERE s.person_id = p.id)
            THEN ARRAY(SELECT s.space_id FROM staff_space s WHERE s.person_id = p.id ORDER BY 1)
        WHEN p.role = 'admin' THEN NULL
        ELSE ARRAY[(SELECT id FROM space WHERE is_default)]
    END
    FROM person p WHERE p.id = p_person);
END;
$$;

CREATE OR REPLACE FUNCTION organisation_sales(p_org smallint, p_from_year int, p_to_year int,
    OUT year int, OUT sales_cents bigint)
RETURNS SETOF record
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT extract(year FROM t.month)::int, sum(t.net_cents)::bigint
    FROM income_tally t
    WHERE t.organisation_id = p_org AND t.kind = 'document'
      AND t.month >= make_date(p_from_year, 1, 1) AND t.month < make_date(p_to_year + 1, 1, 1)
    GROUP BY 1;
END;
$$;

CREATE OR REPLACE FUNCTION setup_todo() RETURNS TABLE (item text, label text, hint text, href text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH o AS (SELECT * FROM organisation WHERE id = 1),
         s AS (SELECT key, value FROM app_setting)
    SELECT t.item, t.label, t.hint, t.href
      FROM (VALUES
        (1, 'organisation', 'Identité de l’association',
         'Nom de l’espace, nom et forme juridique de l’association, adresse, e-mail et téléphone de contact.',
         '/admin/contenu/organisation',
         NOT EXISTS (SELECT 1 FROM o) OR EXISTS (SELECT 1 FROM o WHERE placeholder
            OR 'À renseigner' IN (name, legal_name, legal_form, street, city, phone)
            OR postcode = '00000' OR email LIKE '%.invalid')),
        (2, 'siret', 'SIREN et SIRET',
         'Ils figurent sur les factures et dans les mentions légales.',
         '/admin/contenu/organisation',
         NOT EXISTS (SELECT 1 FROM o WHERE siren IS NOT NULL AND siret IS NOT NULL)),
        (3, 'legal', 'Mentions légales',
         'Directeur·rice de la publication, nom et adresse de l’hébergeur du site.',
         '/admin/contenu/organisation',
         NOT EXISTS (SELECT 1 FROM o)
            OR EXISTS (SELECT 1 FROM o WHERE 'À renseigner' IN (publication_director, host_name, host_address))),
        (4, 'bank', 'Coordonnées bancaires des factures',
         'IBAN, BIC et identifiant créancier SEPA (ICS) : les valeurs actuelles sont des exemples, '
         'qui ne sont le compte de personne.',
         '/admin/contenu/organisation#banque',
         NOT EXISTS (SELECT 1 FROM s WHERE key = 'invoice_iban')
            OR (SELECT value FROM s WHERE key = 'invoice_iban') = (SELECT value FROM s WHERE key = 'setup_example_iban')
            OR NOT EXISTS (SELECT 1 FROM s WHERE key = 'sepa_creditor_id')
            OR (SELECT value FROM s WHERE key = 'sepa_creditor_id') = (SELECT value FROM s WHERE key = 'setup_example_creditor_id')),
        (5, 'hours', 'Horaires d’ouverture',
         'Sans horaires, l’espace est affiché fermé et aucune demi-journée ne peut être réservée.',
         '/admin/contenu/horaires',
         NOT EXISTS (SELECT 1 FROM opening_hours)),
        (6, 'prices', 'Tarifs',
         'La grille de tarifs publiée sur le site et utilisée pour l’adhésion et les réservations.',
         '/admin/contenu/tarifs',
         NOT EXISTS (SELECT 1 FROM price))
      ) AS t (ord, item, label, hint, href, missing)
     WHERE t.missing
     ORDER BY t.ord;
END;
$$;
