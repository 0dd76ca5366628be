-- The staff back office (program admin, role fontaine_admin): the rights its shared session
-- code needs, and the audit log of every change staff make.
--
-- Audit design: triggers, not a function the program must remember to call. An AFTER trigger
-- on each audited table writes one audit_log row per changed row, in the same transaction as
-- the change, with the row before and after (jsonb). The acting staff member is read from the
-- transaction-local setting fontaine.actor, which the admin program sets in the very statement
-- that writes: "FROM (SELECT set_config('fontaine.actor', $1, true) AS actor) a WHERE
-- a.actor <> ''" (SET LOCAL semantics: it ends with the transaction, so a pooled or reused
-- connection never carries it over). A write made by fontaine_admin WITHOUT an actor is
-- refused, so no back-office change can escape the log; writes from elsewhere (migrations,
-- psql, SECURITY DEFINER functions called by other programs) are logged with person_id NULL.
-- Functions called by the admin program (event_cancel) run as their owner but keep the
-- setting, so their changes are attributed too.

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    person_id  bigint REFERENCES person (id) ON DELETE SET NULL,  -- the staff member; NULL: not the back office
    action     text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),   -- create, edit, publish, cancel, delete…
    table_name text NOT NULL,
    row_id     bigint,
    before     jsonb,  -- NULL for a creation
    after      jsonb   -- NULL for a deletion
);
CREATE INDEX audit_log_row ON audit_log (table_name, row_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
COMMENT ON TABLE audit_log IS
    'Every change to audited tables (who, when, what, before/after), written by triggers in the '
    'same transaction as the change; append-only for the back office.';

-- The acting staff member of this transaction (fontaine.actor), or NULL.
CREATE FUNCTION audit_actor() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v text := nullif(current_setting('fontaine.actor', true), '');
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    IF v !~ '^[0-9]{1,18}$' THEN
        RAISE EXCEPTION 'fontaine.actor must be a person id, not %', v USING ERRCODE = '22023';
    END IF;
    RETURN v::bigint;
END;
$$;

-- Generic row audit. The action of an UPDATE of event follows its status: draft → published
-- is 'publish', → cancelled is 'cancel', anything else 'edit'. An UPDATE that changes nothing
-- is not logged.
CREATE FUNCTION audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor bigint := audit_actor();
    v_before jsonb;
    v_after jsonb;
    v_action text;
BEGIN
    IF v_actor IS NULL AND session_user = 'fontaine_admin' THEN
        RAISE EXCEPTION 'a back-office change needs its actor (fontaine.actor)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'INSERT' THEN
        v_after := to_jsonb(NEW);
        v_action := 'create';
    ELSIF TG_OP = 'DELETE' THEN
        v_before := to_jsonb(OLD);
        v_action := 'delete';
    ELSE
        v_before := to_jsonb(OLD);
        v_after := to_jsonb(NEW);
        IF v_before = v_after THEN
            RETURN NULL;
        END IF;
        v_action := 'edit';
        IF TG_TABLE_NAME = 'event' AND OLD.status IS DISTINCT FROM NEW.status THEN
            v_action := CASE NEW.status WHEN 'published' THEN 'publish'
                                        WHEN 'cancelled' THEN 'cancel' ELSE 'edit' END;
        END IF;
    END IF;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (v_actor, v_action, TG_TABLE_NAME, (coalesce(v_after, v_before)->>'id')::bigint, v_before, v_after);
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_row() FROM PUBLIC;

CREATE TRIGGER event_audit AFTER INSERT OR UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION audit_row();

------------------------------------------------------------------------------
-- Rights of the admin program (fontaine_admin, created in 0001; ALL on event and
-- registration since 0004, on person and the account tables since 0002).
------------------------------------------------------------------------------

-- The shared session code runs session_touch for every staff page.
GRANT EXECUTE ON FUNCTION session_touch(bytea) TO fontaine_admin;
-- The audit log is read-only history for staff: rows come from the triggers; no UPDATE, no
-- DELETE (INSERT for audit rows the program may write itself one day).
GRANT SELECT, INSERT ON audit_log TO fontaine_admin;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO fontaine_admin;
