-- Allowances and charges (EN 16931 BG-20/BG-21 at document level, BG-27/BG-28 at line level).
--
-- * allowance_charge_reason: the reason codes staff may choose, UNTDID 5189 for allowances
--   (95 "Remise"…), UNTDID 7161 for charges, with their French label.
-- * invoice_allowance_charge: a document-level allowance or charge, with its VAT rate (the
--   category follows the rate, as for lines: 0 is exempt, E).
-- * invoice_line_allowance_charge: a line-level one; it changes the line's net (BT-131).
--   Both: amount > 0, optional base amount and percentage (0–100 %, in basis points) that
--   then give the amount (half-up to the cent), a reason text and an optional code.
-- * Only drafts take them: a trigger refuses any change once the document is issued (FTI08),
--   and a line's allowances cannot exceed the line (FTI14).
-- * At issue (trigger invoice_issue_allowances, fired after invoice_before_update, names sort)
--   the totals are recomputed with them: BT-131 = quantity × price − line allowances + line
--   charges; per VAT rate basis = Σ line nets ± document allowances/charges at that rate;
--   VAT = basis × rate half-up once per rate; net (BT-109) = Σ bases; gross = net + VAT. A
--   negative basis is refused (FTI14), a rate under the franchise too (FTI05). The hash is
--   then recomputed over the canonical text, which gains two optional kinds of lines, written
--   only when the document has allowances or charges (every hash issued before is unchanged):
--     line_ac|<line ordinal>|<1 charge, 0 allowance>|<amount>|<base>|<percent bp>|<code>|<reason>
--     doc_ac|<1 charge, 0 allowance>|<amount>|<base>|<percent bp>|<vat bp>|<code>|<reason>
--   (after the document's lines, line_ac by line then id, doc_ac by id; '-' for NULL).
-- * A credit note copies the allowances and charges of the invoice it cancels.
-- * invoice_sales: sales of an issued document by line kind, net of line allowances and
--   charges, with the document-level ones as kinds 'allowance' (negative) and 'charge', for
--   the FEC (accounts 709 and 708).
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

CREATE TABLE allowance_charge_reason (
    charge boolean NOT NULL,
    code   text NOT NULL CHECK (code ~ '^[0-9A-Z]{1,3}$'),
    label  text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    PRIMARY KEY (charge, code)
);
COMMENT ON TABLE allowance_charge_reason IS
    'Reason codes of allowances (UNTDID 5189, charge false) and charges (UNTDID 7161, charge true).';
INSERT INTO allowance_charge_reason (charge, code, label) VALUES
    (false, '95',  'Remise'),
    (false, '100', 'Remise exceptionnelle'),
    (false, '102', 'Remise à long terme'),
    (false, '104', 'Remise standard'),
    (false, '105', 'Remise sur le chiffre d’affaires annuel'),
    (false, '64',  'Accord particulier'),
    (true,  'CG',  'Nettoyage'),
    (true,  'ADR', 'Autres services'),
    (true,  'ABK', 'Frais divers'),
    (true,  'DL',  'Livraison'),
    (true,  'ZZZ', 'Convenu entre les parties')
ON CONFLICT DO NOTHING;

CREATE TABLE invoice_allowance_charge (
    id           bigserial PRIMARY KEY,
    invoice_id   bigint NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    charge       boolean NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 100000000),
    base_cents   bigint CHECK (base_cents > 0 AND base_cents <= 10000000000),
    percent_bp   int CHECK (percent_bp BETWEEN 0 AND 10000),
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200 AND reason !~ '[\r\n]'),
    reason_code  text,
    vat_rate_bp  int NOT NULL CHECK (vat_rate_bp IN (0, 210, 550, 1000, 2000)),
    CONSTRAINT invoice_ac_base_percent CHECK ((base_cents IS NULL) = (percent_bp IS NULL)),
    CONSTRAINT invoice_ac_percent_amount CHECK (percent_bp IS NULL
        OR amount_cents = (base_cents * percent_bp + 5000) / 10000),
    CONSTRAINT invoice_ac_reason FOREIGN KEY (charge, reason_code)
        REFERENCES allowance_charge_reason (charge, code)
);
CREATE INDEX invoice_allowance_charge_invoice ON invoice_allowance_charge (invoice_id, id);
COMMENT ON TABLE invoice_allowance_charge IS
    'Document-level allowances (BG-20) and charges (BG-21) of a draft or issued document.';

