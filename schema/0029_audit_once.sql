-- 0029_audit_once.sql: one journal entry per staff action on a membership, a formula, a lease
-- or a booking. Since 0025 the generic trigger audit_staff_row() records every staff write, and
-- the functions of 0024 then add their own entry (the action's name and its reason) through
-- membership_audit_write(): the journal showed such an action twice ("enregistrée" twice, or
-- "modifiée" next to "arrêtée"). Now membership_audit_write() completes the row the trigger wrote
-- for the same row in the same transaction (its action named, the reason added to "after"),
-- and writes a row of its own only when there is none (a reminder changes no row).
-- The back office still cannot change the journal: only this function (SECURITY DEFINER, owned
-- by the schema's owner) touches a row, and only one of its own transaction (at = now(), the
-- transaction's start, for the same table and row).
CREATE OR REPLACE FUNCTION membership_audit_write(p_actor bigint, p_action text, p_table text,
    p_row bigint, p_before jsonb, p_after jsonb, p_reason text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT max(id) INTO v_id FROM audit_log
    WHERE table_name = p_table AND row_id = p_row AND at = now()
      AND action IN ('create', 'edit', 'delete', 'cancel', 'issue', 'settle', 'no_show', 'confirm',
                     'check_in');
    IF v_id IS NOT NULL THEN
        UPDATE audit_log
        SET action = p_action, person_id = coalesce(p_actor, person_id),
            after = CASE WHEN p_reason IS NULL THEN after
                         ELSE coalesce(after, '{}'::jsonb) || jsonb_build_object('reason', p_reason) END
        WHERE id = v_id;
        RETURN;
    END IF;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (p_actor, p_action, p_table, p_row, p_before,
            CASE WHEN p_reason IS NULL THEN p_after
                 ELSE coalesce(p_after, '{}'::jsonb) || jsonb_build_object('reason', p_reason) END);
END;
$$;
REVOKE EXECUTE ON FUNCTION membership_audit_write(bigint, text, text, bigint, jsonb, jsonb, text) FROM PUBLIC;
