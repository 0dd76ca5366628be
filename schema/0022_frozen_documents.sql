-- 0022_frozen_documents.sql: issued means frozen, and payments recorded by mistake are
-- cancelled by a reversing entry.
--
-- Frozen documents. The PDF and the CII XML of an issued document are rendered once by the
-- invoice program (in C: cairo, libxml2) and stored here with their SHA-256; every request
-- afterwards serves these bytes, so a later payment, a new IBAN or a new mandate never changes
-- an issued document. The issuing program renders and stores them in the transaction that
-- issues the document (invoice_freeze right after invoice_issue, under the chain lock the issue
-- took), and then the document's entry in the hash chain covers them: its seal
--     seal = sha256(hash || LF || 'pdf|' || pdf_sha256 || LF || 'xml|' || xml_sha256 || LF)
-- (the same invoice_hash as the chain, over the document's own hash) becomes the chain head,
-- so the next document's prev_hash is that seal. The document's own hash cannot cover its PDF:
-- the PDF prints that hash. A document issued without its bytes (issued before this migration,
-- or by SQL: the demo data, tests) is frozen on its first request (at_issue false): its bytes
-- and seal are checked, but it is not in the chain, which had moved on. The verification
-- (invoice_chain_verify here, fontaine-invoicectl verify in C) walks the chain with this rule:
-- the link after a document is its seal when frozen at issue, else its hash.
--
-- Reversals. A payment is never deleted nor changed (0009): a payment recorded by mistake is
-- cancelled by a reversing payment, negative, that names the original (reverses_id) and says
-- why; an original is reversed at most once (unique index) and by no more than its amount;
-- the invoice's paid amount and status follow. payment_reverse() writes it and its audit_log
-- entry (who, when, why) in one transaction.

------------------------------------------------------------------------------
-- Frozen documents
------------------------------------------------------------------------------

CREATE TABLE invoice_frozen (
    invoice_id  bigint PRIMARY KEY REFERENCES invoice (id),
    pdf         bytea NOT NULL CHECK (length(pdf) BETWEEN 1 AND 20000000),
    pdf_sha256  text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    xml         bytea NOT NULL CHECK (length(xml) BETWEEN 1 AND 20000000),
    xml_sha256  text NOT NULL CHECK (xml_sha256 ~ '^[0-9a-f]{64}$'),
    seal        text NOT NULL UNIQUE CHECK (seal ~ '^[0-9a-f]{64}$'),
    at_issue    boolean NOT NULL,
    frozen_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE invoice_frozen IS
    'The bytes of an issued document as served and mailed (PDF, CII XML) with their SHA-256; '
    'seal = sha256(document hash || LF || pdf|sha || LF || xml|sha || LF). at_issue: stored in the '
    'issuing transaction, the seal is then the chain link after the document. Append-only.';

CREATE TRIGGER invoice_frozen_immutable BEFORE UPDATE OR DELETE ON invoice_frozen
    FOR EACH ROW EXECUTE FUNCTION payment_immutable();
CREATE TRIGGER invoice_frozen_no_truncate BEFORE TRUNCATE ON invoice_frozen
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();

-- The text a seal covers after the document's hash.
CREATE FUNCTION invoice_frozen_canonical(p_pdf_sha text, p_xml_sha text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'pdf|' || p_pdf_sha || E'\n' || 'xml|' || p_xml_sha || E'\n'
$$;

-- Stores the bytes of issued document p_id. In the transaction that issued it (and while it is
-- the chain head) the seal becomes the chain head (at_issue); otherwise the document is frozen
-- late, outside the chain. A document already frozen keeps its bytes (the first stored wins:
-- two first requests may race). Returns true when stored at issue. Raises FTI30 for a draft.
-- SECURITY DEFINER: the program's role cannot write the chain head itself.
CREATE FUNCTION invoice_freeze(p_id bigint, p_pdf bytea, p_xml bytea) RETURNS boolean
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
        SELECT * INTO v_head FROM invoice_chain WHERE id = 1 FOR UPDATE;
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
        UPDATE invoice_chain SET last_hash = v_seal WHERE id = 1;
    END IF;
    RETURN v_at_issue;
END;
$$;

-- invoice_chain_verify of 0009, with the link rule above and the frozen bytes checked.
CREATE OR REPLACE FUNCTION invoice_chain_verify(OUT ok boolean, OUT checked bigint, OUT broken text, OUT reason text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    r record;
    v_prev text := repeat('0', 64);
    v_seq bigint := 0;
    v_head invoice_chain;
BEGIN
    ok := true;
    checked := 0;
    FOR r IN SELECT i.id, i.number, i.chain_seq, i.prev_hash, i.hash, f.invoice_id AS frozen, f.at_issue,
                    f.seal, f.pdf_sha256, f.xml_sha256,
                    encode(digest(f.pdf, 'sha256'), 'hex') AS pdf_now, encode(digest(f.xml, 'sha256'), 'hex') AS xml_now
             FROM invoice i LEFT JOIN invoice_frozen f ON f.invoice_id = i.id
             WHERE i.status <> 'draft' ORDER BY i.chain_seq LOOP
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
-- Reversing payments
------------------------------------------------------------------------------

ALTER TABLE payment ADD COLUMN reverses_id bigint REFERENCES payment (id),
                    ADD COLUMN reason text CHECK (length(reason) BETWEEN 3 AND 300 AND reason !~ '[\r\n]');
-- 0009's column check (amount_cents > 0) becomes: an original is positive, a reversal is
-- negative, names its original and says why.
ALTER TABLE payment DROP CONSTRAINT payment_amount_cents_check;
ALTER TABLE payment ADD CONSTRAINT payment_amount_sign CHECK (
    (reverses_id IS NULL AND reason IS NULL AND amount_cents > 0 AND amount_cents <= 100000000)
    OR (reverses_id IS NOT NULL AND reason IS NOT NULL AND amount_cents < 0 AND amount_cents >= -100000000));
-- An original is reversed at most once.
CREATE UNIQUE INDEX payment_reversed_once ON payment (reverses_id) WHERE reverses_id IS NOT NULL;
COMMENT ON COLUMN payment.reverses_id IS
    'Set on a reversing entry (negative amount): the payment recorded by mistake it cancels.';

-- BEFORE INSERT, replaced: a reversal names a payment of the same invoice that is not itself a
-- reversal, takes back no more than it, and the invoice is not cancelled.
CREATE OR REPLACE FUNCTION payment_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_inv invoice;
    v_orig payment;
BEGIN
    SELECT * INTO v_inv FROM invoice WHERE id = NEW.invoice_id FOR UPDATE;
    IF NEW.reverses_id IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM payment WHERE reverses_id = NEW.reverses_id) THEN
            RAISE EXCEPTION 'payment % is already reversed', NEW.reverses_id USING ERRCODE = 'FTI32';
        END IF;
        SELECT * INTO v_orig FROM payment WHERE id = NEW.reverses_id;
        IF v_orig.id IS NULL OR v_orig.invoice_id <> NEW.invoice_id OR v_orig.reverses_id IS NOT NULL
           OR v_inv.status NOT IN ('partly_paid', 'paid') THEN
            RAISE EXCEPTION 'payment % cannot be reversed', NEW.reverses_id USING ERRCODE = 'FTI31';
        END IF;
        IF -NEW.amount_cents > v_orig.amount_cents OR NEW.paid_on < v_orig.paid_on THEN
            RAISE EXCEPTION 'a reversal takes back at most its payment, on or after its date'
                USING ERRCODE = 'FTI31';
        END IF;
        RETURN NEW;
    END IF;
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

-- AFTER INSERT, replaced: the status follows the paid amount both ways (a reversal brings an
-- invoice back to partly paid or issued). A membership the reversed payment had made paid is
-- pending again; a fully paid membership fee still makes it paid.
CREATE OR REPLACE FUNCTION payment_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_status text;
BEGIN
    UPDATE invoice SET paid_cents = paid_cents + NEW.amount_cents,
           status = CASE WHEN paid_cents + NEW.amount_cents = 0 THEN 'issued'
                         WHEN paid_cents + NEW.amount_cents < gross_cents THEN 'partly_paid' ELSE 'paid' END
     WHERE id = NEW.invoice_id RETURNING status INTO v_status;
    IF v_status = 'paid' THEN
        UPDATE membership SET status = 'paid', paid_at = now()
         WHERE status = 'pending' AND id IN (
             SELECT substring(source_key FROM '^membership:([0-9]+)$')::bigint
             FROM invoice_line WHERE invoice_id = NEW.invoice_id AND source_key LIKE 'membership:%');
    ELSIF NEW.amount_cents < 0 THEN
        UPDATE membership SET status = 'pending', paid_at = NULL
         WHERE status = 'paid' AND id IN (
             SELECT substring(source_key FROM '^membership:([0-9]+)$')::bigint
             FROM invoice_line WHERE invoice_id = NEW.invoice_id AND source_key LIKE 'membership:%');
    END IF;
    RETURN NULL;
END;
$$;

-- Reverses payment p_payment on p_date (NULL: today in Paris) for p_reason, by staff member
-- p_actor: the reversing entry (its whole amount, same method) and its audit_log entry.
-- Returns the reversal's id. Raises FTI31 (not reversible), FTI32 (already reversed).
CREATE FUNCTION payment_reverse(p_payment bigint, p_date date, p_reason text, p_actor bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_orig payment;
    v_rev payment;
BEGIN
    SELECT * INTO v_orig FROM payment WHERE id = p_payment;
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

------------------------------------------------------------------------------
-- Rights
------------------------------------------------------------------------------

GRANT SELECT ON invoice_frozen TO fontaine_invoice, fontaine_admin;
REVOKE EXECUTE ON FUNCTION invoice_freeze(bigint, bytea, bytea), payment_reverse(bigint, date, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoice_freeze(bigint, bytea, bytea), payment_reverse(bigint, date, text, bigint)
    TO fontaine_invoice;
