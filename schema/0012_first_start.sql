-- First start without demo data: the one organisation row every page reads exists from the
-- schema on, with neutral placeholders the administrator replaces, and setup_todo() lists what
-- is still to fill in (the back office's dashboard shows it).
--
-- The placeholder row is marked (organisation.placeholder): an INSERT of the real organisation
-- (the demo data's, or an import's) replaces it instead of being ignored, and any UPDATE (the
-- back office's form) clears the mark.

ALTER TABLE organisation ADD COLUMN placeholder boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN organisation.placeholder IS
    'True for the row 0012_first_start.sql inserted, until it is edited or replaced.';

INSERT INTO organisation (id, name, legal_name, legal_form, street, postcode, city, email, phone,
                          siren, siret, rna, vat_status, vat_number, publication_director,
                          host_name, host_address, placeholder)
VALUES (1, 'À renseigner', 'À renseigner', 'À renseigner', 'À renseigner', '00000', 'À renseigner',
        'a-renseigner@exemple.invalid', 'À renseigner', NULL, NULL, NULL, 'franchise', NULL,
        'À renseigner', 'À renseigner', 'À renseigner', true)
ON CONFLICT (id) DO NOTHING;

-- An INSERT of the organisation while the placeholder row is there replaces that row.
CREATE FUNCTION organisation_replace_placeholder() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM organisation WHERE id = NEW.id AND placeholder) THEN
        RETURN NEW;
    END IF;
    UPDATE organisation
       SET name = NEW.name, legal_name = NEW.legal_name, legal_form = NEW.legal_form,
           street = NEW.street, postcode = NEW.postcode, city = NEW.city, email = NEW.email,
           phone = NEW.phone, siren = NEW.siren, siret = NEW.siret, rna = NEW.rna,
           vat_status = NEW.vat_status, vat_number = NEW.vat_number,
           publication_director = NEW.publication_director, host_name = NEW.host_name,
           host_address = NEW.host_address, placeholder = false
     WHERE id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER organisation_replace_placeholder BEFORE INSERT ON organisation
    FOR EACH ROW EXECUTE FUNCTION organisation_replace_placeholder();

-- An edited row is no longer the placeholder.
CREATE FUNCTION organisation_clear_placeholder() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.placeholder := false;
    RETURN NEW;
END;
$$;
CREATE TRIGGER organisation_clear_placeholder BEFORE UPDATE ON organisation
    FOR EACH ROW EXECUTE FUNCTION organisation_clear_placeholder();

-- 0009 set example bank details so that invoices render; they are not anyone's account.
-- setup_todo() reports them while they are still those values.
INSERT INTO app_setting (key, value) VALUES ('setup_example_iban', 'FR7630006000011234567890189'),
                                            ('setup_example_creditor_id', 'FR12ZZZ123456')
ON CONFLICT (key) DO NOTHING;

-- The bank details of the invoices, entered in the back office, have their banks' formats.
ALTER TABLE app_setting ADD CONSTRAINT app_setting_bank_details CHECK (
    CASE key
        WHEN 'invoice_iban' THEN iban_ok(value) AND value = upper(replace(value, ' ', ''))
        WHEN 'invoice_bic' THEN value ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'
        WHEN 'sepa_creditor_id' THEN value ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{3,31}$'
        ELSE true
    END);

-- What the administrator must fill in before going live, in the order to do it: one row per
-- item still missing (none once everything is set). label and hint are French, href the page
-- of the back office where it is done.
CREATE FUNCTION setup_todo()
RETURNS TABLE (item text, label text, hint text, href text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
$$;
REVOKE EXECUTE ON FUNCTION setup_todo() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION setup_todo() TO fontaine_admin;
COMMENT ON FUNCTION setup_todo() IS
    'The settings still missing before going live (organisation, SIRET, legal notices, bank '
    'details, hours, prices), in order; shown on the back office dashboard.';
