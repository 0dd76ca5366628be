-- SEPA direct-debit batches as records (program invoice): a batch holds its debits, each of one
-- open invoice of a member with an active mandate, with its sequence type (FRST for the first
-- debit of a mandate, RCUR after it), the collection date and a status; the pain.008 file is
-- stored when first written, so that every download gives the same bytes.
--
-- What the database guarantees:
-- * An invoice is in one batch only (unique index on the debits not returned): downloading or
--   preparing again debits nothing twice.
-- * A mandate's first debit is FRST, and RCUR only follows a FRST that was not returned.
-- * A returned debit (R-transaction: reason code ISO 20022, e.g. AM04, MD01) is recorded before
--   the batch is settled; settling records one payment ('prelevement') per debit not returned.
-- * Batches and debits are never deleted; a stored file never changes.
--
-- Errors: FTI20 no valid creditor identifier (ICS); FTI21 nothing to debit; FTI22 a date or a
-- transition that is not possible (collection date not in the future, settled twice, return
-- after settlement).

CREATE TABLE sepa_batch (
    id              bigserial PRIMARY KEY,
    sequence_type   text NOT NULL CHECK (sequence_type IN ('FRST', 'RCUR')),
    collection_date date NOT NULL,
    message_id      text NOT NULL UNIQUE CHECK (message_id ~ '^[A-Za-z0-9-]{1,35}$'),
    creditor_id     text NOT NULL CHECK (ics_ok(creditor_id)),
    status          text NOT NULL DEFAULT 'prepared' CHECK (status IN ('prepared', 'settled')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      bigint REFERENCES person (id),
    settled_on      date,
    file            bytea,
    file_sha256     text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT sepa_batch_settled CHECK ((status = 'settled') = (settled_on IS NOT NULL)),
    CONSTRAINT sepa_batch_file CHECK ((file IS NULL) = (file_sha256 IS NULL))
);
COMMENT ON TABLE sepa_batch IS
    'A SEPA Core direct-debit batch (pain.008.001.08): its debits are sepa_debit rows; file holds '
    'the bytes first downloaded, served again unchanged.';

CREATE TABLE sepa_debit (
    id            bigserial PRIMARY KEY,
    batch_id      bigint NOT NULL REFERENCES sepa_batch (id),
    invoice_id    bigint NOT NULL REFERENCES invoice (id),
    mandate_id    bigint NOT NULL REFERENCES sepa_mandate (id),
    sequence_type text NOT NULL CHECK (sequence_type IN ('FRST', 'RCUR')),
    amount_cents  bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 99999999999),
    end_to_end_id text NOT NULL UNIQUE CHECK (end_to_end_id ~ '^[A-Za-z0-9-]{1,35}$'),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'returned', 'collected')),
    returned_on   date,
    return_reason text CHECK (return_reason ~ '^[A-Z]{2}[0-9]{2}$'),
    payment_id    bigint REFERENCES payment (id),
    CONSTRAINT sepa_debit_return CHECK ((status = 'returned') = (returned_on IS NOT NULL AND return_reason IS NOT NULL)),
    CONSTRAINT sepa_debit_collected CHECK ((status = 'collected') = (payment_id IS NOT NULL))
);
-- A debit is in one batch only: an invoice is presented again only after a return.
CREATE UNIQUE INDEX sepa_debit_once ON sepa_debit (invoice_id) WHERE status <> 'returned';
CREATE INDEX sepa_debit_batch ON sepa_debit (batch_id, id);
CREATE INDEX sepa_debit_mandate ON sepa_debit (mandate_id);
COMMENT ON TABLE sepa_debit IS
    'One debit of a batch: an invoice''s balance on a mandate; pending, returned (R-transaction) or '
    'collected (its payment recorded when the batch is settled).';

-- Batches and debits are never deleted; a stored file never changes; a debit only moves
-- pending → returned or pending → collected.
CREATE FUNCTION sepa_batch_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'SEPA batches are kept' USING ERRCODE = 'FTI08';
    END IF;
    IF OLD.file IS NOT NULL AND NEW.file IS DISTINCT FROM OLD.file THEN
        RAISE EXCEPTION 'the file of batch % is stored: it never changes', OLD.id USING ERRCODE = 'FTI08';
    END IF;
    IF (NEW.sequence_type, NEW.collection_date, NEW.message_id, NEW.creditor_id, NEW.created_at)
       IS DISTINCT FROM (OLD.sequence_type, OLD.collection_date, OLD.message_id, OLD.creditor_id, OLD.created_at)
       OR (OLD.status = 'settled' AND NEW IS DISTINCT FROM OLD) THEN
        RAISE EXCEPTION 'batch % cannot be changed', OLD.id USING ERRCODE = 'FTI08';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER sepa_batch_guard BEFORE UPDATE OR DELETE ON sepa_batch
    FOR EACH ROW EXECUTE FUNCTION sepa_batch_guard();

CREATE FUNCTION sepa_debit_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'SEPA debits are kept' USING ERRCODE = 'FTI08';
    END IF;
    IF OLD.status <> 'pending' OR (to_jsonb(NEW) - ARRAY['status', 'returned_on', 'return_reason', 'payment_id'])
       IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'returned_on', 'return_reason', 'payment_id']) THEN
        RAISE EXCEPTION 'debit % cannot be changed', OLD.id USING ERRCODE = 'FTI08';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER sepa_debit_guard BEFORE UPDATE OR DELETE ON sepa_debit
    FOR EACH ROW EXECUTE FUNCTION sepa_debit_guard();
