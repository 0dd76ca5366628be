-- 0033_invoicing_per_organisation.sql: invoicing per organisation (issue 15). Each
-- organisation (a legal entity, schema/0030) numbers its own invoices and credit notes (series
-- F and A per year), keeps its own hash chain, closes its own periods, exports its own FEC and
-- prepares its own SEPA batches with its own creditor identifier; nothing ever mixes two
-- organisations. A single-organisation install keeps every number, hash and closing it has:
-- its rows become organisation 1's, and organisation 1 keeps its bank and SEPA details in
-- app_setting, where the back office edits them.
--
-- The organisation of a document is the connection's (fontaine_org(), the organisation of
-- fontaine.space) when it is created; a credit note is its invoice's; a payment, a debit, a
-- closing are their invoice's, batch's or connection's. Composite foreign keys keep a payment,
-- a debit and a credit note in the organisation of what they refer to. Row-level security, as
-- in 0030, keeps a program acting for one organisation away from another's documents; the
-- SECURITY DEFINER functions below filter by fontaine_org() themselves.

------------------------------------------------------------------------------
-- Bank and SEPA details per organisation
------------------------------------------------------------------------------

-- Organisation 1 reads them in app_setting (invoice_iban, invoice_bic, sepa_creditor_id), as
-- before; another organisation here (a row here for organisation 1 wins over app_setting).
CREATE TABLE organisation_setting (
    organisation_id smallint NOT NULL REFERENCES organisation (id),
    key             text NOT NULL CHECK (key IN ('invoice_iban', 'invoice_bic', 'sepa_creditor_id',
                                                 'invoice_payment_days')),
    value           text NOT NULL,
    PRIMARY KEY (organisation_id, key),
    CONSTRAINT organisation_setting_value_ok CHECK (
        CASE key
            WHEN 'invoice_iban' THEN iban_ok(value) AND value = upper(replace(value, ' ', ''))
            WHEN 'invoice_bic' THEN value ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'
            WHEN 'sepa_creditor_id' THEN ics_ok(value)
            WHEN 'invoice_payment_days' THEN value ~ '^[0-9]{1,2}$' AND value::int <= 60
        END)
);
CREATE TRIGGER organisation_setting_audit AFTER INSERT OR UPDATE OR DELETE ON organisation_setting
    FOR EACH ROW EXECUTE FUNCTION audit_row();
COMMENT ON TABLE organisation_setting IS
    'The invoicing settings of an organisation (IBAN, BIC, SEPA creditor identifier, payment '
    'days): organisation 1 keeps them in app_setting, a row here overrides it.';

-- An organisation's invoicing setting: its row here, else (organisation 1) app_setting's.
CREATE FUNCTION organisation_setting_get(p_org smallint, p_key text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT value FROM organisation_setting WHERE organisation_id = p_org AND key = p_key),
                    (SELECT value FROM app_setting WHERE p_org = 1 AND key = p_key))
$$;
COMMENT ON FUNCTION organisation_setting_get(smallint, text) IS
    'The invoicing setting p_key of organisation p_org (organisation_setting, else app_setting '
    'for organisation 1); NULL when not set.';

------------------------------------------------------------------------------
-- Documents
------------------------------------------------------------------------------

ALTER TABLE invoice ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE invoice ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
-- Numbers and chain positions are per organisation.
ALTER TABLE invoice DROP CONSTRAINT invoice_number_key;
ALTER TABLE invoice ADD CONSTRAINT invoice_number_key UNIQUE (organisation_id, number);
ALTER TABLE invoice DROP CONSTRAINT invoice_chain_seq_key;
ALTER TABLE invoice ADD CONSTRAINT invoice_chain_seq_key UNIQUE (organisation_id, chain_seq);
-- For the composite keys below: what refers to a document is in its organisation.
ALTER TABLE invoice ADD CONSTRAINT invoice_id_organisation UNIQUE (id, organisation_id);
ALTER TABLE invoice ADD CONSTRAINT invoice_corrects_organisation
    FOREIGN KEY (corrects_id, organisation_id) REFERENCES invoice (id, organisation_id);
-- One monthly-run draft per customer, month and organisation.
DROP INDEX invoice_run_draft;
CREATE UNIQUE INDEX invoice_run_draft ON invoice (organisation_id, person_id, run_month)
    WHERE status = 'draft' AND run_month IS NOT NULL AND kind = 'invoice';
CREATE INDEX invoice_organisation_issue ON invoice (organisation_id, issue_date);

-- Counters per organisation, series and year.
ALTER TABLE invoice_counter ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE invoice_counter ALTER COLUMN organisation_id DROP DEFAULT;
ALTER TABLE invoice_counter DROP CONSTRAINT invoice_counter_pkey;
ALTER TABLE invoice_counter ADD PRIMARY KEY (organisation_id, series, year);
COMMENT ON TABLE invoice_counter IS
    'The last number given per organisation, series (F invoices, A credit notes) and year, and '
    'its date. Locked FOR UPDATE by the issuing transaction: numbers are continuous and '
    'chronological in each organisation.';

-- One chain head per organisation: id is the organisation's id (today's row, 1, is
-- organisation 1's chain).
ALTER TABLE invoice_chain DROP CONSTRAINT invoice_chain_id_check;
ALTER TABLE invoice_chain ALTER COLUMN id DROP DEFAULT;
ALTER TABLE invoice_chain ADD CONSTRAINT invoice_chain_organisation
    FOREIGN KEY (id) REFERENCES organisation (id);
INSERT INTO invoice_chain (id) SELECT id FROM organisation ON CONFLICT DO NOTHING;
COMMENT ON TABLE invoice_chain IS
    'Heads of the inalterability chains, one per organisation (id = organisation id): sequence '
    'and hash of its last issued document.';

