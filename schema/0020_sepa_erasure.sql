-- 0020_sepa_erasure: erasure and clean-up with SEPA batches (0019) in the schema.
--
-- sepa_debit.mandate_id -> sepa_mandate is NO ACTION, and debits are never changed nor
-- deleted once collected (sepa_debit_guard): person_erase() (0017), which deletes a revoked
-- mandate whose last collection is older than 13 months, would roll back for a mandate that
-- a debit of a batch names. Such a mandate is the basis of recorded debits: it is kept
-- (revoked, as person_erase leaves it) instead of deleted. The trigger below skips the
-- deletion of a mandate that a debit references; every other mandate is deleted as before.
--
-- sepa_debit.invoice_id -> invoice: only drafts are deleted, and a draft is never debited.
-- sepa_batch.created_by -> person: persons are anonymised, never deleted, by the erasure;
-- cleanup_expired() deletes only pending accounts never verified, which create no batch.
CREATE FUNCTION sepa_mandate_keep_debited() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM sepa_debit d WHERE d.mandate_id = OLD.id) THEN
        RETURN NULL;   -- kept: recorded debits name it
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER sepa_mandate_keep_debited BEFORE DELETE ON sepa_mandate
    FOR EACH ROW EXECUTE FUNCTION sepa_mandate_keep_debited();