CREATE TABLE invoice_line_allowance_charge (
    id           bigserial PRIMARY KEY,
    line_id      bigint NOT NULL REFERENCES invoice_line (id) ON DELETE CASCADE,
    charge       boolean NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 100000000),
    base_cents   bigint CHECK (base_cents > 0 AND base_cents <= 10000000000),
    percent_bp   int CHECK (percent_bp BETWEEN 0 AND 10000),
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200 AND reason !~ '[\r\n]'),
    reason_code  text,
    CONSTRAINT invoice_line_ac_base_percent CHECK ((base_cents IS NULL) = (percent_bp IS NULL)),
    CONSTRAINT invoice_line_ac_percent_amount CHECK (percent_bp IS NULL
        OR amount_cents = (base_cents * percent_bp + 5000) / 10000),
    CONSTRAINT invoice_line_ac_reason FOREIGN KEY (charge, reason_code)
        REFERENCES allowance_charge_reason (charge, code)
);
CREATE INDEX invoice_line_allowance_charge_line ON invoice_line_allowance_charge (line_id, id);
COMMENT ON TABLE invoice_line_allowance_charge IS
    'Line-level allowances (BG-27) and charges (BG-28): they change the line net (BT-131).';

-- The net of line p_line after its allowances and charges (BT-131).
CREATE FUNCTION invoice_line_net(p_line bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT l.net_cents + coalesce((SELECT sum(CASE WHEN a.charge THEN a.amount_cents ELSE -a.amount_cents END)
                                   FROM invoice_line_allowance_charge a WHERE a.line_id = l.id), 0)
    FROM invoice_line l WHERE l.id = p_line
$$;

-- Allowances and charges belong to drafts only (as lines, schema/0009 invoice_line_guard);
-- a line's allowances never exceed it. One whose invoice or line is gone is being deleted by
-- a cascade of a draft's deletion.
CREATE FUNCTION invoice_ac_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
    v_net bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_TABLE_NAME = 'invoice_allowance_charge' THEN
            SELECT status INTO v_status FROM invoice WHERE id = OLD.invoice_id;
        ELSE
            SELECT i.status INTO v_status FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
                WHERE l.id = OLD.line_id;
        END IF;
        IF v_status IS NOT NULL AND v_status <> 'draft' THEN
            RAISE EXCEPTION 'the allowances of an issued document cannot change' USING ERRCODE = 'FTI08';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_TABLE_NAME = 'invoice_allowance_charge' THEN
            SELECT status INTO v_status FROM invoice WHERE id = NEW.invoice_id FOR UPDATE;
        ELSE
            SELECT i.status INTO v_status FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
                WHERE l.id = NEW.line_id FOR UPDATE OF i;
        END IF;
        IF v_status IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'the allowances of an issued document cannot change' USING ERRCODE = 'FTI08';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$;

-- AFTER INSERT OR UPDATE of a line's allowance or charge: the line net stays >= 0.
CREATE FUNCTION invoice_line_ac_within() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF invoice_line_net(NEW.line_id) < 0 THEN
        RAISE EXCEPTION 'the allowances of line % exceed it', NEW.line_id USING ERRCODE = 'FTI14';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER invoice_ac_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_allowance_charge
    FOR EACH ROW EXECUTE FUNCTION invoice_ac_guard();
CREATE TRIGGER invoice_line_ac_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_line_allowance_charge
    FOR EACH ROW EXECUTE FUNCTION invoice_ac_guard();
CREATE TRIGGER invoice_line_ac_within AFTER INSERT OR UPDATE ON invoice_line_allowance_charge
    FOR EACH ROW EXECUTE FUNCTION invoice_line_ac_within();
CREATE TRIGGER invoice_ac_no_truncate BEFORE TRUNCATE ON invoice_allowance_charge
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();
CREATE TRIGGER invoice_line_ac_no_truncate BEFORE TRUNCATE ON invoice_line_allowance_charge
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();

-- The canonical text: 0018's, with the optional line_ac and doc_ac lines (see above).
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
        || coalesce((SELECT string_agg('line_ac|' || concat_ws('|', n.ordinal, CASE WHEN a.charge THEN '1' ELSE '0' END,
                    a.amount_cents, canon(a.base_cents::text), canon(a.percent_bp::text), canon(a.reason_code),
                    canon(a.reason)) || E'\n', '' ORDER BY n.ordinal, a.id)
                FROM (SELECT l.id, row_number() OVER (ORDER BY l.position, l.id) AS ordinal
                      FROM invoice_line l WHERE l.invoice_id = i.id) n
                JOIN invoice_line_allowance_charge a ON a.line_id = n.id), '')
        || coalesce((SELECT string_agg('doc_ac|' || concat_ws('|', CASE WHEN a.charge THEN '1' ELSE '0' END,
                    a.amount_cents, canon(a.base_cents::text), canon(a.percent_bp::text), a.vat_rate_bp,
                    canon(a.reason_code), canon(a.reason)) || E'\n', '' ORDER BY a.id)
                FROM invoice_allowance_charge a WHERE a.invoice_id = i.id), '')
        || 'totals|' || canon(i.net_cents::text) || '|' || canon(i.vat_cents::text) || '|'
            || canon(i.gross_cents::text) || E'\n'
$$;

-- BEFORE UPDATE, draft → issued, after invoice_before_update: the totals with the allowances
-- and charges, and the hash over them (the chain head follows). Nothing for a document
-- without any. SECURITY DEFINER: the program's role cannot write the chain head.
CREATE FUNCTION invoice_issue_allowances() RETURNS trigger
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
        WHERE id = 1 AND last_seq = NEW.chain_seq AND last_hash = v_old_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the chain head moved during the issue' USING ERRCODE = 'FTI08';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER invoice_issue_allowances BEFORE UPDATE OF status ON invoice
    FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'issued')
    EXECUTE FUNCTION invoice_issue_allowances();

