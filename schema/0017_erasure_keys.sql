-- Erasure and retention clean-up that no foreign key can block.
--
-- person_erase() and cleanup_expired() (0010) delete from outbox, and cleanup_expired() deletes
-- never-verified accounts. Every foreign key into a table they delete from must let the row
-- go (ON DELETE CASCADE or SET NULL), or be ruled out by the function's own conditions; one
-- that does not rolls the whole erasure back. Found by reading pg_constraint
-- (tests/security/erasure.test.mjs checks the catalogue the same way):
--   invoice_reminder.outbox_id -> outbox: NO ACTION. A mailed payment reminder blocked the
--     erasure of its customer and the deletion of mail older than 12 months. Now SET NULL:
--     the reminder record (invoice, level, date) is accounting history and stays; the mail
--     (the person's address and the text) goes.
--   payment.created_by, sepa_mandate.person_id -> person: NO ACTION, and cleanup_expired()
--     did not look at them before deleting a pending account: it now keeps such an account.
--   booking.formula_id -> person_formula: cleanup_expired() now keeps an account whose
--     formula a booking uses, as it already kept one with bookings in its own name.
--
-- person_erase() is replaced to erase what 0010's left behind: queued mail to the address,
-- draft invoices (not legal documents yet: issued ones stay unchanged for ten years, as
-- 0010 says), and SEPA mandates (revoked; deleted unless a debit was collected in the last
-- 13 months, the period in which a debtor may contest it, Code monétaire et financier
-- L133-24, during which the signed mandate is the creditor's proof).
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

ALTER TABLE invoice_reminder DROP CONSTRAINT invoice_reminder_outbox_id_fkey;
ALTER TABLE invoice_reminder ADD CONSTRAINT invoice_reminder_outbox_id_fkey
    FOREIGN KEY (outbox_id) REFERENCES outbox (id) ON DELETE SET NULL;
COMMENT ON COLUMN invoice_reminder.outbox_id IS
    'The mail of the reminder; NULL once that mail was deleted (erasure, 12-month retention).';

-- Same contract as 0010's person_erase, plus: queued mail to the address is deleted (a mail
-- being sent at this moment is left to the mailer), the person's draft invoices are deleted,
-- and the person's SEPA mandates are revoked, and deleted unless a debit was collected
-- under them in the last 13 months.
CREATE OR REPLACE FUNCTION person_erase(p_person bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v person;
    v_anon text := 'efface-' || p_person || '@invalid.example';
BEGIN
    SELECT * INTO v FROM person WHERE id = p_person FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v.role <> 'member' THEN
        RAISE EXCEPTION 'a staff account cannot be erased' USING ERRCODE = 'FTA01';
    END IF;
    DELETE FROM session WHERE person_id = p_person;
    DELETE FROM auth_token WHERE person_id = p_person;
    DELETE FROM login_attempt WHERE email_lower = lower(v.email);
    DELETE FROM contact_message WHERE lower(email) = lower(v.email);
    DELETE FROM newsletter_optout WHERE email_lower = lower(v.email);
    DELETE FROM outbox WHERE lower(to_addr) = lower(v.email) AND status <> 'sending';
    DELETE FROM invoice WHERE person_id = p_person AND status = 'draft';
    UPDATE sepa_mandate SET status = 'revoked' WHERE person_id = p_person AND status = 'active';
    DELETE FROM sepa_mandate
     WHERE person_id = p_person
       AND (last_collected_on IS NULL OR last_collected_on < paris_today() - interval '13 months');
    UPDATE registration SET name = 'Personne effacée', email = v_anon
        WHERE person_id = p_person OR lower(email) = lower(v.email);
    UPDATE booking SET contact_name = 'Personne effacée', email = NULL, phone = NULL, purpose = NULL
        WHERE person_id = p_person OR lower(email) = lower(v.email);
    UPDATE person SET email = v_anon, first_name = 'Personne', last_name = 'effacée', phone = NULL,
           profile = 'autre', activity = NULL, siret = NULL, company_name = NULL, siren = NULL,
           billing_street = NULL, billing_postcode = NULL, billing_city = NULL,
           newsletter = false, newsletter_at = NULL, password_hash = NULL, status = 'closed',
           email_verified_at = NULL
     WHERE id = p_person;
    UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE '{"efface": true}'::jsonb END,
                         after = CASE WHEN after IS NULL THEN NULL ELSE '{"efface": true}'::jsonb END
     WHERE (table_name = 'person' AND row_id = p_person)
        OR (table_name = 'registration' AND (before->>'person_id' = p_person::text
                                             OR after->>'person_id' = p_person::text));
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (audit_actor(), 'erase', 'person', p_person, NULL, '{"efface": true}'::jsonb);
    RETURN true;
END;
$$;

-- Same as 0010's cleanup_expired, except that a never-verified account is kept when a
-- payment was recorded by it, it has a SEPA mandate, or a booking uses one of its formulas
-- (each a foreign key that would otherwise roll the whole clean-up back).
CREATE OR REPLACE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM session WHERE expires_at < now() OR last_seen_at < now() - interval '48 hours';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'sessions'; deleted := n; RETURN NEXT;
    DELETE FROM auth_token WHERE coalesce(used_at, expires_at) < now() - interval '7 days';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'tokens'; deleted := n; RETURN NEXT;
    DELETE FROM login_attempt WHERE at < now() - interval '30 days';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'login_attempts'; deleted := n; RETURN NEXT;
    -- Accounts never verified: their pending membership and formula go with them; one with
    -- anything else attached (an invoice, a booking, a mandate) is kept for staff to look at.
    WITH gone AS (
        SELECT p.id FROM person p
        WHERE p.status = 'pending' AND p.email_verified_at IS NULL
          AND p.created_at < now() - interval '30 days'
          AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM booking b JOIN person_formula f ON f.id = b.formula_id
                          WHERE f.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM sepa_mandate s WHERE s.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM payment y WHERE y.created_by = p.id)
          AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.status = 'paid')
          AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id AND f.status <> 'requested')
    ), m AS (DELETE FROM membership WHERE person_id IN (SELECT id FROM gone) RETURNING 1),
       f AS (DELETE FROM person_formula WHERE person_id IN (SELECT id FROM gone) RETURNING 1),
       r AS (UPDATE registration SET person_id = NULL WHERE person_id IN (SELECT id FROM gone) RETURNING 1)
    SELECT count(*) INTO n FROM gone;
    DELETE FROM person p
    WHERE p.status = 'pending' AND p.email_verified_at IS NULL
      AND p.created_at < now() - interval '30 days'
      AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM person_formula f WHERE f.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM office_lease l WHERE l.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM sepa_mandate s WHERE s.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM payment y WHERE y.created_by = p.id)
      AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.person_id = p.id);
    GET DIAGNOSTICS n = ROW_COUNT; what := 'unverified_accounts'; deleted := n; RETURN NEXT;
    DELETE FROM contact_message WHERE created_at < now() - interval '12 months';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'contact_messages'; deleted := n; RETURN NEXT;
    DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < now() - interval '12 months';
    GET DIAGNOSTICS n = ROW_COUNT; what := 'mails'; deleted := n; RETURN NEXT;
END;
$$;