-- A new organisation starts its chain at once (the issue trigger would also start it).
CREATE FUNCTION organisation_chain_start() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO invoice_chain (id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER organisation_chain_start AFTER INSERT ON organisation
    FOR EACH ROW EXECUTE FUNCTION organisation_chain_start();

------------------------------------------------------------------------------
-- Payments, mandates, SEPA batches, closings
------------------------------------------------------------------------------

-- A row's organisation is the one of the document it refers to, whatever the connection's.
CREATE FUNCTION organisation_from_invoice() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT i.organisation_id INTO NEW.organisation_id FROM invoice i WHERE i.id = NEW.invoice_id;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION organisation_from_invoice() IS
    'Trigger function: sets NEW.organisation_id to the organisation of NEW.invoice_id.';

ALTER TABLE payment ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1;
ALTER TABLE payment ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
ALTER TABLE payment ADD CONSTRAINT payment_invoice_organisation
    FOREIGN KEY (invoice_id, organisation_id) REFERENCES invoice (id, organisation_id);
CREATE TRIGGER payment_organisation BEFORE INSERT ON payment
    FOR EACH ROW EXECUTE FUNCTION organisation_from_invoice();
CREATE INDEX payment_organisation_paid_on ON payment (organisation_id, paid_on);

-- A mandate is given to one creditor: an organisation.
ALTER TABLE sepa_mandate ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE sepa_mandate ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
ALTER TABLE sepa_mandate DROP CONSTRAINT sepa_mandate_rum_key;
ALTER TABLE sepa_mandate ADD CONSTRAINT sepa_mandate_rum_key UNIQUE (organisation_id, rum);
DROP INDEX sepa_mandate_one_active;
CREATE UNIQUE INDEX sepa_mandate_one_active ON sepa_mandate (organisation_id, person_id) WHERE status = 'active';
ALTER TABLE sepa_mandate ADD CONSTRAINT sepa_mandate_id_organisation UNIQUE (id, organisation_id);

ALTER TABLE sepa_batch ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE sepa_batch ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
ALTER TABLE sepa_batch ADD CONSTRAINT sepa_batch_id_organisation UNIQUE (id, organisation_id);

-- A debit, its batch, its invoice and its mandate are of one organisation.
ALTER TABLE sepa_debit ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1;
ALTER TABLE sepa_debit ALTER COLUMN organisation_id DROP DEFAULT;
ALTER TABLE sepa_debit ADD CONSTRAINT sepa_debit_batch_organisation
    FOREIGN KEY (batch_id, organisation_id) REFERENCES sepa_batch (id, organisation_id);
ALTER TABLE sepa_debit ADD CONSTRAINT sepa_debit_invoice_organisation
    FOREIGN KEY (invoice_id, organisation_id) REFERENCES invoice (id, organisation_id);
ALTER TABLE sepa_debit ADD CONSTRAINT sepa_debit_mandate_organisation
    FOREIGN KEY (mandate_id, organisation_id) REFERENCES sepa_mandate (id, organisation_id);
-- A debit is in its batch's organisation (the keys above then hold its invoice and mandate to it).
CREATE FUNCTION organisation_from_batch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT b.organisation_id INTO NEW.organisation_id FROM sepa_batch b WHERE b.id = NEW.batch_id;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION organisation_from_batch() IS
    'Trigger function: sets NEW.organisation_id to the organisation of NEW.batch_id.';
CREATE TRIGGER sepa_debit_organisation BEFORE INSERT ON sepa_debit
    FOR EACH ROW EXECUTE FUNCTION organisation_from_batch();

ALTER TABLE period_closing ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE period_closing ALTER COLUMN organisation_id DROP DEFAULT;
ALTER TABLE period_closing DROP CONSTRAINT period_closing_kind_period_start_key;
ALTER TABLE period_closing ADD CONSTRAINT period_closing_kind_period_start_key
    UNIQUE (organisation_id, kind, period_start);
COMMENT ON TABLE period_closing IS
    'Closed periods (month or year) of an organisation: the archive of its documents, its '
    'SHA-256, and a hash sha256(previous closing hash of the organisation || LF || '
    'archive_sha256) chaining its closings. Append-only.';

-- Grants and subsidies fund an organisation (the public share of its income).
ALTER TABLE funding ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE funding ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
CREATE INDEX funding_organisation_period ON funding (organisation_id, period_start);

------------------------------------------------------------------------------
-- Views: the connection's organisation (views run as their owner, past row-level security)
------------------------------------------------------------------------------

CREATE OR REPLACE VIEW invoice_overdue AS
    SELECT i.id, i.number, i.customer_name, i.customer_email, i.customer_business, i.issue_date,
           i.due_date, i.gross_cents, i.paid_cents, i.gross_cents - i.paid_cents AS balance_cents,
           paris_today() - i.due_date AS days_late,
           (SELECT max(level) FROM invoice_reminder r WHERE r.invoice_id = i.id) AS last_level,
           i.public_token, i.organisation_id
    FROM invoice i
    WHERE i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid') AND i.due_date < paris_today()
      AND (i.organisation_id = (SELECT fontaine_org()) OR (SELECT fontaine_network()));

CREATE OR REPLACE VIEW customer_balance AS
    SELECT coalesce(i.person_id::text, 'nom:' || i.customer_name) AS customer_key,
           min(i.customer_name) AS customer_name,
           sum(i.gross_cents) FILTER (WHERE i.kind = 'invoice' AND i.status <> 'cancelled') AS invoiced_cents,
           sum(i.paid_cents) AS paid_cents,
           sum(i.gross_cents - i.paid_cents)
               FILTER (WHERE i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid')) AS balance_cents
    FROM invoice i WHERE i.status <> 'draft' AND i.organisation_id = (SELECT fontaine_org())
    GROUP BY 1;

------------------------------------------------------------------------------
-- The functions that number, chain, close, verify, run and debit: per organisation
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION credit_note_create(p_invoice bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_line bigint;
    v_inv invoice;
    r invoice_line;
BEGIN
    SELECT * INTO v_inv FROM invoice WHERE id = p_invoice FOR UPDATE;
    IF v_inv.id IS NULL OR v_inv.kind <> 'invoice' OR v_inv.status <> 'issued' OR v_inv.paid_cents <> 0 THEN
        RAISE EXCEPTION 'invoice % cannot be cancelled', p_invoice USING ERRCODE = 'FTI09';
    END IF;
    SELECT id INTO v_id FROM invoice WHERE corrects_id = p_invoice;
    IF v_id IS NOT NULL THEN
        RETURN v_id;
    END IF;
    INSERT INTO invoice (organisation_id, kind, corrects_id, person_id, customer_business, customer_name, customer_street,
                         customer_postcode, customer_city, customer_country, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    VALUES (v_inv.organisation_id, 'credit_note', p_invoice, v_inv.person_id, v_inv.customer_business, v_inv.customer_name,
            v_inv.customer_street, v_inv.customer_postcode, v_inv.customer_city, v_inv.customer_country,
            v_inv.customer_siren, v_inv.customer_email, v_inv.service_start, v_inv.service_end, 0)
    RETURNING id INTO v_id;
    FOR r IN SELECT * FROM invoice_line WHERE invoice_id = p_invoice ORDER BY position, id LOOP
        INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                                  unit_price_cents, vat_rate_bp, service_start, service_end)
        VALUES (v_id, r.position, r.kind, r.description, r.quantity_milli, r.unit_code,
                r.unit_price_cents, r.vat_rate_bp, r.service_start, r.service_end)
        RETURNING id INTO v_line;
        INSERT INTO invoice_line_allowance_charge (line_id, charge, amount_cents, base_cents, percent_bp,
                                                   reason, reason_code)
        SELECT v_line, charge, amount_cents, base_cents, percent_bp, reason, reason_code
        FROM invoice_line_allowance_charge WHERE line_id = r.id ORDER BY id;
    END LOOP;
    INSERT INTO invoice_allowance_charge (invoice_id, charge, amount_cents, base_cents, percent_bp, reason,
                                          reason_code, vat_rate_bp)
    SELECT v_id, charge, amount_cents, base_cents, percent_bp, reason, reason_code, vat_rate_bp
    FROM invoice_allowance_charge WHERE invoice_id = p_invoice ORDER BY id;
    RETURN v_id;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_at_issue_snapshot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    NEW.seller_vat_on_debits := (SELECT o.vat_status = 'assujetti' AND o.vat_on_debits
                                 FROM organisation o WHERE o.id = NEW.organisation_id);
    RETURN NEW;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_before_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_series char(1);
    v_year int;
    v_counter invoice_counter;
    v_head invoice_chain;
    v_org organisation;
    v_paid bigint;
    v_n int;
BEGIN
    IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
        RAISE EXCEPTION 'a document stays with its organisation' USING ERRCODE = 'FTI08';
    END IF;
    IF OLD.status = 'draft' THEN
        IF NEW.status = 'draft' THEN
            IF NEW.number IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.chain_seq IS NOT NULL THEN
                RAISE EXCEPTION 'a draft has no number nor hash' USING ERRCODE = 'FTI08';
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.status <> 'issued' THEN
            RAISE EXCEPTION 'a draft can only be issued' USING ERRCODE = 'FTI08';
        END IF;
        IF NEW.paid_cents <> 0 OR NEW.kind IS DISTINCT FROM OLD.kind
           OR NEW.corrects_id IS DISTINCT FROM OLD.corrects_id THEN
            RAISE EXCEPTION 'inconsistent issue' USING ERRCODE = 'FTI08';
        END IF;
        -- The chain head first, then the counter: every issuer takes them in this order.
        INSERT INTO invoice_chain (id) VALUES (NEW.organisation_id) ON CONFLICT DO NOTHING;
        SELECT * INTO v_head FROM invoice_chain WHERE id = NEW.organisation_id FOR UPDATE;
        NEW.issue_date := coalesce(NEW.issue_date, paris_today());
        IF NEW.issue_date > paris_today() THEN
            RAISE EXCEPTION 'issue date % is in the future', NEW.issue_date USING ERRCODE = 'FTI04';
        END IF;
        IF EXISTS (SELECT 1 FROM period_closing WHERE organisation_id = NEW.organisation_id
                   AND period_end >= NEW.issue_date) THEN
            RAISE EXCEPTION 'the period of % is closed', NEW.issue_date USING ERRCODE = 'FTI03';
        END IF;
        SELECT count(*) INTO v_n FROM invoice_line WHERE invoice_id = NEW.id;
        IF v_n = 0 THEN
            RAISE EXCEPTION 'an invoice needs at least one line' USING ERRCODE = 'FTI01';
        END IF;
        IF NEW.customer_business AND NEW.customer_siren IS NULL THEN
            RAISE EXCEPTION 'a business customer needs a SIREN' USING ERRCODE = 'FTI02';
        END IF;
        IF NEW.customer_business AND (NEW.customer_street IS NULL OR NEW.customer_postcode IS NULL
                                      OR NEW.customer_city IS NULL) THEN
            RAISE EXCEPTION 'a business customer needs an address' USING ERRCODE = 'FTI13';
        END IF;
        SELECT * INTO v_org FROM organisation WHERE id = NEW.organisation_id;
        IF v_org.id IS NULL THEN
            RAISE EXCEPTION 'no organisation' USING ERRCODE = 'FTI08';
        END IF;
        IF v_org.vat_status = 'franchise'
           AND EXISTS (SELECT 1 FROM invoice_line WHERE invoice_id = NEW.id AND vat_rate_bp <> 0) THEN
            RAISE EXCEPTION 'VAT is not applicable (art. 293 B du CGI)' USING ERRCODE = 'FTI05';
        END IF;
        IF NEW.kind = 'credit_note' THEN
            -- The corrected invoice: issued, unpaid, not cancelled yet.
            PERFORM 1 FROM invoice WHERE id = NEW.corrects_id AND kind = 'invoice'
                AND organisation_id = NEW.organisation_id
                AND status = 'issued' AND paid_cents = 0 FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'the corrected invoice cannot be cancelled' USING ERRCODE = 'FTI09';
            END IF;
        END IF;

        v_series := CASE NEW.kind WHEN 'invoice' THEN 'F' ELSE 'A' END;
        v_year := extract(year FROM NEW.issue_date)::int;
        INSERT INTO invoice_counter (organisation_id, series, year)
            VALUES (NEW.organisation_id, v_series, v_year) ON CONFLICT DO NOTHING;
        SELECT * INTO v_counter FROM invoice_counter
            WHERE organisation_id = NEW.organisation_id AND series = v_series AND year = v_year FOR UPDATE;
        IF v_counter.last_date > NEW.issue_date THEN
            RAISE EXCEPTION 'issue date % before the last one of the series (%)',
                NEW.issue_date, v_counter.last_date USING ERRCODE = 'FTI04';
        END IF;
        UPDATE invoice_counter SET last_number = last_number + 1, last_date = NEW.issue_date
            WHERE organisation_id = NEW.organisation_id AND series = v_series AND year = v_year
            RETURNING last_number INTO v_n;
        NEW.number := v_series || v_year || '-' || lpad(v_n::text, 5, '0');
        NEW.due_date := NEW.issue_date + NEW.payment_days;
        NEW.issued_at := now();
        NEW.seller_name := v_org.legal_name;
        NEW.seller_street := v_org.street;
        NEW.seller_postcode := v_org.postcode;
        NEW.seller_city := v_org.city;
        NEW.seller_siren := v_org.siren;
        NEW.seller_siret := v_org.siret;
        NEW.seller_rna := v_org.rna;
        NEW.seller_vat_status := v_org.vat_status;
        NEW.seller_vat_number := v_org.vat_number;
        NEW.seller_email := v_org.email;
        -- EN 16931 totals: line nets summed; VAT per rate on the rate's basis, half-up.
        SELECT coalesce(sum(basis), 0), coalesce(sum(div(basis * rate + 5000, 10000)), 0)
          INTO NEW.net_cents, NEW.vat_cents
          FROM (SELECT vat_rate_bp AS rate, sum(net_cents) AS basis FROM invoice_line
                WHERE invoice_id = NEW.id GROUP BY vat_rate_bp) g;
        NEW.gross_cents := NEW.net_cents + NEW.vat_cents;
        NEW.chain_seq := v_head.last_seq + 1;
        NEW.prev_hash := v_head.last_hash;
        NEW.hash := invoice_hash(NEW.prev_hash, invoice_canonical_row(NEW));
        UPDATE invoice_chain SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE id = NEW.organisation_id;
        RETURN NEW;
    END IF;

    -- Issued documents: the content never changes.
    IF (to_jsonb(NEW) - ARRAY['status', 'paid_cents']) IS DISTINCT FROM
       (to_jsonb(OLD) - ARRAY['status', 'paid_cents']) THEN
        RAISE EXCEPTION 'document % is issued: it cannot be changed', OLD.number USING ERRCODE = 'FTI08';
    END IF;
    IF OLD.status = 'cancelled' AND (NEW.status <> 'cancelled' OR NEW.paid_cents <> OLD.paid_cents) THEN
        RAISE EXCEPTION 'document % is cancelled', OLD.number USING ERRCODE = 'FTI08';
    END IF;
    SELECT coalesce(sum(amount_cents), 0) INTO v_paid FROM payment WHERE invoice_id = OLD.id;
    IF NEW.paid_cents <> v_paid THEN
        RAISE EXCEPTION 'paid_cents follows the payments' USING ERRCODE = 'FTI08';
    END IF;
    IF NEW.status = 'cancelled' THEN
        IF NOT EXISTS (SELECT 1 FROM invoice c WHERE c.corrects_id = OLD.id AND c.kind = 'credit_note'
                       AND c.status = 'issued') OR v_paid <> 0 THEN
            RAISE EXCEPTION 'only an issued credit note cancels an invoice' USING ERRCODE = 'FTI09';
        END IF;
    ELSIF NEW.status <> (CASE WHEN OLD.kind = 'credit_note' THEN 'issued'
                              WHEN v_paid = 0 THEN 'issued'
                              WHEN v_paid < OLD.gross_cents THEN 'partly_paid' ELSE 'paid' END) THEN
        RAISE EXCEPTION 'status follows the payments' USING ERRCODE = 'FTI08';
    END IF;
    RETURN NEW;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_chain_verify(OUT ok boolean, OUT checked bigint, OUT broken text, OUT reason text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_org smallint := fontaine_org();
    r record;
    v_prev text := repeat('0', 64);
    v_seq bigint := 0;
    v_head invoice_chain;
BEGIN
    ok := true;
    checked := 0;
    FOR r IN SELECT i.id, i.number, i.chain_seq, i.prev_hash, i.hash, f.invoice_id AS frozen, f.at_issue,
                    f.seal, f.pdf_sha256, f.xml_sha256,
                    encode(digest(f.pdf, 'sha256'), 'hex') AS pdf_now, encode(digest(f.xml, 'sha256'), 'hex') AS xml_now,
                    ca.canonical
             FROM invoice i LEFT JOIN invoice_frozen f ON f.invoice_id = i.id
             -- every canonical text in one set-wise query (0031), not one call per document
             LEFT JOIN invoice_canonical_all() ca ON ca.id = i.id
             WHERE i.organisation_id = v_org AND i.status <> 'draft' ORDER BY i.chain_seq LOOP
        IF r.chain_seq <> v_seq + 1 THEN
            ok := false; broken := r.number;
            reason := format('maillon manquant avant %s (n° de chaîne %s attendu, %s trouvé)',
                             r.number, v_seq + 1, r.chain_seq);
            RETURN;
        END IF;
        IF r.prev_hash IS DISTINCT FROM v_prev THEN
            ok := false; broken := r.number;
            reason := 'l’empreinte précédente enregistrée ne correspond pas au document précédent';
            RETURN;
        END IF;
        IF r.hash IS DISTINCT FROM invoice_hash(r.prev_hash, r.canonical) THEN
            ok := false; broken := r.number;
            reason := 'le contenu ne correspond plus à son empreinte (document modifié)';
            RETURN;
        END IF;
        IF r.frozen IS NOT NULL AND (r.pdf_now <> r.pdf_sha256 OR r.xml_now <> r.xml_sha256
           OR r.seal <> invoice_hash(r.hash, invoice_frozen_canonical(r.pdf_sha256, r.xml_sha256))) THEN
            ok := false; broken := r.number;
            reason := 'le PDF ou le XML conservé ne correspond plus à son empreinte (fichier modifié)';
            RETURN;
        END IF;
        v_prev := CASE WHEN r.at_issue THEN r.seal ELSE r.hash END;
        v_seq := r.chain_seq;
        checked := checked + 1;
    END LOOP;
    SELECT * INTO v_head FROM invoice_chain WHERE id = v_org;
    v_head.last_seq := coalesce(v_head.last_seq, 0);
    v_head.last_hash := coalesce(v_head.last_hash, repeat('0', 64));
    IF v_head.last_seq <> v_seq OR v_head.last_hash <> v_prev THEN
        ok := false; broken := 'fin de chaîne';
        reason := format('la tête de chaîne (n° %s) ne correspond pas au dernier document (n° %s) : '
                         'document supprimé ?', v_head.last_seq, v_seq);
        RETURN;
    END IF;
    v_prev := repeat('0', 64);
    FOR r IN SELECT id, kind, period_start, archive, archive_sha256, prev_hash, hash
             FROM period_closing WHERE organisation_id = v_org ORDER BY id LOOP
        IF r.prev_hash <> v_prev
           OR r.archive_sha256 <> encode(digest(convert_to(r.archive, 'UTF8'), 'sha256'), 'hex')
           OR r.hash <> invoice_hash(r.prev_hash, r.archive_sha256) THEN
            ok := false;
            broken := 'clôture ' || to_char(r.period_start, CASE r.kind WHEN 'month' THEN 'YYYY-MM' ELSE 'YYYY' END);
            reason := 'l’archive ou son chaînage ne correspond plus à son empreinte';
            RETURN;
        END IF;
        v_prev := r.hash;
        checked := checked + 1;
    END LOOP;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_freeze(p_id bigint, p_pdf bytea, p_xml bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_inv invoice;
    v_head invoice_chain;
    v_pdf text := encode(digest(p_pdf, 'sha256'), 'hex');
    v_xml text := encode(digest(p_xml, 'sha256'), 'hex');
    v_seal text;
    v_at_issue boolean := false;
BEGIN
    SELECT * INTO v_inv FROM invoice WHERE id = p_id;
    IF v_inv.id IS NULL OR v_inv.status = 'draft' THEN
        RAISE EXCEPTION 'document % is not issued', p_id USING ERRCODE = 'FTI30';
    END IF;
    IF EXISTS (SELECT 1 FROM invoice_frozen WHERE invoice_id = p_id) THEN
        RETURN false;
    END IF;
    IF v_inv.issued_at = now() THEN
        -- Issued by this transaction: the issue holds the chain lock already.
        SELECT * INTO v_head FROM invoice_chain WHERE id = v_inv.organisation_id FOR UPDATE;
        v_at_issue := v_head.last_seq = v_inv.chain_seq AND v_head.last_hash = v_inv.hash;
    END IF;
    v_seal := invoice_hash(v_inv.hash, invoice_frozen_canonical(v_pdf, v_xml));
    INSERT INTO invoice_frozen (invoice_id, pdf, pdf_sha256, xml, xml_sha256, seal, at_issue)
    VALUES (p_id, p_pdf, v_pdf, p_xml, v_xml, v_seal, v_at_issue)
    ON CONFLICT (invoice_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v_at_issue THEN
        UPDATE invoice_chain SET last_hash = v_seal WHERE id = v_inv.organisation_id;
    END IF;
    RETURN v_at_issue;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_issue_allowances() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_old_hash text := NEW.hash;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM invoice_allowance_charge WHERE invoice_id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM invoice_line_allowance_charge a JOIN invoice_line l ON l.id = a.line_id
                       WHERE l.invoice_id = NEW.id) THEN
        RETURN NEW;
    END IF;
    IF NEW.seller_vat_status = 'franchise'
       AND EXISTS (SELECT 1 FROM invoice_allowance_charge WHERE invoice_id = NEW.id AND vat_rate_bp <> 0) THEN
        RAISE EXCEPTION 'VAT is not applicable (art. 293 B du CGI)' USING ERRCODE = 'FTI05';
    END IF;
    IF EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = NEW.id AND invoice_line_net(l.id) < 0) THEN
        RAISE EXCEPTION 'the allowances of a line exceed it' USING ERRCODE = 'FTI14';
    END IF;
    IF EXISTS (SELECT 1 FROM (SELECT rate, sum(amount) AS basis FROM (
                   SELECT l.vat_rate_bp AS rate, invoice_line_net(l.id) AS amount
                   FROM invoice_line l WHERE l.invoice_id = NEW.id
                   UNION ALL
                   SELECT a.vat_rate_bp, CASE WHEN a.charge THEN a.amount_cents ELSE -a.amount_cents END
                   FROM invoice_allowance_charge a WHERE a.invoice_id = NEW.id) x GROUP BY rate) g
               WHERE basis < 0) THEN
        RAISE EXCEPTION 'the allowances exceed the lines at their VAT rate' USING ERRCODE = 'FTI14';
    END IF;
    SELECT coalesce(sum(basis), 0), coalesce(sum(div(basis * rate + 5000, 10000)), 0)
      INTO NEW.net_cents, NEW.vat_cents
      FROM (SELECT rate, sum(amount) AS basis FROM (
                SELECT l.vat_rate_bp AS rate, invoice_line_net(l.id) AS amount
                FROM invoice_line l WHERE l.invoice_id = NEW.id
                UNION ALL
                SELECT a.vat_rate_bp, CASE WHEN a.charge THEN a.amount_cents ELSE -a.amount_cents END
                FROM invoice_allowance_charge a WHERE a.invoice_id = NEW.id) x GROUP BY rate) g;
    NEW.gross_cents := NEW.net_cents + NEW.vat_cents;
    NEW.hash := invoice_hash(NEW.prev_hash, invoice_canonical_row(NEW));
    UPDATE invoice_chain SET last_hash = NEW.hash
        WHERE id = NEW.organisation_id AND last_seq = NEW.chain_seq AND last_hash = v_old_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the chain head moved during the issue' USING ERRCODE = 'FTI08';
    END IF;
    RETURN NEW;
END;
$$;
CREATE OR REPLACE PROCEDURE invoice_issue_month(p_month date, p_date date, INOUT issued int DEFAULT 0,
                                     INOUT left_draft int DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_ok boolean;
    v_franchise boolean := (SELECT vat_status = 'franchise' FROM organisation WHERE id = fontaine_org());
    v_n int := 0;
BEGIN
    issued := 0;
    left_draft := 0;
    FOR v_id, v_ok IN
        SELECT i.id, EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id)
               AND (NOT i.customer_business OR (i.customer_siren IS NOT NULL AND i.customer_street IS NOT NULL
                    AND i.customer_postcode IS NOT NULL AND i.customer_city IS NOT NULL))
               AND NOT (v_franchise AND EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id
                                                AND l.vat_rate_bp <> 0))
        FROM invoice i WHERE i.run_month = date_trunc('month', p_month)::date AND i.status = 'draft'
          AND i.organisation_id = fontaine_org()
        ORDER BY i.id
    LOOP
        IF NOT v_ok THEN
            left_draft := left_draft + 1;
            CONTINUE;
        END IF;
        PERFORM invoice_issue(v_id, p_date);
        issued := issued + 1;
        v_n := v_n + 1;
        IF v_n % 50 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_person_sources_now(p_person bigint, p_keys text[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_month date := date_trunc('month', paris_today())::date;
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'invoice_payment_days'), 30);
    v_invoice bigint;
    v_first date;
    v_last date;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.invoice_run'));
    CREATE TEMP TABLE now_src ON COMMIT DROP AS
        SELECT s.* FROM invoice_run_sources(v_month) s
        WHERE s.person_id = p_person AND s.customer_name IS NULL AND s.source_key = ANY (p_keys);
    SELECT min(service_start), max(service_end) INTO v_first, v_last FROM now_src;
    IF v_first IS NULL THEN
        DROP TABLE now_src;
        RETURN NULL;
    END IF;
    SELECT id INTO v_invoice FROM invoice WHERE organisation_id = fontaine_org()
        AND person_id = p_person AND run_month = v_month
        AND status = 'draft' AND kind = 'invoice' ORDER BY id LIMIT 1;
    IF v_invoice IS NULL THEN
        INSERT INTO invoice (kind, person_id, run_month, customer_business, customer_name,
                             customer_street, customer_postcode, customer_city, customer_siren,
                             customer_email, service_start, service_end, payment_days)
        SELECT 'invoice', p.id, v_month, p.profile = 'organisation' OR p.siret IS NOT NULL,
               CASE WHEN p.company_name IS NOT NULL AND (p.profile = 'organisation' OR p.siret IS NOT NULL)
                    THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
               p.billing_street, p.billing_postcode, p.billing_city,
               coalesce(p.siren, left(p.siret, 9)), p.email, v_first, v_last, v_days
        FROM person p WHERE p.id = p_person
        RETURNING id INTO v_invoice;
    END IF;
    INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                              unit_price_cents, vat_rate_bp, service_start, service_end, source_key)
    SELECT v_invoice, row_number() OVER (ORDER BY s.service_start, s.source_key)
                 + coalesce((SELECT max(position) FROM invoice_line x WHERE x.invoice_id = v_invoice), 0),
           s.kind, s.description, s.quantity_milli, s.unit_code, s.unit_price_cents, 0,
           s.service_start, s.service_end, s.source_key
    FROM now_src s
    ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING;
    UPDATE invoice SET service_start = least(service_start, v_first), service_end = greatest(service_end, v_last)
    WHERE id = v_invoice AND (service_start > v_first OR service_end < v_last
                              OR service_start IS NULL OR service_end IS NULL);
    DROP TABLE now_src;
    RETURN v_invoice;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_remind(p_invoice bigint, p_level int, p_link text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    o invoice_overdue;
    v_org organisation;
    v_text text;
    v_id bigint;
BEGIN
    SELECT * INTO o FROM invoice_overdue WHERE id = p_invoice;
    IF o.id IS NULL OR o.customer_email IS NULL OR p_level NOT IN (1, 2)
       OR (p_level = 2 AND coalesce(o.last_level, 0) < 1)
       OR EXISTS (SELECT 1 FROM invoice_reminder WHERE invoice_id = p_invoice AND level = p_level) THEN
        RAISE EXCEPTION 'no reminder % for invoice %', p_level, p_invoice USING ERRCODE = 'FTI10';
    END IF;
    SELECT * INTO v_org FROM organisation WHERE id = (SELECT organisation_id FROM invoice WHERE id = p_invoice);
    v_text := 'Bonjour,' || E'\n\n'
        || CASE p_level WHEN 1 THEN 'Sauf erreur de notre part, la facture '
                        ELSE 'Malgré notre premier rappel, la facture ' END
        || o.number || ' du ' || to_char(o.issue_date, 'DD/MM/YYYY') || ', échue le '
        || to_char(o.due_date, 'DD/MM/YYYY') || ', reste impayée : '
        || replace(to_char(o.balance_cents / 100.0, 'FM999999990.00'), '.', ',') || ' € restent dus.'
        || E'\n\n' || 'Vous pouvez la consulter et la télécharger ici : ' || p_link
        || CASE WHEN o.customer_business THEN E'\n\n'
            || 'Conformément à l’article L441-10 du Code de commerce, tout retard de paiement '
            || 'entraîne de plein droit des pénalités de retard au taux d’intérêt appliqué par la '
            || 'Banque centrale européenne à son opération de refinancement la plus récente, '
            || 'majoré de 10 points, ainsi qu’une indemnité forfaitaire pour frais de recouvrement '
            || 'de 40 €.' ELSE '' END
        || CASE p_level WHEN 2 THEN E'\n\n' || 'Sans règlement de votre part sous huit jours, '
            || 'nous serons contraints d’engager une procédure de recouvrement.' ELSE '' END
        || E'\n\n' || 'Si vous avez réglé cette facture entre-temps, merci de ne pas tenir compte de ce message.'
        || E'\n\n' || v_org.name || ' — ' || v_org.legal_name || E'\n' || v_org.email || E'\n';
    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (o.customer_email, v_org.email,
            CASE p_level WHEN 1 THEN 'Rappel : facture ' ELSE 'Second rappel : facture ' END
                || o.number || ' impayée', v_text)
    RETURNING id INTO v_id;
    INSERT INTO invoice_reminder (invoice_id, level, outbox_id) VALUES (p_invoice, p_level, v_id);
    RETURN v_id;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_run(p_month date) RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_org smallint := fontaine_org();
    v_month date := date_trunc('month', p_month)::date;
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'invoice_payment_days'), 30);
    v_lines int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.invoice_run'));
    CREATE TEMP TABLE run_src ON COMMIT DROP AS
        SELECT s.*, NULL::bigint AS invoice_id,
               CASE WHEN s.customer_name IS NOT NULL THEN concat_ws('|', s.customer_business, canon(s.customer_name),
                   canon(s.customer_street), canon(s.customer_postcode), canon(s.customer_city),
                   canon(s.customer_siren), canon(s.customer_email)) END AS customer_key
        FROM invoice_run_sources(v_month) s;

    -- A person's draft (0009).
    INSERT INTO invoice (organisation_id, kind, person_id, run_month, customer_business, customer_name,
                         customer_street, customer_postcode, customer_city, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    SELECT v_org, 'invoice', p.id, v_month,
           p.profile = 'organisation' OR p.siret IS NOT NULL,
           CASE WHEN p.company_name IS NOT NULL AND (p.profile = 'organisation' OR p.siret IS NOT NULL)
                THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
           p.billing_street, p.billing_postcode, p.billing_city,
           coalesce(p.siren, left(p.siret, 9)), p.email,
           s.first_start, s.last_end, v_days
    FROM person p
    JOIN (SELECT r.person_id, min(r.service_start) AS first_start, max(r.service_end) AS last_end
          FROM run_src r WHERE r.customer_key IS NULL GROUP BY r.person_id) s ON s.person_id = p.id
    WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.organisation_id = v_org AND i.person_id = p.id
                      AND i.run_month = v_month
                      AND i.status = 'draft' AND i.kind = 'invoice');
    UPDATE run_src r SET invoice_id = i.id
    FROM invoice i
    WHERE r.customer_key IS NULL AND i.organisation_id = v_org AND i.person_id = r.person_id
      AND i.run_month = v_month
      AND i.status = 'draft' AND i.kind = 'invoice';

    -- Another customer's draft: the month's draft of the same snapshot, else a new one.
    UPDATE run_src r SET invoice_id = (
        SELECT min(i.id) FROM invoice i
        WHERE i.organisation_id = v_org AND i.person_id IS NULL AND i.run_month = v_month
          AND i.status = 'draft' AND i.kind = 'invoice'
          AND concat_ws('|', i.customer_business, canon(i.customer_name), canon(i.customer_street),
                        canon(i.customer_postcode), canon(i.customer_city), canon(i.customer_siren),
                        canon(i.customer_email)) = r.customer_key)
    WHERE r.customer_key IS NOT NULL;
    WITH c AS (
        SELECT DISTINCT ON (r.customer_key) r.customer_key, r.customer_business, r.customer_name,
               r.customer_street, r.customer_postcode, r.customer_city, r.customer_siren, r.customer_email,
               min(r.service_start) OVER w AS first_start, max(r.service_end) OVER w AS last_end
        FROM run_src r WHERE r.customer_key IS NOT NULL AND r.invoice_id IS NULL
        WINDOW w AS (PARTITION BY r.customer_key)
    ), ins AS (
        INSERT INTO invoice (organisation_id, kind, person_id, run_month, customer_business, customer_name,
                             customer_street, customer_postcode, customer_city, customer_siren,
                             customer_email, service_start, service_end, payment_days)
        SELECT v_org, 'invoice', NULL, v_month, c.customer_business, c.customer_name, c.customer_street,
               c.customer_postcode, c.customer_city, c.customer_siren, c.customer_email,
               c.first_start, c.last_end, v_days
        FROM c
        RETURNING id, concat_ws('|', customer_business, canon(customer_name), canon(customer_street),
                                canon(customer_postcode), canon(customer_city), canon(customer_siren),
                                canon(customer_email)) AS customer_key
    )
    UPDATE run_src r SET invoice_id = ins.id FROM ins
    WHERE r.customer_key = ins.customer_key AND r.invoice_id IS NULL;

    INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                              unit_price_cents, vat_rate_bp, service_start, service_end, source_key)
    SELECT r.invoice_id, row_number() OVER (PARTITION BY r.invoice_id ORDER BY r.service_start, r.source_key)
                 + coalesce((SELECT max(position) FROM invoice_line x WHERE x.invoice_id = r.invoice_id), 0),
           r.kind, r.description, r.quantity_milli, r.unit_code, r.unit_price_cents, 0,
           r.service_start, r.service_end, r.source_key
    FROM run_src r
    WHERE r.invoice_id IS NOT NULL
    ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING;
    GET DIAGNOSTICS v_lines = ROW_COUNT;

    -- The drafts' service period covers their lines.
    UPDATE invoice i SET service_start = least(i.service_start, g.first_start),
                         service_end = greatest(i.service_end, g.last_end)
    FROM (SELECT r.invoice_id, min(r.service_start) AS first_start, max(r.service_end) AS last_end
          FROM run_src r WHERE r.invoice_id IS NOT NULL GROUP BY r.invoice_id) g
    WHERE i.id = g.invoice_id AND i.status = 'draft'
      AND (i.service_start IS DISTINCT FROM least(i.service_start, g.first_start)
           OR i.service_end IS DISTINCT FROM greatest(i.service_end, g.last_end));
    DROP TABLE run_src;
    RETURN v_lines;
