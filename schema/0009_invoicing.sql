-- Invoicing (program invoice, role fontaine_invoice): invoices and credit notes, their lines,
-- continuous numbers per series and year, the inalterability hash chain, payments, reminders,
-- SEPA mandates, period closings and the accounting codes of the FEC.
--
-- What the database guarantees, whatever the code does:
-- * A document is a draft until issued. Issuing (UPDATE status 'draft' → 'issued') assigns, in
--   the same transaction, the next number of its series and year from invoice_counter, locked
--   FOR UPDATE (a rollback gives the number back: no gap, no duplicate), snapshots the seller,
--   computes the totals and chains the document's SHA-256 to the previous document's.
-- * An issued document and its lines never change and are never deleted (triggers); only
--   status and paid_cents move forward, and only as payments and credit notes say.
-- * A credit note (series A) refers to the invoice it cancels; issuing it cancels the invoice.
-- * Payments never exceed the balance (trigger + CHECK paid_cents <= gross_cents).
-- * A closed period is frozen: nothing is issued with a date in it; each closing's archive
--   hash chains to the previous closing.
--
-- Errors raised for the program carry their own SQLSTATE (class FT, "FTIxx"): see each RAISE.
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

------------------------------------------------------------------------------
-- Accounting codes (plan comptable associatif), editable by staff
------------------------------------------------------------------------------

CREATE TABLE account_code (
    key   text PRIMARY KEY CHECK (key ~ '^[a-z_]{1,40}$'),
    code  text NOT NULL CHECK (code ~ '^[0-9]{3,10}$'),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100)
);
COMMENT ON TABLE account_code IS
    'Accounts of the FEC by role: customers (411), VAT collected (44571), bank (512), cash (530), '
    'and one sales account per kind of invoice line (sales_<kind>).';

INSERT INTO account_code (key, code, label) VALUES
    ('customers',        '411',   'Clients'),
    ('vat_collected',    '44571', 'TVA collectée'),
    ('bank',             '512',   'Banque'),
    ('cash',             '530',   'Caisse'),
    ('sales_membership', '756',   'Cotisations'),
    ('sales_coworking',  '7061',  'Prestations de coworking'),
    ('sales_office',     '7062',  'Locations de bureaux'),
    ('sales_room',       '7063',  'Locations de salle'),
    ('sales_other',      '706',   'Prestations de services')
ON CONFLICT (key) DO NOTHING;

INSERT INTO app_setting (key, value) VALUES
    ('invoice_payment_days', '30'),
    ('invoice_iban', 'FR7630006000011234567890189'),
    ('invoice_bic', 'AGRIFRPP'),
    ('sepa_creditor_id', 'FR12ZZZ123456')
ON CONFLICT (key) DO NOTHING;

------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------

-- True when the IBAN's ISO 7064 mod 97-10 check holds (spaces ignored, letters upper-cased).
CREATE FUNCTION iban_ok(p_iban text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    s text := upper(replace(p_iban, ' ', ''));
    r text := '';
    c text;
    m int := 0;
BEGIN
    IF s !~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$' THEN
        RETURN false;
    END IF;
    s := substr(s, 5) || substr(s, 1, 4);
    FOREACH c IN ARRAY regexp_split_to_array(s, '') LOOP
        IF c ~ '[A-Z]' THEN
            r := r || (ascii(c) - 55)::text;
        ELSE
            r := r || c;
        END IF;
    END LOOP;
    FOREACH c IN ARRAY regexp_split_to_array(r, '') LOOP
        m := (m * 10 + c::int) % 97;
    END LOOP;
    RETURN m = 1;
END;
$$;

-- Today in Paris (invoices are dated in local time).
CREATE FUNCTION paris_today() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'Europe/Paris')::date $$;

