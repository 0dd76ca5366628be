-- Invoicing for the French e-invoicing rules (BR-FR) and SEPA: what the documents lacked.
--
-- * invoice.customer_vat_number: the buyer's VAT number (BT-48), entered by staff.
-- * organisation.vat_on_debits: the "option pour le paiement de la TVA d'après les débits"
--   (BT-8, art. 269-2-c du CGI); snapshot invoice.seller_vat_on_debits at issue.
-- * The canonical text of a document (schema/0009) gains two optional lines, written only
--   when the new facts are set, so that the hash of every document issued before this
--   migration is unchanged:
--     buyer_vat|<number>          after the buyer line, when customer_vat_number is set
--     vat_on_debits|1             after it, when seller_vat_on_debits is true
-- * The SEPA creditor identifier (ICS, app_setting sepa_creditor_id) must pass its ISO 7064
--   mod 97-10 check; the invalid default FR12ZZZ123456 is removed (no default: staff set it).
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

ALTER TABLE organisation ADD COLUMN IF NOT EXISTS vat_on_debits boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN organisation.vat_on_debits IS
    'Option pour le paiement de la TVA d''après les débits (BT-8 code 5 on invoices); only when VAT-registered.';

ALTER TABLE invoice ADD COLUMN IF NOT EXISTS customer_vat_number text
    CHECK (customer_vat_number ~ '^[A-Z]{2}[0-9A-Z]{2,13}$');
ALTER TABLE invoice ADD COLUMN IF NOT EXISTS seller_vat_on_debits boolean;
COMMENT ON COLUMN invoice.customer_vat_number IS 'The buyer''s VAT identifier (BT-48), e.g. FR44732829320.';
COMMENT ON COLUMN invoice.seller_vat_on_debits IS 'Snapshot at issue of organisation.vat_on_debits.';

-- The canonical text: 0009's, with the optional lines above.
CREATE OR REPLACE FUNCTION invoice_canonical_row(i invoice) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT 'fontaine-invoice-v1' || E'\n'
        || 'number|' || canon(i.number) || E'\n'
        || 'kind|' || i.kind || E'\n'
        || 'corrects|' || canon((SELECT c.number FROM invoice c WHERE c.id = i.corrects_id)) || E'\n'
        || 'dates|' || canon(i.issue_date::text) || '|' || canon(i.due_date::text) || '|'
            || canon(i.service_start::text) || '|' || canon(i.service_end::text) || '|' || i.payment_days || E'\n'
        || 'seller|' || concat_ws('|', canon(i.seller_name), canon(i.seller_street), canon(i.seller_postcode),
            canon(i.seller_city), canon(i.seller_siren), canon(i.seller_siret), canon(i.seller_rna),
            canon(i.seller_vat_status), canon(i.seller_vat_number)) || E'\n'
        || 'buyer|' || concat_ws('|', CASE WHEN i.customer_business THEN '1' ELSE '0' END,
            canon(i.customer_name), canon(i.customer_street), canon(i.customer_postcode),
            canon(i.customer_city), canon(i.customer_country), canon(i.customer_siren),
            canon(i.customer_email)) || E'\n'
        || CASE WHEN i.customer_vat_number IS NOT NULL
                THEN 'buyer_vat|' || canon(i.customer_vat_number) || E'\n' ELSE '' END
        || CASE WHEN i.seller_vat_on_debits THEN E'vat_on_debits|1\n' ELSE '' END
        || coalesce((SELECT string_agg('line|' || concat_ws('|', l.position, l.kind, canon(l.description),
                    l.quantity_milli, l.unit_code, l.unit_price_cents, l.vat_rate_bp, l.net_cents,
                    canon(l.service_start::text), canon(l.service_end::text)) || E'\n',
                    '' ORDER BY l.position, l.id)
                FROM invoice_line l WHERE l.invoice_id = i.id), '')
        || 'totals|' || canon(i.net_cents::text) || '|' || canon(i.vat_cents::text) || '|'
            || canon(i.gross_cents::text) || E'\n'
$$;

-- BEFORE UPDATE, draft → issued, fired before invoice_before_update (trigger names sort):
-- snapshots the option for VAT on debits, which that trigger's hash then covers.
CREATE OR REPLACE FUNCTION invoice_at_issue_snapshot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    NEW.seller_vat_on_debits := (SELECT o.vat_status = 'assujetti' AND o.vat_on_debits
                                 FROM organisation o WHERE o.id = 1);
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS invoice_at_issue_snapshot ON invoice;
CREATE TRIGGER invoice_at_issue_snapshot BEFORE UPDATE OF status ON invoice
    FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'issued')
    EXECUTE FUNCTION invoice_at_issue_snapshot();

-- A draft copied into a credit note keeps the buyer's VAT number.
CREATE OR REPLACE FUNCTION credit_note_copy_vat_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.corrects_id IS NOT NULL AND NEW.customer_vat_number IS NULL THEN
        NEW.customer_vat_number := (SELECT customer_vat_number FROM invoice WHERE id = NEW.corrects_id);
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS credit_note_copy_vat_number ON invoice;
CREATE TRIGGER credit_note_copy_vat_number BEFORE INSERT ON invoice
    FOR EACH ROW WHEN (NEW.kind = 'credit_note') EXECUTE FUNCTION credit_note_copy_vat_number();

------------------------------------------------------------------------------
-- The SEPA creditor identifier (ICS)
------------------------------------------------------------------------------

-- True when p_ics is a SEPA creditor identifier whose check digits hold: 2 letters (country),
-- 2 digits, a 3-character business code (not checked), the national identifier; ISO 7064
-- mod 97-10 on national identifier || country || check digits, letters as 10..35, = 1.
CREATE OR REPLACE FUNCTION ics_ok(p_ics text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    s text := upper(replace(p_ics, ' ', ''));
    r text := '';
    c text;
    m int := 0;
BEGIN
    IF s !~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$' THEN
        RETURN false;
    END IF;
    s := substr(s, 8) || substr(s, 1, 4);
    FOREACH c IN ARRAY regexp_split_to_array(s, '') LOOP
        r := r || CASE WHEN c ~ '[A-Z]' THEN (ascii(c) - 55)::text ELSE c END;
    END LOOP;
    FOREACH c IN ARRAY regexp_split_to_array(r, '') LOOP
        m := (m * 10 + c::int) % 97;
    END LOOP;
    RETURN m = 1;
END;
$$;

DELETE FROM app_setting WHERE key = 'sepa_creditor_id' AND NOT ics_ok(value);
ALTER TABLE app_setting ADD CONSTRAINT app_setting_sepa_creditor_id_ok
    CHECK (key <> 'sepa_creditor_id' OR ics_ok(value));