END;
$$;
CREATE OR REPLACE FUNCTION invoice_run_sources(p_month date)
RETURNS TABLE (person_id bigint, source_key text, kind text, description text, quantity_milli bigint,
               unit_code text, unit_price_cents bigint, service_start date, service_end date,
               customer_business boolean, customer_name text, customer_street text,
               customer_postcode text, customer_city text, customer_siren text, customer_email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH m AS (SELECT p_month AS first, (p_month + interval '1 month' - interval '1 day')::date AS last,
                      (SELECT legal_name FROM organisation WHERE id = fontaine_org()) AS org,
                      fontaine_org() AS oid),
    src AS (
        -- 0009: membership fees, carnets, monthly formulas (the person's draft).
        SELECT ms.person_id, 'membership:' || ms.id AS source_key, 'membership' AS kind,
               'Adhésion à l’association ' || m.org || ' du ' || invoice_fr_date(ms.starts_on)
                   || ' au ' || invoice_fr_date(ms.ends_on) AS description,
               1000::bigint AS quantity_milli, 'C62' AS unit_code, ms.fee_cents::bigint AS unit_price_cents,
               ms.starts_on AS service_start, ms.ends_on AS service_end,
               NULL::boolean AS customer_business, NULL::text AS customer_name, NULL::text AS customer_street,
               NULL::text AS customer_postcode, NULL::text AS customer_city, NULL::text AS customer_siren,
               NULL::text AS customer_email
        FROM membership ms, m
        WHERE ms.organisation_id = m.oid AND ms.status = 'pending' AND ms.starts_on <= m.last AND ms.fee_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id, 'coworking',
               pr.label || ' (' || f.halfdays_total || ' demi-journées)',
               1000, 'C62', f.unit_cents, coalesce(f.starts_on, m.first), f.ends_on,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.organisation_id = m.oid AND f.status IN ('active', 'ended') AND f.halfdays_total IS NOT NULL
          AND coalesce(f.starts_on, f.created_at::date) <= m.last AND f.unit_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id || ':' || to_char(m.first, 'YYYY-MM'), 'coworking',
               pr.label || ' — ' || invoice_fr_month(m.first),
               1000, 'MON', f.unit_cents, greatest(f.starts_on, m.first), least(coalesce(f.ends_on, m.last), m.last),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.organisation_id = m.oid AND f.status IN ('active', 'ended') AND f.halfdays_total IS NULL AND pr.unit = 'le mois'
          AND pr.category = 'coworking' AND f.starts_on IS NOT NULL AND f.starts_on <= m.last
          AND (f.ends_on IS NULL OR f.ends_on >= m.first) AND f.unit_cents > 0
        UNION ALL
        -- Bookings to invoice, once due: the conference room (or any resource booked whole) and
        -- half-days of the open space (booked by a member at the unit price, or walk-ins to
        -- invoice). A company booking is invoiced to the company as recorded on the booking.
        SELECT CASE WHEN b.company_name IS NULL THEN b.person_id END, 'booking:' || b.id,
               CASE r.kind WHEN 'open_space' THEN 'coworking' WHEN 'office' THEN 'office' ELSE 'room' END,
               CASE WHEN r.exclusive THEN
                   'Location ' || invoice_fr_of(r.name) || ' — ' || invoice_fr_date(b.day, true) || ', '
                        || CASE b.slot WHEN 'am' THEN 'matin' WHEN 'pm' THEN 'après-midi' WHEN 'day' THEN 'journée'
                                ELSE 'de ' || invoice_fr_time(b.starts_at) || ' à ' || invoice_fr_time(b.ends_at) END
                        || coalesce(' (options comprises : ' || (
                               SELECT string_agg(o.label || CASE WHEN o.quantity > 1 THEN ' × ' || o.quantity ELSE '' END,
                                                 ' ; ' ORDER BY o.option_code)
                               FROM booking_option_line o WHERE o.booking_id = b.id) || ')', '')
               ELSE
                   coalesce(pr.label, 'Demi-journée en open space') || ' — ' || invoice_fr_date(b.day) || ' '
                       || CASE b.slot WHEN 'am' THEN 'matin' WHEN 'pm' THEN 'après-midi' ELSE 'journée' END
               END,
               1000, 'C62', b.price_cents::bigint, b.day, b.day,
               CASE WHEN b.company_name IS NOT NULL THEN true
                    WHEN b.person_id IS NULL THEN false END,
               CASE WHEN b.company_name IS NOT NULL THEN b.company_name
                    WHEN b.person_id IS NULL THEN b.contact_name END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_street END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_postcode END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.billing_city END,
               CASE WHEN b.company_name IS NOT NULL THEN b.siren END,
               CASE WHEN b.company_name IS NOT NULL OR b.person_id IS NULL THEN b.email END
        FROM booking b JOIN resource r ON r.id = b.resource_id LEFT JOIN price pr ON pr.code = b.price_code, m
        WHERE b.space_id IN (SELECT sp.id FROM space sp WHERE sp.organisation_id = m.oid)
          AND b.covered_by IN ('invoice', 'unit') AND b.status IN ('confirmed', 'no_show')
          AND b.price_cents > 0 AND b.day <= m.last
          AND coalesce(b.free_cancel_until, b.starts_at) <= now()
        UNION ALL
        -- Office rents: the run month, prorated by days when the lease starts or ends in it.
        SELECT CASE WHEN l.siren IS NULL THEN l.person_id END,
               'lease:' || l.id || ':' || to_char(m.first, 'YYYY-MM'), 'office',
               'Loyer ' || invoice_fr_of(r.name) || ' — ' || invoice_fr_month(m.first)
                   || CASE WHEN d.days < d.month_days THEN
                          ' (du ' || extract(day FROM d.s)::int || CASE WHEN extract(day FROM d.s) = 1 THEN 'er' ELSE '' END
                          || ' au ' || invoice_fr_date(d.e) || ', ' || d.days || ' jour'
                          || CASE WHEN d.days > 1 THEN 's' ELSE '' END || ' sur ' || d.month_days || ')'
                      ELSE '' END,
               1000, CASE WHEN d.days < d.month_days THEN 'C62' ELSE 'MON' END,
               -- EN 16931: the line amount in cents, half-up.
               (l.monthly_rent_cents::bigint * d.days * 2 + d.month_days) / (2 * d.month_days),
               d.s, d.e,
               CASE WHEN l.siren IS NOT NULL THEN true WHEN l.person_id IS NULL THEN false END,
               CASE WHEN l.siren IS NOT NULL OR l.person_id IS NULL THEN l.tenant_name END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_street END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_postcode END,
               CASE WHEN l.siren IS NOT NULL THEN p.billing_city END,
               l.siren,
               CASE WHEN l.siren IS NOT NULL THEN p.email END
        FROM office_lease l JOIN resource r ON r.id = l.resource_id LEFT JOIN person p ON p.id = l.person_id, m,
             LATERAL (SELECT greatest(l.starts_on, m.first) AS s, least(coalesce(l.ends_on, m.last), m.last) AS e,
                             (m.last - m.first + 1) AS month_days) d0,
             LATERAL (SELECT d0.s, d0.e, d0.month_days, (d0.e - d0.s + 1) AS days) d
        WHERE l.space_id IN (SELECT sp.id FROM space sp WHERE sp.organisation_id = m.oid)
          AND l.status = 'active' AND l.starts_on <= m.last AND (l.ends_on IS NULL OR l.ends_on >= m.first)
    )
    -- A description is one line of at most 300 characters (invoice_line's CHECK), whatever the
    -- names and labels staff typed.
    SELECT s.person_id, s.source_key, s.kind, left(regexp_replace(s.description, '\s*[\r\n]+\s*', ' ', 'g'), 300),
           s.quantity_milli, s.unit_code, s.unit_price_cents, s.service_start, s.service_end, s.customer_business,
           s.customer_name, s.customer_street, s.customer_postcode, s.customer_city, s.customer_siren, s.customer_email
    FROM src s
    WHERE NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.source_key = s.source_key)
$$;
CREATE OR REPLACE FUNCTION payment_reverse(p_payment bigint, p_date date, p_reason text, p_actor bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_orig payment;
    v_rev payment;
BEGIN
    SELECT * INTO v_orig FROM payment WHERE id = p_payment AND organisation_id = fontaine_org();
    IF v_orig.id IS NULL THEN
        RAISE EXCEPTION 'no payment %', p_payment USING ERRCODE = 'FTI31';
    END IF;
    INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference, created_by, reverses_id, reason)
    VALUES (v_orig.invoice_id, greatest(coalesce(p_date, paris_today()), v_orig.paid_on), -v_orig.amount_cents,
            v_orig.method, v_orig.reference, p_actor, v_orig.id, p_reason)
    RETURNING * INTO v_rev;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (p_actor, 'cancel', 'payment', v_orig.id, to_jsonb(v_orig), to_jsonb(v_rev));
    RETURN v_rev.id;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'payment % is already reversed', p_payment USING ERRCODE = 'FTI32';
END;
$$;
CREATE OR REPLACE FUNCTION period_close(p_kind text, p_start date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_org smallint := fontaine_org();
    v_end date;
    v_head invoice_chain;
    v_prev text;
    v_archive text;
    v_sha text;
    v_count int;
    v_id bigint;
BEGIN
    IF p_kind = 'month' AND p_start = date_trunc('month', p_start)::date THEN
        v_end := (p_start + interval '1 month' - interval '1 day')::date;
    ELSIF p_kind = 'year' AND p_start = date_trunc('year', p_start)::date THEN
        v_end := (p_start + interval '1 year' - interval '1 day')::date;
    ELSE
        RAISE EXCEPTION 'bad period' USING ERRCODE = 'FTI11';
    END IF;
    INSERT INTO invoice_chain (id) VALUES (v_org) ON CONFLICT DO NOTHING;
    SELECT * INTO v_head FROM invoice_chain WHERE id = v_org FOR UPDATE;
    IF v_end >= paris_today() THEN
        RAISE EXCEPTION 'the period is not over' USING ERRCODE = 'FTI11';
    END IF;
    IF EXISTS (SELECT 1 FROM period_closing WHERE organisation_id = v_org AND kind = p_kind
                  AND period_start = p_start) THEN
        RAISE EXCEPTION 'the period is already closed' USING ERRCODE = 'FTI11';
    END IF;
    SELECT count(*), jsonb_build_object(
               'format', 'fontaine-closing-v1', 'kind', p_kind,
               'period_start', p_start, 'period_end', v_end,
               'chain_seq', v_head.last_seq, 'chain_hash', v_head.last_hash,
               'documents', coalesce(jsonb_agg(jsonb_build_object(
                   'number', i.number, 'kind', i.kind, 'issue_date', i.issue_date,
                   'due_date', i.due_date, 'customer', i.customer_name, 'siren', i.customer_siren,
                   'corrects', (SELECT c.number FROM invoice c WHERE c.id = i.corrects_id),
                   'net_cents', i.net_cents, 'vat_cents', i.vat_cents, 'gross_cents', i.gross_cents,
                   'chain_seq', i.chain_seq, 'prev_hash', i.prev_hash, 'hash', i.hash,
                   'canonical', ca.canonical) ORDER BY i.chain_seq), '[]'::jsonb))::text
      INTO v_count, v_archive
      FROM invoice i
      JOIN invoice_canonical_all(p_start, v_end) ca ON ca.id = i.id
     WHERE i.organisation_id = v_org AND i.status <> 'draft' AND i.issue_date BETWEEN p_start AND v_end;
    v_sha := encode(digest(convert_to(v_archive, 'UTF8'), 'sha256'), 'hex');
    SELECT hash INTO v_prev FROM period_closing WHERE organisation_id = v_org ORDER BY id DESC LIMIT 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    INSERT INTO period_closing (organisation_id, kind, period_start, period_end, doc_count, chain_seq, chain_hash,
                                archive, archive_sha256, prev_hash, hash)
    VALUES (v_org, p_kind, p_start, v_end, v_count, v_head.last_seq, v_head.last_hash, v_archive, v_sha,
            v_prev, invoice_hash(v_prev, v_sha))
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;
CREATE OR REPLACE FUNCTION sepa_batch_create(p_seq text, p_date date, p_by bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_org smallint := fontaine_org();
    v_ics text := organisation_setting_get(fontaine_org(), 'sepa_creditor_id');
    v_id bigint;
    v_n int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.sepa_batch.' || v_org));
    IF v_ics IS NULL OR NOT ics_ok(v_ics) THEN
        RAISE EXCEPTION 'no valid SEPA creditor identifier' USING ERRCODE = 'FTI20';
    END IF;
    IF p_seq NOT IN ('FRST', 'RCUR') OR p_date <= paris_today() THEN
        RAISE EXCEPTION 'collection date % must be after today', p_date USING ERRCODE = 'FTI22';
    END IF;
    v_id := nextval(pg_get_serial_sequence('sepa_batch', 'id'));
    INSERT INTO sepa_batch (organisation_id, id, sequence_type, collection_date, message_id, creditor_id, created_by)
    VALUES (v_org, v_id, p_seq, p_date, 'FONTAINE-PRLV-' || v_id, v_ics, p_by);
    WITH m AS (
        SELECT DISTINCT ON (sm.person_id) sm.* FROM sepa_mandate sm
        WHERE sm.organisation_id = v_org AND sm.status = 'active' ORDER BY sm.person_id, sm.signed_on DESC, sm.id DESC
    ), open AS (
        SELECT i.id AS invoice_id, m.id AS mandate_id, i.number, i.gross_cents - i.paid_cents AS amount,
               EXISTS (SELECT 1 FROM sepa_debit d WHERE d.mandate_id = m.id AND d.status <> 'returned') AS debited
        FROM invoice i JOIN m ON m.person_id = i.person_id
        WHERE i.organisation_id = v_org AND i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid')
          AND i.issue_date <= paris_today()
          AND i.gross_cents > i.paid_cents
          AND NOT EXISTS (SELECT 1 FROM sepa_debit d WHERE d.invoice_id = i.id AND d.status <> 'returned')
    ), pick AS (
        -- FRST: one invoice per mandate (its first debit); RCUR: all of them.
        SELECT o.*, row_number() OVER (PARTITION BY o.mandate_id ORDER BY o.invoice_id) AS k FROM open o
        WHERE o.debited = (p_seq = 'RCUR')
    )
    INSERT INTO sepa_debit (organisation_id, batch_id, invoice_id, mandate_id, sequence_type, amount_cents, end_to_end_id)
    SELECT v_org, v_id, invoice_id, mandate_id, p_seq, amount,
           left(regexp_replace(number, '[^A-Za-z0-9-]', '', 'g') || '-' || v_id, 35)
    FROM pick WHERE p_seq = 'RCUR' OR k = 1;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    IF v_n = 0 THEN
        RAISE EXCEPTION 'nothing to debit in % for %', p_seq, p_date USING ERRCODE = 'FTI21';
    END IF;
    UPDATE sepa_mandate SET last_collected_on = p_date
    WHERE id IN (SELECT mandate_id FROM sepa_debit WHERE batch_id = v_id);
    RETURN v_id;
END;
$$;
CREATE OR REPLACE FUNCTION sepa_batch_settle(p_id bigint, p_date date, p_by bigint) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_b sepa_batch;
    v_d sepa_debit;
    v_pay bigint;
    v_n int := 0;
BEGIN
    SELECT * INTO v_b FROM sepa_batch WHERE id = p_id AND organisation_id = fontaine_org() FOR UPDATE;
    IF v_b.id IS NULL OR v_b.status <> 'prepared' OR p_date < v_b.collection_date OR p_date > paris_today() THEN
        RAISE EXCEPTION 'batch % cannot be settled on %', p_id, p_date USING ERRCODE = 'FTI22';
    END IF;
    FOR v_d IN SELECT * FROM sepa_debit WHERE batch_id = p_id AND status = 'pending' ORDER BY id FOR UPDATE LOOP
        INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference, created_by)
        VALUES (v_d.invoice_id, p_date, v_d.amount_cents, 'prelevement', v_d.end_to_end_id, p_by)
        RETURNING id INTO v_pay;
        UPDATE sepa_debit SET status = 'collected', payment_id = v_pay WHERE id = v_d.id;
        v_n := v_n + 1;
    END LOOP;
    UPDATE sepa_batch SET status = 'settled', settled_on = p_date WHERE id = p_id;
    RETURN v_n;
END;
$$;
CREATE OR REPLACE FUNCTION sepa_batch_store(p_id bigint, p_file bytea) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_file bytea;
BEGIN
    UPDATE sepa_batch SET file = p_file, file_sha256 = encode(digest(p_file, 'sha256'), 'hex')
    WHERE id = p_id AND organisation_id = fontaine_org() AND file IS NULL;
    SELECT file INTO v_file FROM sepa_batch WHERE id = p_id AND organisation_id = fontaine_org();
    RETURN v_file;
END;
$$;
CREATE OR REPLACE FUNCTION sepa_debit_return(p_debit bigint, p_date date, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_d sepa_debit;
BEGIN
    SELECT d.* INTO v_d FROM sepa_debit d JOIN sepa_batch b ON b.id = d.batch_id
    WHERE d.id = p_debit AND d.organisation_id = fontaine_org() AND d.status = 'pending' AND b.status = 'prepared' FOR UPDATE OF d, b;
    IF v_d.id IS NULL OR p_date > paris_today() THEN
        RAISE EXCEPTION 'debit % cannot be returned', p_debit USING ERRCODE = 'FTI22';
    END IF;
    UPDATE sepa_debit SET status = 'returned', returned_on = p_date, return_reason = upper(p_reason)
    WHERE id = p_debit;
    IF NOT EXISTS (SELECT 1 FROM sepa_debit WHERE mandate_id = v_d.mandate_id AND status <> 'returned') THEN
        UPDATE sepa_mandate SET last_collected_on = NULL WHERE id = v_d.mandate_id;
    END IF;
END;
$$;

------------------------------------------------------------------------------
-- The daily membership job, per organisation
------------------------------------------------------------------------------

-- 0024's view, per organisation: a membership is renewed by a later one with the same
-- organisation (0030); the connection's organisation's rows (a view reads as its owner).
CREATE OR REPLACE VIEW membership_not_renewed AS
    SELECT m.id AS membership_id, m.person_id, m.starts_on, m.ends_on, m.status,
           m.ends_on - paris_today() AS days_left,
           (SELECT count(*) FROM membership_reminder r WHERE r.membership_id = m.id) AS reminders,
           (SELECT max(r.sent_at) FROM membership_reminder r WHERE r.membership_id = m.id) AS last_reminder,
           m.organisation_id
    FROM membership m JOIN person p ON p.id = m.person_id
    WHERE m.status <> 'cancelled' AND p.status IN ('active', 'closing')
      AND (m.organisation_id = (SELECT fontaine_org()) OR (SELECT fontaine_network()))
      AND NOT EXISTS (SELECT 1 FROM membership n WHERE n.person_id = m.person_id
                      AND n.organisation_id = m.organisation_id
                      AND n.status <> 'cancelled' AND n.ends_on > m.ends_on);

-- 0024's daily job for the connection's organisation: its formulas past their end, its
-- members' reminders, in its name (fontaine-invoicectl memberships runs it for each in turn).
CREATE OR REPLACE FUNCTION membership_daily(p_actor bigint DEFAULT NULL) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_days'), 30);
    v_repeat int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_repeat_days'), 7);
    v_max int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_max'), 3);
    v_org text := coalesce((SELECT name FROM organisation WHERE id = fontaine_org()), 'l’association');
    v_site text := coalesce((SELECT value FROM app_setting WHERE key = 'site_url'), '');
    r record;
    v_outbox bigint;
    n int := 0;
BEGIN
    IF p_actor IS NOT NULL THEN
        PERFORM set_config('fontaine.actor', p_actor::text, true);
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.membership_daily.' || fontaine_org()));
    UPDATE person_formula SET status = 'ended'
        WHERE organisation_id = fontaine_org() AND status = 'active' AND ends_on < paris_today();
    FOR r IN SELECT v.membership_id, v.ends_on, v.days_left, p.email, p.first_name
             FROM membership_not_renewed v JOIN person p ON p.id = v.person_id
             WHERE v.organisation_id = fontaine_org() AND v.status IN ('paid', 'pending')
               AND v.days_left BETWEEN 0 AND v_days
               AND p.status = 'active' AND v.reminders < v_max
               AND (v.last_reminder IS NULL
                    OR (v_repeat > 0 AND v.last_reminder <= now() - make_interval(days => v_repeat)))
             ORDER BY v.ends_on, v.membership_id
    LOOP
        INSERT INTO outbox (to_addr, subject, body_text)
        VALUES (r.email, 'Votre adhésion à ' || v_org || ' se termine le ' || invoice_fr_date(r.ends_on),
                'Bonjour ' || r.first_name || ',' || E'\n\n'
                || 'Votre adhésion à ' || v_org || ' se termine le ' || invoice_fr_date(r.ends_on)
                || CASE WHEN r.days_left = 0 THEN ' (aujourd’hui).' ELSE ', dans ' || r.days_left || ' jour'
                        || CASE WHEN r.days_left > 1 THEN 's' ELSE '' END || '.' END || E'\n\n'
                || 'Pour la renouveler, connectez-vous à votre espace membre et choisissez « Renouveler '
                || 'mon adhésion » : ' || v_site || '/compte' || E'\n\n'
                || 'Après cette date, vous ne bénéficiez plus des tarifs membres ni du droit de vote '
                || 'à l’assemblée générale.' || E'\n\n' || 'L’équipe de ' || v_org)
        RETURNING id INTO v_outbox;
        INSERT INTO membership_reminder (membership_id, outbox_id) VALUES (r.membership_id, v_outbox);
        IF p_actor IS NOT NULL THEN
            PERFORM membership_audit_write(p_actor, 'remind', 'membership', r.membership_id, NULL,
                                           jsonb_build_object('to', r.email, 'ends_on', r.ends_on));
        END IF;
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;

------------------------------------------------------------------------------
-- Customer links and a member's own documents, whatever the space
------------------------------------------------------------------------------

-- The space a customer's link /factures/<token> is served for: the connection's space when
-- the document is of its organisation, else the first active space of the document's
-- organisation (the invoice program acts for it for that request). NULL: no such document.
CREATE FUNCTION invoice_token_space(p_token text) RETURNS smallint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN i.organisation_id = fontaine_org() THEN fontaine_space()
                ELSE (SELECT s.id FROM space s WHERE s.organisation_id = i.organisation_id AND s.active
                      ORDER BY s.is_default DESC, s.sort_order, s.id LIMIT 1) END
    FROM invoice i WHERE i.public_token = p_token AND i.status <> 'draft'
$$;
COMMENT ON FUNCTION invoice_token_space(text) IS
    'The space to act for when serving the customer link of p_token: the current one for a '
    'document of its organisation, else a space of the document''s organisation.';

-- A member's issued documents, from every organisation of the network (their page lists them
-- all; each link then opens in its organisation): number, kind, status, issue date, gross,
-- paid, token, chain seq.
CREATE FUNCTION person_documents(p_person bigint)
RETURNS TABLE (number text, kind text, status text, issue_date date, gross_cents bigint,
               paid_cents bigint, public_token text, organisation_id smallint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.number, i.kind, i.status, i.issue_date, i.gross_cents, i.paid_cents, i.public_token,
           i.organisation_id
    FROM invoice i WHERE i.person_id = p_person AND i.status <> 'draft'
    ORDER BY i.issued_at DESC, i.id DESC
$$;
COMMENT ON FUNCTION person_documents(bigint) IS
    'The issued documents of person p_person in every organisation, newest first.';
REVOKE EXECUTE ON FUNCTION person_documents(bigint) FROM PUBLIC;

------------------------------------------------------------------------------
-- Row-level security
------------------------------------------------------------------------------

-- As in 0030: a program role sees its organisation's documents (every organisation in
-- network scope) and writes only its own. Lines, allowances, frozen bytes and reminders follow
-- their document (the invoice's own policy applies inside the subquery).
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoice', 'invoice_counter', 'payment', 'sepa_mandate', 'sepa_batch',
                             'sepa_debit', 'period_closing', 'funding'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (organisation_id = (SELECT fontaine_org()) '
                       'OR (SELECT fontaine_network())) WITH CHECK (organisation_id = (SELECT fontaine_org()))',
                       t || '_organisation', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['invoice_line', 'invoice_allowance_charge', 'invoice_frozen',
                             'invoice_reminder'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (EXISTS (SELECT 1 FROM invoice i WHERE i.id = invoice_id))',
                       t || '_organisation', t);
    END LOOP;
END;
$$;
ALTER TABLE invoice_chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoice_chain_organisation ON invoice_chain
    USING (id = (SELECT fontaine_org()) OR (SELECT fontaine_network()))
    WITH CHECK (id = (SELECT fontaine_org()));

------------------------------------------------------------------------------
-- Rights
------------------------------------------------------------------------------

GRANT SELECT ON organisation_setting TO fontaine_invoice, fontaine_admin;
GRANT INSERT, UPDATE, DELETE ON organisation_setting TO fontaine_admin;
REVOKE EXECUTE ON FUNCTION organisation_setting_get(smallint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION organisation_setting_get(smallint, text) TO fontaine_invoice, fontaine_admin;
REVOKE EXECUTE ON FUNCTION invoice_token_space(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoice_token_space(text) TO fontaine_invoice;
GRANT EXECUTE ON FUNCTION person_documents(bigint) TO fontaine_invoice;
-- invoice_run_sources now reads as its owner (its own organisation's rows, whatever the
-- connection's space): only the invoicing program calls it.
REVOKE EXECUTE ON FUNCTION invoice_run_sources(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoice_run_sources(date) TO fontaine_invoice;
-- The sales of a document by kind, through the caller's row-level security (a view reads as
-- its owner otherwise).
ALTER VIEW invoice_sales SET (security_invoker = true);