CREATE TRIGGER sepa_no_truncate BEFORE TRUNCATE ON sepa_batch
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();
CREATE TRIGGER sepa_debit_no_truncate BEFORE TRUNCATE ON sepa_debit
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_no_truncate();

-- Prepares the batch of sequence p_seq collected on p_date: every open invoice issued by today
-- of a member with an active mandate, not already in a batch (or returned), the mandate never
-- debited for FRST, already debited (a FRST not returned) for RCUR. Returns the batch id.
CREATE FUNCTION sepa_batch_create(p_seq text, p_date date, p_by bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_ics text := (SELECT value FROM app_setting WHERE key = 'sepa_creditor_id');
    v_id bigint;
    v_n int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.sepa_batch'));
    IF v_ics IS NULL OR NOT ics_ok(v_ics) THEN
        RAISE EXCEPTION 'no valid SEPA creditor identifier' USING ERRCODE = 'FTI20';
    END IF;
    IF p_seq NOT IN ('FRST', 'RCUR') OR p_date <= paris_today() THEN
        RAISE EXCEPTION 'collection date % must be after today', p_date USING ERRCODE = 'FTI22';
    END IF;
    v_id := nextval(pg_get_serial_sequence('sepa_batch', 'id'));
    INSERT INTO sepa_batch (id, sequence_type, collection_date, message_id, creditor_id, created_by)
    VALUES (v_id, p_seq, p_date, 'FONTAINE-PRLV-' || v_id, v_ics, p_by);
    WITH m AS (
        SELECT DISTINCT ON (sm.person_id) sm.* FROM sepa_mandate sm
        WHERE sm.status = 'active' ORDER BY sm.person_id, sm.signed_on DESC, sm.id DESC
    ), open AS (
        SELECT i.id AS invoice_id, m.id AS mandate_id, i.number, i.gross_cents - i.paid_cents AS amount,
               EXISTS (SELECT 1 FROM sepa_debit d WHERE d.mandate_id = m.id AND d.status <> 'returned') AS debited
        FROM invoice i JOIN m ON m.person_id = i.person_id
        WHERE i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid') AND i.issue_date <= paris_today()
          AND i.gross_cents > i.paid_cents
          AND NOT EXISTS (SELECT 1 FROM sepa_debit d WHERE d.invoice_id = i.id AND d.status <> 'returned')
    ), pick AS (
        -- FRST: one invoice per mandate (its first debit); RCUR: all of them.
        SELECT o.*, row_number() OVER (PARTITION BY o.mandate_id ORDER BY o.invoice_id) AS k FROM open o
        WHERE o.debited = (p_seq = 'RCUR')
    )
    INSERT INTO sepa_debit (batch_id, invoice_id, mandate_id, sequence_type, amount_cents, end_to_end_id)
    SELECT v_id, invoice_id, mandate_id, p_seq, amount,
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

-- Stores the file of batch p_id once (later calls keep the first); returns the stored bytes.
CREATE FUNCTION sepa_batch_store(p_id bigint, p_file bytea) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_file bytea;
BEGIN
    UPDATE sepa_batch SET file = p_file, file_sha256 = encode(digest(p_file, 'sha256'), 'hex')
    WHERE id = p_id AND file IS NULL;
    SELECT file INTO v_file FROM sepa_batch WHERE id = p_id;
    RETURN v_file;
END;
$$;

-- Records that debit p_debit came back (R-transaction) on p_date with reason p_reason. Before
-- the batch is settled only. The invoice can then be presented again; a mandate whose FRST
-- came back starts again with a FRST.
CREATE FUNCTION sepa_debit_return(p_debit bigint, p_date date, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_d sepa_debit;
BEGIN
    SELECT d.* INTO v_d FROM sepa_debit d JOIN sepa_batch b ON b.id = d.batch_id
    WHERE d.id = p_debit AND d.status = 'pending' AND b.status = 'prepared' FOR UPDATE OF d, b;
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

-- Settles batch p_id on p_date (on or after its collection date): one payment per debit not
-- returned, the debit marked collected. Returns the number of payments.
CREATE FUNCTION sepa_batch_settle(p_id bigint, p_date date, p_by bigint) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_b sepa_batch;
    v_d sepa_debit;
    v_pay bigint;
    v_n int := 0;
BEGIN
    SELECT * INTO v_b FROM sepa_batch WHERE id = p_id FOR UPDATE;
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

GRANT SELECT ON sepa_batch, sepa_debit TO fontaine_invoice;
REVOKE EXECUTE ON FUNCTION sepa_batch_create(text, date, bigint), sepa_batch_store(bigint, bytea),
    sepa_debit_return(bigint, date, text), sepa_batch_settle(bigint, date, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sepa_batch_create(text, date, bigint), sepa_batch_store(bigint, bytea),
    sepa_debit_return(bigint, date, text), sepa_batch_settle(bigint, date, bigint) TO fontaine_invoice;