-- 0009's credit_note_create, copying the allowances and charges too.
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
    INSERT INTO invoice (kind, corrects_id, person_id, customer_business, customer_name, customer_street,
                         customer_postcode, customer_city, customer_country, customer_siren,
                         customer_email, service_start, service_end, payment_days)
    VALUES ('credit_note', p_invoice, v_inv.person_id, v_inv.customer_business, v_inv.customer_name,
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

-- Sales of a document by kind for the FEC: line nets after their allowances and charges,
-- document-level allowances (negative) and charges.
CREATE VIEW invoice_sales AS
    SELECT l.invoice_id, l.kind, sum(invoice_line_net(l.id))::bigint AS net_cents
    FROM invoice_line l GROUP BY l.invoice_id, l.kind
    UNION ALL
    SELECT a.invoice_id, CASE WHEN a.charge THEN 'charge' ELSE 'allowance' END,
           sum(CASE WHEN a.charge THEN a.amount_cents ELSE -a.amount_cents END)::bigint
    FROM invoice_allowance_charge a GROUP BY a.invoice_id, a.charge;

INSERT INTO account_code (key, code, label) VALUES
    ('sales_allowance', '709', 'Rabais, remises et ristournes accordés'),
    ('sales_charge',    '708', 'Produits des activités annexes')
ON CONFLICT (key) DO NOTHING;

GRANT SELECT ON allowance_charge_reason, invoice_sales TO fontaine_invoice, fontaine_admin;
GRANT SELECT, INSERT, DELETE ON invoice_allowance_charge, invoice_line_allowance_charge TO fontaine_invoice;
GRANT SELECT ON invoice_allowance_charge, invoice_line_allowance_charge TO fontaine_admin;
GRANT USAGE ON SEQUENCE invoice_allowance_charge_id_seq, invoice_line_allowance_charge_id_seq TO fontaine_invoice;