-- One field of the canonical text: backslash, '|' and newlines escaped, NULL as '-'.
CREATE FUNCTION canon(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p IS NULL THEN '-'
                ELSE replace(replace(replace(replace(p, E'\\', E'\\\\'), '|', E'\\|'),
                                     E'\n', E'\\n'), E'\r', E'\\r') END
$$;

------------------------------------------------------------------------------
-- Invoices and credit notes
------------------------------------------------------------------------------

CREATE TABLE invoice_counter (
    series      char(1) NOT NULL CHECK (series IN ('F', 'A')),
    year        int NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    last_number int NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    last_date   date,
    PRIMARY KEY (series, year)
);
COMMENT ON TABLE invoice_counter IS
    'The last number given per series (F invoices, A credit notes) and year, and its date. '
    'Locked FOR UPDATE by the issuing transaction: numbers are continuous and chronological.';

-- The head of the hash chain over every issued document (one row, locked while issuing, so
-- the chain is a line in issue order).
CREATE TABLE invoice_chain (
    id        smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    last_seq  bigint NOT NULL DEFAULT 0,
    last_hash text NOT NULL DEFAULT repeat('0', 64) CHECK (last_hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO invoice_chain DEFAULT VALUES;
COMMENT ON TABLE invoice_chain IS
    'Head of the inalterability chain: sequence and hash of the last issued document.';

CREATE TABLE invoice (
    id                bigserial PRIMARY KEY,
    kind              text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    status            text NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'issued', 'partly_paid', 'paid', 'cancelled')),
    corrects_id       bigint REFERENCES invoice (id),
    person_id         bigint REFERENCES person (id),
    run_month         date CHECK (run_month = date_trunc('month', run_month)::date),
    public_token      text NOT NULL UNIQUE
                      DEFAULT translate(encode(gen_random_bytes(18), 'base64'), '+/', '-_')
                      CHECK (public_token ~ '^[A-Za-z0-9_-]{24}$'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- The customer, as invoiced (a snapshot: later changes to the person do not alter it).
    customer_business boolean NOT NULL DEFAULT false,
    customer_name     text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
    customer_street   text CHECK (length(customer_street) <= 200),
    customer_postcode text CHECK (customer_postcode ~ '^[0-9A-Z -]{2,10}$'),
    customer_city     text CHECK (length(customer_city) <= 100),
    customer_country  text NOT NULL DEFAULT 'FR' CHECK (customer_country ~ '^[A-Z]{2}$'),
    customer_siren    text CHECK (customer_siren ~ '^[0-9]{9}$' AND luhn_ok(customer_siren)),
    customer_email    text CHECK (customer_email ~ '^[^\s@]+@[^\s@]+$' AND length(customer_email) <= 254),
    service_start     date,
    service_end       date,
    payment_days      int NOT NULL DEFAULT 30 CHECK (payment_days BETWEEN 0 AND 60),
    -- Set when issued:
    number            text UNIQUE CHECK (number ~ '^[FA][0-9]{4}-[0-9]{5,}$'),
    issue_date        date,
    due_date          date,
    issued_at         timestamptz,
    seller_name       text,
    seller_street     text,
    seller_postcode   text,
    seller_city       text,
    seller_siren      text,
    seller_siret      text,
    seller_rna        text,
    seller_vat_status text CHECK (seller_vat_status IN ('franchise', 'assujetti')),
    seller_vat_number text,
    seller_email      text,
    net_cents         bigint CHECK (net_cents >= 0),
    vat_cents         bigint CHECK (vat_cents >= 0),
    gross_cents       bigint CHECK (gross_cents >= 0),
    chain_seq         bigint UNIQUE,
    prev_hash         text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash              text UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
    -- Moves forward with payments:
    paid_cents        bigint NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    CONSTRAINT invoice_credit_note_refers CHECK ((kind = 'credit_note') = (corrects_id IS NOT NULL)),
    CONSTRAINT invoice_business_siren CHECK (status = 'draft' OR NOT customer_business OR customer_siren IS NOT NULL),
    CONSTRAINT invoice_business_address CHECK (status = 'draft' OR NOT customer_business
        OR (customer_street IS NOT NULL AND customer_postcode IS NOT NULL AND customer_city IS NOT NULL)),
    CONSTRAINT invoice_issued_complete CHECK ((status = 'draft') = (number IS NULL) AND (status = 'draft' OR (
        issue_date IS NOT NULL AND due_date IS NOT NULL AND issued_at IS NOT NULL AND seller_name IS NOT NULL
        AND gross_cents IS NOT NULL AND chain_seq IS NOT NULL AND hash IS NOT NULL AND prev_hash IS NOT NULL))),
    CONSTRAINT invoice_not_overpaid CHECK (paid_cents <= coalesce(gross_cents, 0)),
    CONSTRAINT invoice_credit_note_unpaid CHECK (kind = 'invoice' OR paid_cents = 0),
    CONSTRAINT invoice_service_period CHECK (service_start IS NULL OR service_end IS NULL OR service_start <= service_end)
);
-- One credit note per invoice (it cancels the whole invoice).
CREATE UNIQUE INDEX invoice_one_credit_note ON invoice (corrects_id) WHERE corrects_id IS NOT NULL;
-- One draft per customer and month of the monthly run.
CREATE UNIQUE INDEX invoice_run_draft ON invoice (person_id, run_month)
    WHERE status = 'draft' AND run_month IS NOT NULL AND kind = 'invoice';
CREATE INDEX invoice_person ON invoice (person_id);
CREATE INDEX invoice_status_due ON invoice (status, due_date);
CREATE INDEX invoice_issue_date ON invoice (issue_date);
CREATE INDEX invoice_run_month ON invoice (run_month) WHERE run_month IS NOT NULL;
COMMENT ON TABLE invoice IS
    'Invoices and credit notes (kind), draft until issued; issued rows are immutable but for '
    'status and paid_cents. public_token is the secret of the customer''s link /factures/<token>.';

CREATE TABLE invoice_line (
    id               bigserial PRIMARY KEY,
    invoice_id       bigint NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    position         int NOT NULL DEFAULT 0,
    kind             text NOT NULL DEFAULT 'other'
                     CHECK (kind IN ('membership', 'coworking', 'office', 'room', 'other')),
    description      text NOT NULL CHECK (length(description) BETWEEN 1 AND 300 AND description !~ '[\r\n]'),
    quantity_milli   bigint NOT NULL CHECK (quantity_milli > 0 AND quantity_milli <= 10000000),
    unit_code        text NOT NULL DEFAULT 'C62' CHECK (unit_code IN ('C62', 'MON', 'DAY', 'HUR', 'ANN')),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0 AND unit_price_cents <= 10000000),
    vat_rate_bp      int NOT NULL DEFAULT 0 CHECK (vat_rate_bp IN (0, 210, 550, 1000, 2000)),
    -- EN 16931: the line net is quantity × unit price rounded half-up to the cent.
    net_cents        bigint GENERATED ALWAYS AS ((quantity_milli * unit_price_cents + 500) / 1000) STORED,
    service_start    date,
    service_end      date,
    -- What the line invoices ("membership:12", "formula:7:2026-03"): invoiced once.
    source_key       text CHECK (source_key ~ '^[a-z_]+:[0-9]+(:[0-9]{4}-[0-9]{2})?$'),
    CONSTRAINT invoice_line_not_absurd CHECK (quantity_milli * unit_price_cents <= 100000000000),
    CHECK (service_start IS NULL OR service_end IS NULL OR service_start <= service_end)
);
CREATE UNIQUE INDEX invoice_line_source ON invoice_line (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX invoice_line_invoice ON invoice_line (invoice_id, position, id);
COMMENT ON TABLE invoice_line IS
    'Lines of a document: amounts excl. VAT in cents, quantity in thousandths, VAT in basis points. '
    'source_key ties a line to what it invoices, so the monthly run never invoices a thing twice.';

------------------------------------------------------------------------------
-- The canonical text and the hash
------------------------------------------------------------------------------

-- The canonical text of a document, what its hash covers: every immutable fact, one per
-- line, in this order, fields separated by '|' (canon() escapes '\', '|', CR and LF; '-' is
-- NULL; dates are ISO YYYY-MM-DD; amounts integer cents; quantities thousandths; rates basis
-- points):
--   fontaine-invoice-v1
--   number|<number>            kind|<invoice|credit_note>      corrects|<number or ->
--   dates|<issue>|<due>|<service start>|<service end>|<payment days>
--   seller|<name>|<street>|<postcode>|<city>|<siren>|<siret>|<rna>|<vat status>|<vat number>
--   buyer|<1 business, 0 not>|<name>|<street>|<postcode>|<city>|<country>|<siren>|<email>
--   line|<position>|<kind>|<description>|<quantity_milli>|<unit>|<unit price>|<vat bp>|<net>|<start>|<end>
--   (one per line, by position then id)
--   totals|<net>|<vat>|<gross>
-- each followed by LF (the list above groups them: every item is its own line). The hash of
-- a document is lowercase hex SHA-256 of: previous document's hash (hex; 64 '0' for the
-- first) || LF || canonical text. fontaine-invoicectl verify recomputes it in C (libsodium).
CREATE FUNCTION invoice_canonical_row(i invoice) RETURNS text
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
        || coalesce((SELECT string_agg('line|' || concat_ws('|', l.position, l.kind, canon(l.description),
                    l.quantity_milli, l.unit_code, l.unit_price_cents, l.vat_rate_bp, l.net_cents,
                    canon(l.service_start::text), canon(l.service_end::text)) || E'\n',
                    '' ORDER BY l.position, l.id)
                FROM invoice_line l WHERE l.invoice_id = i.id), '')
        || 'totals|' || canon(i.net_cents::text) || '|' || canon(i.vat_cents::text) || '|'
            || canon(i.gross_cents::text) || E'\n'
$$;

-- The canonical text of the stored document p_id (what verification recomputes).
CREATE FUNCTION invoice_canonical(p_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT invoice_canonical_row(i) FROM invoice i WHERE i.id = p_id
$$;

CREATE FUNCTION invoice_hash(p_prev text, p_canonical text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(digest(convert_to(p_prev || E'\n' || p_canonical, 'UTF8'), 'sha256'), 'hex')
$$;

------------------------------------------------------------------------------
-- Issuing and immutability
------------------------------------------------------------------------------

-- BEFORE UPDATE on invoice. Drafts change freely; draft → issued issues (number, seller,
-- totals, hash); issued documents keep their content and only move status/paid_cents as the
-- payments and credit notes say. SECURITY DEFINER: the program's role cannot touch the
-- counter or the chain head itself.
CREATE FUNCTION invoice_before_update() RETURNS trigger
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
        SELECT * INTO v_head FROM invoice_chain WHERE id = 1 FOR UPDATE;
        NEW.issue_date := coalesce(NEW.issue_date, paris_today());
        IF NEW.issue_date > paris_today() THEN
            RAISE EXCEPTION 'issue date % is in the future', NEW.issue_date USING ERRCODE = 'FTI04';
        END IF;
        IF EXISTS (SELECT 1 FROM period_closing WHERE period_end >= NEW.issue_date) THEN
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
        SELECT * INTO v_org FROM organisation WHERE id = 1;
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
                AND status = 'issued' AND paid_cents = 0 FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'the corrected invoice cannot be cancelled' USING ERRCODE = 'FTI09';
            END IF;
        END IF;

        v_series := CASE NEW.kind WHEN 'invoice' THEN 'F' ELSE 'A' END;
        v_year := extract(year FROM NEW.issue_date)::int;
        INSERT INTO invoice_counter (series, year) VALUES (v_series, v_year) ON CONFLICT DO NOTHING;
        SELECT * INTO v_counter FROM invoice_counter
            WHERE series = v_series AND year = v_year FOR UPDATE;
        IF v_counter.last_date > NEW.issue_date THEN
            RAISE EXCEPTION 'issue date % before the last one of the series (%)',
                NEW.issue_date, v_counter.last_date USING ERRCODE = 'FTI04';
        END IF;
        UPDATE invoice_counter SET last_number = last_number + 1, last_date = NEW.issue_date
            WHERE series = v_series AND year = v_year RETURNING last_number INTO v_n;
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
        UPDATE invoice_chain SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE id = 1;
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

-- AFTER UPDATE: an issued credit note cancels the invoice it corrects.
CREATE FUNCTION invoice_after_issue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE invoice SET status = 'cancelled' WHERE id = NEW.corrects_id;
    RETURN NULL;
END;
$$;

CREATE FUNCTION invoice_before_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        RAISE EXCEPTION 'document % is issued: it cannot be deleted', OLD.number USING ERRCODE = 'FTI08';
    END IF;
    RETURN OLD;
END;
$$;

CREATE FUNCTION invoice_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'invoicing tables cannot be truncated' USING ERRCODE = 'FTI08';
END;
$$;

-- Lines belong to drafts only. A line whose invoice is gone is being deleted by the cascade
-- of a draft's deletion (the invoice trigger refused anything else).
CREATE FUNCTION invoice_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO v_status FROM invoice WHERE id = OLD.invoice_id;
        IF v_status IS NOT NULL AND v_status <> 'draft' THEN
            RAISE EXCEPTION 'the lines of an issued document cannot change' USING ERRCODE = 'FTI08';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO v_status FROM invoice WHERE id = NEW.invoice_id;
        IF v_status IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'the lines of an issued document cannot change' USING ERRCODE = 'FTI08';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER invoice_before_update BEFORE UPDATE ON invoice
    FOR EACH ROW EXECUTE FUNCTION invoice_before_update();
CREATE TRIGGER invoice_after_issue AFTER UPDATE OF status ON invoice
    FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'issued' AND NEW.kind = 'credit_note')
    EXECUTE FUNCTION invoice_after_issue();
CREATE TRIGGER invoice_before_delete BEFORE DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION invoice_before_delete();
CREATE TRIGGER invoice_no_truncate BEFORE TRUNCATE ON invoice
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();
CREATE TRIGGER invoice_line_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_guard();
CREATE TRIGGER invoice_line_no_truncate BEFORE TRUNCATE ON invoice_line
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();

-- Issues a draft dated p_date (NULL: today in Paris). Returns its number. Raises FTI12 when
-- the document is not a draft (already issued: nothing is issued twice).
CREATE FUNCTION invoice_issue(p_id bigint, p_date date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_number text;
BEGIN
    UPDATE invoice SET status = 'issued', issue_date = p_date
        WHERE id = p_id AND status = 'draft' RETURNING number INTO v_number;
    IF v_number IS NULL THEN
        RAISE EXCEPTION 'document % is not a draft', p_id USING ERRCODE = 'FTI12';
    END IF;
    RETURN v_number;
END;
$$;

-- Issues every draft of the monthly run of p_month, in id order, dated p_date (NULL: today),
-- committing every 50 documents (a procedure: CALL it outside a transaction block), so that
-- the counter and the chain head are not rewritten thousands of times in one transaction. A
-- draft that cannot be issued (no line, business customer without SIREN or address, VAT
-- under the franchise) is left as a draft and counted in left_draft.
CREATE PROCEDURE invoice_issue_month(p_month date, p_date date, INOUT issued int DEFAULT 0,
                                     INOUT left_draft int DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_ok boolean;
    v_franchise boolean := (SELECT vat_status = 'franchise' FROM organisation WHERE id = 1);
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

-- A draft credit note that cancels invoice p_invoice (its lines copied). Returns its id (the
-- existing one when there is already one). Raises FTI09 when the invoice cannot be cancelled.
CREATE FUNCTION credit_note_create(p_invoice bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_inv invoice;
BEGIN
    SELECT * INTO v_inv FROM invoice WHERE id = p_invoice FOR UPDATE;
    IF v_inv.id IS NULL OR v_inv.kind <> 'invoice' OR v_inv.status <> 'issued' OR v_inv.paid_cents <> 0 THEN
        RAISE EXCEPTION 'invoice % cannot be cancelled', p_invoice USING ERRCODE = 'FTI09';
    END IF;
    SELECT id INTO v_id FROM invoice WHERE corrects_id = p_invoice;
    IF v_id IS NOT NULL THEN
        RETURN v_id;
    END IF;
    INSERT INTO invoice (kind, corrects_id, person_id, customer_business, customer_name, customer_street,
                         customer_postcode, customer_city, customer_country, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    VALUES ('credit_note', p_invoice, v_inv.person_id, v_inv.customer_business, v_inv.customer_name,
            v_inv.customer_street, v_inv.customer_postcode, v_inv.customer_city, v_inv.customer_country,
            v_inv.customer_siren, v_inv.customer_email, v_inv.service_start, v_inv.service_end, 0)
    RETURNING id INTO v_id;
    INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                              unit_price_cents, vat_rate_bp, service_start, service_end)
    SELECT v_id, position, kind, description, quantity_milli, unit_code, unit_price_cents,
           vat_rate_bp, service_start, service_end
    FROM invoice_line WHERE invoice_id = p_invoice ORDER BY position, id;
    RETURN v_id;
END;
$$;

------------------------------------------------------------------------------
-- Payments
------------------------------------------------------------------------------

CREATE TABLE payment (
    id           bigserial PRIMARY KEY,
    invoice_id   bigint NOT NULL REFERENCES invoice (id),
    paid_on      date NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 100000000),
    method       text NOT NULL CHECK (method IN ('virement', 'cheque', 'especes', 'carte', 'prelevement')),
    reference    text CHECK (length(reference) <= 100 AND reference !~ '[\r\n]'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   bigint REFERENCES person (id)
);
CREATE INDEX payment_invoice ON payment (invoice_id);
CREATE INDEX payment_paid_on ON payment (paid_on);
COMMENT ON TABLE payment IS
    'Payments received against an invoice (partial payments allowed, never above the balance); '
    'append-only.';

-- BEFORE INSERT: the invoice is locked, payable, and the amount within its balance.
CREATE FUNCTION payment_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_inv invoice;
BEGIN
    SELECT * INTO v_inv FROM invoice WHERE id = NEW.invoice_id FOR UPDATE;
    IF v_inv.id IS NULL OR v_inv.kind <> 'invoice' OR v_inv.status NOT IN ('issued', 'partly_paid') THEN
        RAISE EXCEPTION 'document % does not take payments', NEW.invoice_id USING ERRCODE = 'FTI07';
    END IF;
    IF NEW.amount_cents > v_inv.gross_cents - v_inv.paid_cents THEN
        RAISE EXCEPTION 'payment above the balance (%)', v_inv.gross_cents - v_inv.paid_cents
            USING ERRCODE = 'FTI06';
    END IF;
    RETURN NEW;
END;
$$;

-- AFTER INSERT: the invoice's paid amount and status follow; a fully paid membership fee
-- makes the membership paid (a voting member). SECURITY DEFINER: the program's role does not
-- write memberships itself.
CREATE FUNCTION payment_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_status text;
BEGIN
    UPDATE invoice SET paid_cents = paid_cents + NEW.amount_cents,
           status = CASE WHEN paid_cents + NEW.amount_cents < gross_cents THEN 'partly_paid' ELSE 'paid' END
     WHERE id = NEW.invoice_id RETURNING status INTO v_status;
    IF v_status = 'paid' THEN
        UPDATE membership SET status = 'paid', paid_at = now()
         WHERE status = 'pending' AND id IN (
             SELECT substring(source_key FROM '^membership:([0-9]+)$')::bigint
             FROM invoice_line WHERE invoice_id = NEW.invoice_id AND source_key LIKE 'membership:%');
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION payment_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payments are append-only' USING ERRCODE = 'FTI08';
END;
$$;

CREATE TRIGGER payment_before_insert BEFORE INSERT ON payment
    FOR EACH ROW EXECUTE FUNCTION payment_before_insert();
CREATE TRIGGER payment_after_insert AFTER INSERT ON payment
    FOR EACH ROW EXECUTE FUNCTION payment_after_insert();
CREATE TRIGGER payment_immutable BEFORE UPDATE OR DELETE ON payment
    FOR EACH ROW EXECUTE FUNCTION payment_immutable();

------------------------------------------------------------------------------
-- Overdue invoices and reminders
------------------------------------------------------------------------------

CREATE TABLE invoice_reminder (
    invoice_id bigint NOT NULL REFERENCES invoice (id),
    level      smallint NOT NULL CHECK (level IN (1, 2)),
    sent_at    timestamptz NOT NULL DEFAULT now(),
    outbox_id  bigint REFERENCES outbox (id),
    PRIMARY KEY (invoice_id, level)
);
COMMENT ON TABLE invoice_reminder IS 'Payment reminders sent (1st, 2nd), each once per invoice.';

CREATE VIEW invoice_overdue AS
    SELECT i.id, i.number, i.customer_name, i.customer_email, i.customer_business, i.issue_date,
           i.due_date, i.gross_cents, i.paid_cents, i.gross_cents - i.paid_cents AS balance_cents,
           paris_today() - i.due_date AS days_late,
           (SELECT max(level) FROM invoice_reminder r WHERE r.invoice_id = i.id) AS last_level,
           i.public_token
    FROM invoice i
    WHERE i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid') AND i.due_date < paris_today();
COMMENT ON VIEW invoice_overdue IS
    'Issued invoices not fully paid whose due date has passed, with the last reminder level sent.';

CREATE VIEW customer_balance AS
    SELECT coalesce(i.person_id::text, 'nom:' || i.customer_name) AS customer_key,
           min(i.customer_name) AS customer_name,
           sum(i.gross_cents) FILTER (WHERE i.kind = 'invoice' AND i.status <> 'cancelled') AS invoiced_cents,
           sum(i.paid_cents) AS paid_cents,
           sum(i.gross_cents - i.paid_cents)
               FILTER (WHERE i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid')) AS balance_cents
    FROM invoice i WHERE i.status <> 'draft'
    GROUP BY 1;
COMMENT ON VIEW customer_balance IS 'Invoiced, paid and open balance per customer (issued documents).';


-- Queues reminder p_level (1 or 2) for overdue invoice p_invoice in the outbox, with the
-- legal wording for business customers (L441-10 Code de commerce: late-payment penalties and
-- the 40 € recovery indemnity). p_link is the customer's invoice page. Returns the outbox id.
-- Raises FTI10 when the invoice is not overdue, has no email, the level was sent, or the
-- second comes before the first.
CREATE FUNCTION invoice_remind(p_invoice bigint, p_level int, p_link text) RETURNS bigint
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
    SELECT * INTO v_org FROM organisation WHERE id = 1;
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

------------------------------------------------------------------------------
-- SEPA direct-debit mandates
------------------------------------------------------------------------------

CREATE TABLE sepa_mandate (
    id                bigserial PRIMARY KEY,
    person_id         bigint NOT NULL REFERENCES person (id),
    rum               text NOT NULL UNIQUE CHECK (rum ~ '^[A-Za-z0-9+?/:().,'' -]{1,35}$'),
    signed_on         date NOT NULL,
    debtor_name       text NOT NULL CHECK (length(debtor_name) BETWEEN 1 AND 70),
    iban              text NOT NULL CHECK (iban_ok(iban) AND iban = upper(replace(iban, ' ', ''))),
    bic               text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    last_collected_on date,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sepa_mandate_one_active ON sepa_mandate (person_id) WHERE status = 'active';
COMMENT ON TABLE sepa_mandate IS
    'SEPA Core direct-debit mandates of monthly members: RUM (unique mandate reference), '
    'signature date, IBAN (mod 97 checked). FRST until a first collection, RCUR after.';

------------------------------------------------------------------------------
-- Period closings
------------------------------------------------------------------------------

CREATE TABLE period_closing (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('month', 'year')),
    period_start   date NOT NULL,
    period_end     date NOT NULL,
    closed_at      timestamptz NOT NULL DEFAULT now(),
    doc_count      int NOT NULL,
    chain_seq      bigint NOT NULL,        -- the invoice chain's head when closed
    chain_hash     text NOT NULL,
    archive        text NOT NULL,          -- JSON: every document of the period, lines, hashes
    archive_sha256 text NOT NULL CHECK (archive_sha256 ~ '^[0-9a-f]{64}$'),
    prev_hash      text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash           text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
    UNIQUE (kind, period_start),
    CHECK (period_start <= period_end)
);
COMMENT ON TABLE period_closing IS
    'Closed periods (month or year): the archive of their documents, its SHA-256, and a hash '
    'sha256(previous closing hash || LF || archive_sha256) chaining the closings. Append-only.';

CREATE TRIGGER period_closing_immutable BEFORE UPDATE OR DELETE ON period_closing
    FOR EACH ROW EXECUTE FUNCTION payment_immutable();
CREATE TRIGGER period_closing_no_truncate BEFORE TRUNCATE ON period_closing
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();

-- Closes a month (p_kind 'month', p_start its first day) or a year ('year', 1 January): the
-- period must be over and not closed yet. Nothing can be issued with a date in it afterwards
-- (the issue trigger checks period_closing under the chain lock this function also takes).
-- Returns the closing's id. Raises FTI11 when it cannot be closed.
CREATE FUNCTION period_close(p_kind text, p_start date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
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
    SELECT * INTO v_head FROM invoice_chain WHERE id = 1 FOR UPDATE;
    IF v_end >= paris_today() THEN
        RAISE EXCEPTION 'the period is not over' USING ERRCODE = 'FTI11';
    END IF;
    IF EXISTS (SELECT 1 FROM period_closing WHERE kind = p_kind AND period_start = p_start) THEN
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
                   'canonical', invoice_canonical(i.id)) ORDER BY i.chain_seq), '[]'::jsonb))::text
      INTO v_count, v_archive
      FROM invoice i
     WHERE i.status <> 'draft' AND i.issue_date BETWEEN p_start AND v_end;
    v_sha := encode(digest(convert_to(v_archive, 'UTF8'), 'sha256'), 'hex');
    SELECT hash INTO v_prev FROM period_closing ORDER BY id DESC LIMIT 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    INSERT INTO period_closing (kind, period_start, period_end, doc_count, chain_seq, chain_hash,
                                archive, archive_sha256, prev_hash, hash)
    VALUES (p_kind, p_start, v_end, v_count, v_head.last_seq, v_head.last_hash, v_archive, v_sha,
            v_prev, invoice_hash(v_prev, v_sha))
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

------------------------------------------------------------------------------
-- Verification of both chains
------------------------------------------------------------------------------

-- Walks the document chain in chain order, then the closings. Returns one row: ok, the
-- number of links checked, and for the first broken link its document number (or closing
-- period) and why. fontaine-invoicectl verify does the same walk in C.
CREATE FUNCTION invoice_chain_verify(OUT ok boolean, OUT checked bigint, OUT broken text, OUT reason text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    r record;
    v_prev text := repeat('0', 64);
    v_seq bigint := 0;
    v_head invoice_chain;
BEGIN
    ok := true;
    checked := 0;
    FOR r IN SELECT id, number, chain_seq, prev_hash, hash FROM invoice
             WHERE status <> 'draft' ORDER BY chain_seq LOOP
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
        IF r.hash IS DISTINCT FROM invoice_hash(r.prev_hash, invoice_canonical(r.id)) THEN
            ok := false; broken := r.number;
            reason := 'le contenu ne correspond plus à son empreinte (document modifié)';
            RETURN;
        END IF;
        v_prev := r.hash;
        v_seq := r.chain_seq;
        checked := checked + 1;
    END LOOP;
    SELECT * INTO v_head FROM invoice_chain WHERE id = 1;
    IF v_head.last_seq <> v_seq OR v_head.last_hash <> v_prev THEN
        ok := false; broken := 'fin de chaîne';
        reason := format('la tête de chaîne (n° %s) ne correspond pas au dernier document (n° %s) : '
                         'document supprimé ?', v_head.last_seq, v_seq);
        RETURN;
    END IF;
    v_prev := repeat('0', 64);
    FOR r IN SELECT id, kind, period_start, archive, archive_sha256, prev_hash, hash
             FROM period_closing ORDER BY id LOOP
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

------------------------------------------------------------------------------
-- The monthly run
------------------------------------------------------------------------------

-- What the monthly run of p_month (its first day) would invoice and has not yet: membership
-- fees (pending), carnets (once) and monthly coworking formulas (each month), per person.
CREATE FUNCTION invoice_run_sources(p_month date)
RETURNS TABLE (person_id bigint, source_key text, kind text, description text, quantity_milli bigint,
               unit_code text, unit_price_cents bigint, service_start date, service_end date)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH m AS (SELECT p_month AS first, (p_month + interval '1 month' - interval '1 day')::date AS last,
                      (SELECT legal_name FROM organisation WHERE id = 1) AS org),
    src AS (
        SELECT ms.person_id, 'membership:' || ms.id AS source_key, 'membership' AS kind,
               'Adhésion à l’association ' || m.org || ' du ' || to_char(ms.starts_on, 'DD/MM/YYYY')
                   || ' au ' || to_char(ms.ends_on, 'DD/MM/YYYY') AS description,
               1000::bigint AS quantity_milli, 'C62' AS unit_code, ms.fee_cents::bigint AS unit_price_cents,
               ms.starts_on AS service_start, ms.ends_on AS service_end
        FROM membership ms, m
        WHERE ms.status = 'pending' AND ms.starts_on <= m.last AND ms.fee_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id, 'coworking',
               pr.label || ' (' || f.halfdays_total || ' demi-journées)',
               1000, 'C62', f.unit_cents, coalesce(f.starts_on, m.first), f.ends_on
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.status IN ('active', 'ended') AND f.halfdays_total IS NOT NULL
          AND coalesce(f.starts_on, f.created_at::date) <= m.last AND f.unit_cents > 0
        UNION ALL
        SELECT f.person_id, 'formula:' || f.id || ':' || to_char(m.first, 'YYYY-MM'), 'coworking',
               pr.label || ' — ' || (ARRAY['janvier','février','mars','avril','mai','juin','juillet',
                   'août','septembre','octobre','novembre','décembre'])[extract(month FROM m.first)::int]
                   || ' ' || extract(year FROM m.first),
               1000, 'MON', f.unit_cents, greatest(f.starts_on, m.first), least(coalesce(f.ends_on, m.last), m.last)
        FROM person_formula f JOIN price pr ON pr.code = f.price_code, m
        WHERE f.status IN ('active', 'ended') AND f.halfdays_total IS NULL AND pr.unit = 'le mois'
          AND pr.category = 'coworking' AND f.starts_on IS NOT NULL AND f.starts_on <= m.last
          AND (f.ends_on IS NULL OR f.ends_on >= m.first) AND f.unit_cents > 0
    )
    SELECT s.* FROM src s
    WHERE NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.source_key = s.source_key)
$$;

-- Creates the drafts of the monthly run of p_month (any day of it): one draft per person
-- with something to invoice (added to the person's draft of that month if it exists).
-- Idempotent: a source is invoiced once (unique invoice_line.source_key), and runs are
-- serialised by an advisory lock. Returns the number of lines added.
CREATE FUNCTION invoice_run(p_month date) RETURNS int
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_month date := date_trunc('month', p_month)::date;
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'invoice_payment_days'), 30);
    v_lines int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.invoice_run'));
    CREATE TEMP TABLE run_src ON COMMIT DROP AS SELECT * FROM invoice_run_sources(v_month);
    INSERT INTO invoice (kind, person_id, run_month, customer_business, customer_name,
                         customer_street, customer_postcode, customer_city, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    SELECT 'invoice', p.id, v_month,
           p.profile = 'organisation' OR p.siret IS NOT NULL,
           CASE WHEN p.company_name IS NOT NULL AND (p.profile = 'organisation' OR p.siret IS NOT NULL)
                THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
           p.billing_street, p.billing_postcode, p.billing_city,
           coalesce(p.siren, left(p.siret, 9)), p.email,
           s.first_start, s.last_end, v_days
    FROM person p
    JOIN (SELECT r.person_id, min(r.service_start) AS first_start, max(r.service_end) AS last_end
          FROM run_src r GROUP BY r.person_id) s ON s.person_id = p.id
    WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id AND i.run_month = v_month
                      AND i.status = 'draft' AND i.kind = 'invoice');
    INSERT INTO invoice_line (invoice_id, position, kind, description, quantity_milli, unit_code,
                              unit_price_cents, vat_rate_bp, service_start, service_end, source_key)
    SELECT i.id, row_number() OVER (PARTITION BY i.id ORDER BY r.source_key)
                 + coalesce((SELECT max(position) FROM invoice_line x WHERE x.invoice_id = i.id), 0),
           r.kind, r.description, r.quantity_milli, r.unit_code, r.unit_price_cents, 0,
           r.service_start, r.service_end, r.source_key
    FROM run_src r
    JOIN invoice i ON i.person_id = r.person_id AND i.run_month = v_month AND i.status = 'draft'
                  AND i.kind = 'invoice'
    ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING;
    GET DIAGNOSTICS v_lines = ROW_COUNT;
    DROP TABLE run_src;
    RETURN v_lines;
END;
$$;

------------------------------------------------------------------------------
-- Role of the invoice program (and its command fontaine-invoicectl)
------------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fontaine_invoice') THEN
        BEGIN
            CREATE ROLE fontaine_invoice LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO fontaine_invoice', current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO fontaine_invoice;
GRANT SELECT ON organisation, app_setting, price, person, membership, person_formula, account_code,
    invoice_counter, invoice_chain, period_closing, invoice_overdue, customer_balance,
    invoice_reminder TO fontaine_invoice;
GRANT SELECT, INSERT, UPDATE, DELETE ON invoice, invoice_line TO fontaine_invoice;
GRANT SELECT, INSERT ON payment TO fontaine_invoice;
GRANT SELECT, INSERT, UPDATE (status, last_collected_on) ON sepa_mandate TO fontaine_invoice;
GRANT INSERT ON outbox, outbox_attachment TO fontaine_invoice;
GRANT SELECT (id) ON outbox TO fontaine_invoice;
GRANT SELECT (outbox_id) ON outbox_attachment TO fontaine_invoice;
GRANT USAGE ON SEQUENCE invoice_id_seq, invoice_line_id_seq, payment_id_seq, sepa_mandate_id_seq,
    outbox_id_seq, outbox_attachment_id_seq TO fontaine_invoice;
GRANT EXECUTE ON FUNCTION session_touch(bytea) TO fontaine_invoice;
REVOKE EXECUTE ON FUNCTION invoice_remind(bigint, int, text), period_close(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoice_remind(bigint, int, text), period_close(text, date) TO fontaine_invoice;

-- The back office reads invoicing (dashboard, income) and edits the account codes.
GRANT SELECT ON invoice, invoice_line, payment, invoice_reminder, sepa_mandate, period_closing,
    invoice_counter, invoice_chain, invoice_overdue, customer_balance TO fontaine_admin;
GRANT ALL ON account_code TO fontaine_admin;
