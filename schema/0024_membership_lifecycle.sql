-- The membership lifecycle run by staff (issue 19, "Memberships and formulas"): requests
-- (formulas chosen at signup, memberships, renewals) activated, refused or changed; memberships
-- and formulas created for an existing person; carnet top-ups sold at the desk; the annual
-- renewal (reminders, renewal by staff or at the member's request); monthly formulas stopped
-- for the end of the month; leases ended at a date; corrections as reversals (a check-in on the
-- wrong day, a use given back to a carnet); walk-ins tied to a member.
--
-- Rules the database guards here:
--   * one membership per person per period (0002's exclusion constraint, kept), and one active
--     formula of a kind per person per period (monthly formulas; carnets may be several);
--   * a request is decided once: a formula is activated once (activated_at never changes, an
--     ended or cancelled formula never becomes active again), a membership accepted once;
--   * a correction reverses a booking at most once per kind (booking_correction's unique key);
--   * no check-in in the future (a check-in on a day after today, Paris time, is refused);
--   * a lease is not ended before a month already invoiced.
-- Every staff action writes one audit_log row (who, when, what, and why in after->'reason'),
-- in the same transaction, through membership_audit_write().

------------------------------------------------------------------------------
-- Settings of the renewal reminders
------------------------------------------------------------------------------

INSERT INTO app_setting (key, value) VALUES
    ('membership_reminder_days', '30'),        -- first reminder N days before the end
    ('membership_reminder_repeat_days', '7'),  -- then every N days (0: once)
    ('membership_reminder_max', '3')           -- at most this many reminders per membership
ON CONFLICT (key) DO NOTHING;

------------------------------------------------------------------------------
-- Columns: who decided a request, and why
------------------------------------------------------------------------------

ALTER TABLE membership
    ADD COLUMN IF NOT EXISTS accepted_at timestamptz,
    ADD COLUMN IF NOT EXISTS accepted_by bigint REFERENCES person (id) ON DELETE SET NULL,
    ADD COLUMN IF NOT EXISTS refused_reason text CHECK (length(refused_reason) BETWEEN 1 AND 500),
    ADD COLUMN IF NOT EXISTS renewal_of bigint REFERENCES membership (id) ON DELETE SET NULL,
    ADD COLUMN IF NOT EXISTS requested_by_member boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN membership.accepted_at IS
    'When staff accepted the membership (NULL: a request still to decide, unless paid or cancelled).';
-- A membership already paid was accepted (the fee was invoiced and paid).
UPDATE membership SET accepted_at = paid_at WHERE status = 'paid' AND accepted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS membership_renewed_once ON membership (renewal_of)
    WHERE renewal_of IS NOT NULL AND status <> 'cancelled';

ALTER TABLE person_formula
    ADD COLUMN IF NOT EXISTS activated_at timestamptz,
    ADD COLUMN IF NOT EXISTS activated_by bigint REFERENCES person (id) ON DELETE SET NULL,
    ADD COLUMN IF NOT EXISTS refused_reason text CHECK (length(refused_reason) BETWEEN 1 AND 500),
    ADD COLUMN IF NOT EXISTS stop_requested_at timestamptz,
    ADD COLUMN IF NOT EXISTS sold_at_desk boolean NOT NULL DEFAULT false;
UPDATE person_formula SET activated_at = created_at WHERE status IN ('active', 'ended') AND activated_at IS NULL;
COMMENT ON COLUMN person_formula.status IS
    'requested: chosen (at signup, or a top-up not active yet), not yet usable; active: usable '
    'from starts_on; ended: past its end; cancelled: refused or withdrawn.';

-- One active formula of a kind per person per period (carnets excepted: a top-up is a second
-- carnet, drawn once the first is used up).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'person_formula_one_active') THEN
        ALTER TABLE person_formula ADD CONSTRAINT person_formula_one_active EXCLUDE USING gist
            (person_id WITH =, price_code WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
            WHERE (status = 'active' AND halfdays_total IS NULL AND starts_on IS NOT NULL);
    END IF;
END;
$$;

-- A formula's status moves forward only: requested → active | cancelled, active → ended |
-- cancelled (never back to requested, never active twice); activated_at is set once.
CREATE OR REPLACE FUNCTION person_formula_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.activated_at IS NOT NULL AND NEW.activated_at IS DISTINCT FROM OLD.activated_at THEN
        RAISE EXCEPTION 'formula % already activated', OLD.id USING ERRCODE = 'FTM02';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
        (OLD.status = 'requested' AND NEW.status IN ('active', 'cancelled'))
        OR (OLD.status = 'active' AND NEW.status IN ('ended', 'cancelled'))) THEN
        RAISE EXCEPTION 'formula % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'FTM02';
    END IF;
    IF NEW.status = 'active' AND OLD.status = 'requested' AND NEW.activated_at IS NULL THEN
        NEW.activated_at := now();
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS person_formula_guard ON person_formula;
CREATE TRIGGER person_formula_guard BEFORE UPDATE ON person_formula
    FOR EACH ROW EXECUTE FUNCTION person_formula_guard();

-- A membership is accepted once; a cancelled one stays cancelled.
CREATE OR REPLACE FUNCTION membership_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.accepted_at IS NOT NULL AND NEW.accepted_at IS DISTINCT FROM OLD.accepted_at THEN
        RAISE EXCEPTION 'membership % already accepted', OLD.id USING ERRCODE = 'FTM02';
    END IF;
    IF OLD.status = 'cancelled' AND NEW.status <> 'cancelled' THEN
        RAISE EXCEPTION 'membership % is cancelled', OLD.id USING ERRCODE = 'FTM02';
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS membership_guard ON membership;
CREATE TRIGGER membership_guard BEFORE UPDATE ON membership
    FOR EACH ROW EXECUTE FUNCTION membership_guard();

------------------------------------------------------------------------------
-- Leases ended at a date
------------------------------------------------------------------------------

ALTER TABLE office_lease
    ADD COLUMN IF NOT EXISTS end_reason text CHECK (length(end_reason) BETWEEN 1 AND 500),
    ADD COLUMN IF NOT EXISTS ended_by bigint REFERENCES person (id) ON DELETE SET NULL;

------------------------------------------------------------------------------
-- Corrections of bookings: reversals, never deletions
------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS booking_correction (
    id          bigserial PRIMARY KEY,
    booking_id  bigint NOT NULL REFERENCES booking (id),
    kind        text NOT NULL CHECK (kind IN ('check_in', 'carnet_use')),
    formula_id  bigint REFERENCES person_formula (id),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    person_id   bigint REFERENCES person (id) ON DELETE SET NULL,   -- the staff member
    before      jsonb NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT booking_correction_once UNIQUE (booking_id, kind),
    CHECK ((kind = 'carnet_use') = (formula_id IS NOT NULL))
);
COMMENT ON TABLE booking_correction IS
    'Staff corrections of a booking, each a reversal kept with who, when and why: check_in (a '
    'check-in recorded by mistake, undone; a walk-in recorded by mistake is cancelled) and '
    'carnet_use (the half-day given back to the carnet formula_id: its halfdays_used is one '
    'less). At most one of each kind per booking.';

-- No check-in on a day after today (Paris time): "Arrivé" is recorded as it happens.
CREATE OR REPLACE FUNCTION booking_checkin_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.checked_in_at IS NOT NULL
       AND (TG_OP = 'INSERT' OR OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at)
       AND (NEW.day > paris_today() OR NEW.checked_in_at > now() + interval '1 minute') THEN
        RAISE EXCEPTION 'no check-in in the future' USING ERRCODE = 'FTM03';
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS booking_checkin_guard ON booking;
CREATE TRIGGER booking_checkin_guard BEFORE INSERT OR UPDATE OF checked_in_at ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_checkin_guard();

------------------------------------------------------------------------------
-- The audit row of a staff action
------------------------------------------------------------------------------

-- One audit_log row: the actor, the action (activate, refuse, change, create, renew, topup,
-- stop, end, reverse, walk_in, remind), the table and row, before/after (after carries the
-- reason when there is one).
CREATE OR REPLACE FUNCTION membership_audit_write(p_actor bigint, p_action text, p_table text,
    p_row bigint, p_before jsonb, p_after jsonb, p_reason text DEFAULT NULL) RETURNS void
LANGUAGE sql SET search_path = public, pg_temp AS $$
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (p_actor, p_action, p_table, p_row, p_before,
            CASE WHEN p_reason IS NULL THEN p_after
                 ELSE coalesce(p_after, '{}'::jsonb) || jsonb_build_object('reason', p_reason) END);
$$;
REVOKE EXECUTE ON FUNCTION membership_audit_write(bigint, text, text, bigint, jsonb, jsonb, text) FROM PUBLIC;

------------------------------------------------------------------------------
-- Invoicing now what the monthly run would invoice for a person
------------------------------------------------------------------------------

-- Adds to the person's draft of the current month (made if missing, as invoice_run makes it)
-- the sources of invoice_run_sources (the existing invoicing rules) among p_keys that are due
-- this month. Returns the draft's id, NULL when nothing was due. A source is invoiced once
-- (invoice_line.source_key is unique), so the monthly run will not invoice it again.
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
    SELECT id INTO v_invoice FROM invoice WHERE person_id = p_person AND run_month = v_month
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
REVOKE EXECUTE ON FUNCTION invoice_person_sources_now(bigint, text[]) FROM PUBLIC;

-- The source keys of a formula for the monthly run of the current month.
CREATE OR REPLACE FUNCTION formula_source_keys(p_formula bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY['formula:' || p_formula,
                 'formula:' || p_formula || ':' || to_char(paris_today(), 'YYYY-MM')];
$$;

------------------------------------------------------------------------------
-- Staff decide requests (admin program)
------------------------------------------------------------------------------

-- The mail to a member: one outbox row (subject and text made by the program, in French).
CREATE OR REPLACE FUNCTION membership_mail(p_person bigint, p_subject text, p_text text) RETURNS void
LANGUAGE sql SET search_path = public, pg_temp AS $$
    INSERT INTO outbox (to_addr, subject, body_text)
    SELECT email, p_subject, p_text FROM person
    WHERE id = p_person AND p_subject IS NOT NULL AND p_subject <> '' AND status <> 'closed';
$$;
REVOKE EXECUTE ON FUNCTION membership_mail(bigint, text, text) FROM PUBLIC;

-- Activates a requested formula from p_starts (today when NULL): usable at once, invoiced now
-- by the invoicing rules (a carnet once, a monthly formula for the current month), the person's
-- membership request accepted with it (and invoiced), the member told. FTM01: not a request
-- (already decided). Returns the draft invoice's id (NULL when nothing was due this month).
CREATE OR REPLACE FUNCTION formula_activate(p_actor bigint, p_formula bigint, p_starts date,
    p_subject text, p_text text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before person_formula%ROWTYPE;
    v_after person_formula%ROWTYPE;
    v_ms membership%ROWTYPE;
    v_keys text[];
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_before FROM person_formula WHERE id = p_formula FOR UPDATE;
    IF NOT FOUND OR v_before.status <> 'requested' THEN
        RAISE EXCEPTION 'formula % is not a request', p_formula USING ERRCODE = 'FTM01';
    END IF;
    UPDATE person_formula SET status = 'active', starts_on = coalesce(p_starts, paris_today()),
        activated_at = now(), activated_by = p_actor
    WHERE id = p_formula RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'activate', 'person_formula', p_formula,
                                   to_jsonb(v_before), to_jsonb(v_after));
    v_keys := formula_source_keys(p_formula);
    -- The membership requested with it (at signup) is accepted too.
    FOR v_ms IN SELECT * FROM membership WHERE person_id = v_before.person_id AND status = 'pending'
                AND accepted_at IS NULL AND starts_on <= paris_today() FOR UPDATE LOOP
        UPDATE membership SET accepted_at = now(), accepted_by = p_actor WHERE id = v_ms.id;
        PERFORM membership_audit_write(p_actor, 'activate', 'membership', v_ms.id, to_jsonb(v_ms),
            (SELECT to_jsonb(m) FROM membership m WHERE m.id = v_ms.id));
        v_keys := v_keys || ('membership:' || v_ms.id);
    END LOOP;
    PERFORM membership_mail(v_before.person_id, p_subject, p_text);
    RETURN invoice_person_sources_now(v_before.person_id, v_keys);
END;
$$;

-- Refuses a requested formula (status cancelled, with the reason); the member is told.
CREATE OR REPLACE FUNCTION formula_refuse(p_actor bigint, p_formula bigint, p_reason text,
    p_subject text, p_text text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before person_formula%ROWTYPE;
    v_after person_formula%ROWTYPE;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_before FROM person_formula WHERE id = p_formula FOR UPDATE;
    IF NOT FOUND OR v_before.status <> 'requested' THEN
        RAISE EXCEPTION 'formula % is not a request', p_formula USING ERRCODE = 'FTM01';
    END IF;
    UPDATE person_formula SET status = 'cancelled', refused_reason = p_reason
    WHERE id = p_formula RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'refuse', 'person_formula', p_formula,
                                   to_jsonb(v_before), to_jsonb(v_after), p_reason);
    PERFORM membership_mail(v_before.person_id, p_subject, p_text);
END;
$$;

-- Changes the formula of a request (another price of the coworking or office list), at the
-- price of today; the request stays to decide. 22023: unknown formula.
CREATE OR REPLACE FUNCTION formula_change(p_actor bigint, p_formula bigint, p_price text,
    p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before person_formula%ROWTYPE;
    v_after person_formula%ROWTYPE;
    v_price price%ROWTYPE;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_before FROM person_formula WHERE id = p_formula FOR UPDATE;
    IF NOT FOUND OR v_before.status <> 'requested' THEN
        RAISE EXCEPTION 'formula % is not a request', p_formula USING ERRCODE = 'FTM01';
    END IF;
    SELECT * INTO v_price FROM price WHERE code = p_price AND active AND category IN ('coworking', 'bureau');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown formula %', p_price USING ERRCODE = '22023';
    END IF;
    UPDATE person_formula SET price_code = v_price.code,
        unit_cents = coalesce(v_price.member_cents, v_price.non_member_cents),
        member_price = v_price.member_cents IS NOT NULL,
        halfdays_total = CASE WHEN v_price.code = 'carnet_10' THEN 10 END, halfdays_used = 0
    WHERE id = p_formula RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'change', 'person_formula', p_formula,
                                   to_jsonb(v_before), to_jsonb(v_after), nullif(p_reason, ''));
END;
$$;

-- Staff create a formula for an existing person: active from p_starts (today when NULL) and
-- invoiced now, or (p_active false) stored as requested, not usable until activated. A carnet
-- sold at the desk is a top-up (p_desk). Returns the formula's id. 22023: unknown formula;
-- 23P01: the person already has this monthly formula over that period.
CREATE OR REPLACE FUNCTION formula_create(p_actor bigint, p_person bigint, p_price text,
    p_starts date, p_active boolean, p_desk boolean, p_subject text, p_text text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_price price%ROWTYPE;
    v_row person_formula%ROWTYPE;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_price FROM price WHERE code = p_price AND active AND category IN ('coworking', 'bureau');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown formula %', p_price USING ERRCODE = '22023';
    END IF;
    INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, halfdays_total,
        status, starts_on, activated_at, activated_by, sold_at_desk)
    VALUES (p_person, v_price.code, coalesce(v_price.member_cents, v_price.non_member_cents),
        v_price.member_cents IS NOT NULL, CASE WHEN v_price.code = 'carnet_10' THEN 10 END,
        CASE WHEN p_active THEN 'active' ELSE 'requested' END,
        CASE WHEN p_active THEN coalesce(p_starts, paris_today()) ELSE p_starts END,
        CASE WHEN p_active THEN now() END, CASE WHEN p_active THEN p_actor END, p_desk)
    RETURNING * INTO v_row;
    PERFORM membership_audit_write(p_actor, CASE WHEN p_desk THEN 'topup' ELSE 'create' END,
                                   'person_formula', v_row.id, NULL, to_jsonb(v_row));
    IF p_active THEN
        PERFORM invoice_person_sources_now(p_person, formula_source_keys(v_row.id));
        PERFORM membership_mail(p_person, p_subject, p_text);
    END IF;
    RETURN v_row.id;
END;
$$;

-- Accepts a membership request (signup or renewal request): invoiced now when it has started
-- (else by the monthly run of its first month), the member told. FTM01: not a request.
CREATE OR REPLACE FUNCTION membership_accept(p_actor bigint, p_membership bigint,
    p_subject text, p_text text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before membership%ROWTYPE;
    v_after membership%ROWTYPE;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_before FROM membership WHERE id = p_membership FOR UPDATE;
    IF NOT FOUND OR v_before.status <> 'pending' OR v_before.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'membership % is not a request', p_membership USING ERRCODE = 'FTM01';
    END IF;
    UPDATE membership SET accepted_at = now(), accepted_by = p_actor WHERE id = p_membership
        RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'activate', 'membership', p_membership,
                                   to_jsonb(v_before), to_jsonb(v_after));
    PERFORM membership_mail(v_before.person_id, p_subject, p_text);
    RETURN invoice_person_sources_now(v_before.person_id, ARRAY['membership:' || p_membership]);
END;
$$;

-- Refuses a membership request (cancelled, with the reason); the member is told.
CREATE OR REPLACE FUNCTION membership_refuse(p_actor bigint, p_membership bigint, p_reason text,
    p_subject text, p_text text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before membership%ROWTYPE;
    v_after membership%ROWTYPE;
BEGIN
    PERFORM set_config('fontaine.actor', p_actor::text, true);
    SELECT * INTO v_before FROM membership WHERE id = p_membership FOR UPDATE;
    IF NOT FOUND OR v_before.status <> 'pending' OR v_before.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'membership % is not a request', p_membership USING ERRCODE = 'FTM01';
    END IF;
    UPDATE membership SET status = 'cancelled', refused_reason = p_reason WHERE id = p_membership
        RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'refuse', 'membership', p_membership,
                                   to_jsonb(v_before), to_jsonb(v_after), p_reason);
    PERFORM membership_mail(v_before.person_id, p_subject, p_text);
END;
$$;

-- A new membership of a year for the person: from the day after the last one ends (today when
-- there is none, or it ended before today). By staff (p_actor set): accepted at once and
-- invoiced when it has started; by the member (p_actor NULL): a renewal request for staff to
-- decide. 23P01: already renewed (the last membership is still to come, or it would overlap
-- one). Returns the membership's id.
CREATE OR REPLACE FUNCTION membership_renew(p_actor bigint, p_person bigint, p_subject text, p_text text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_last membership%ROWTYPE;
    v_start date;
    v_fee int;
    v_row membership%ROWTYPE;
BEGIN
    IF p_actor IS NOT NULL THEN
        PERFORM set_config('fontaine.actor', p_actor::text, true);
    END IF;
    PERFORM 1 FROM person WHERE id = p_person FOR UPDATE;
    SELECT * INTO v_last FROM membership WHERE person_id = p_person AND status <> 'cancelled'
        ORDER BY ends_on DESC LIMIT 1;
    -- Renewed already: the last one is still to come.
    IF v_last.starts_on > paris_today() THEN
        RAISE EXCEPTION 'membership of person % already renewed', p_person USING ERRCODE = '23P01';
    END IF;
    v_start := greatest(coalesce(v_last.ends_on + 1, paris_today()), paris_today());
    SELECT coalesce(member_cents, non_member_cents) INTO v_fee FROM price
        WHERE code = (SELECT value FROM app_setting WHERE key = 'membership_price_code');
    INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, renewal_of, requested_by_member,
                            accepted_at, accepted_by)
    VALUES (p_person, v_start, (v_start + interval '1 year' - interval '1 day')::date, coalesce(v_fee, 0),
            v_last.id, p_actor IS NULL, CASE WHEN p_actor IS NOT NULL THEN now() END, p_actor)
    RETURNING * INTO v_row;
    PERFORM membership_audit_write(coalesce(p_actor, p_person), 'renew', 'membership', v_row.id,
                                   NULL, to_jsonb(v_row));
    IF p_actor IS NOT NULL THEN
        PERFORM invoice_person_sources_now(p_person, ARRAY['membership:' || v_row.id]);
        PERFORM membership_mail(p_person, p_subject, p_text);
    ELSE
        -- The staff are told of the member's request.
        INSERT INTO outbox (to_addr, reply_to, subject, body_text)
        SELECT coalesce((SELECT value FROM app_setting WHERE key = 'staff_email'),
                        (SELECT email FROM organisation WHERE id = 1)), p.email, p_subject, p_text
        FROM person p WHERE p.id = p_person AND p_subject IS NOT NULL;
    END IF;
    RETURN v_row.id;
END;
$$;

------------------------------------------------------------------------------
-- A monthly formula stopped for the end of the month (member portal)
------------------------------------------------------------------------------

-- The member p_person stops their monthly formula p_formula at the end of the current month
-- (Paris). Returns the end date, NULL when the formula is not theirs, not an active monthly
-- formula, or already has an end date.
CREATE OR REPLACE FUNCTION formula_stop(p_person bigint, p_formula bigint) RETURNS date
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before person_formula%ROWTYPE;
    v_after person_formula%ROWTYPE;
BEGIN
    SELECT * INTO v_before FROM person_formula WHERE id = p_formula AND person_id = p_person
        AND status = 'active' AND halfdays_total IS NULL AND ends_on IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    UPDATE person_formula SET ends_on = greatest((date_trunc('month', paris_today()) + interval '1 month'
                                                  - interval '1 day')::date, starts_on),
        stop_requested_at = now()
    WHERE id = p_formula RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_person, 'stop', 'person_formula', p_formula,
                                   to_jsonb(v_before), to_jsonb(v_after));
    RETURN v_after.ends_on;
END;
$$;

------------------------------------------------------------------------------
-- Booking program: leases ended at a date, corrections, walk-ins of members
------------------------------------------------------------------------------

-- Staff end a lease at p_ends (its last day, inclusive). FTM04: a month after p_ends is already
-- invoiced (a credit note first); 23514: before the lease starts. Returns false when the lease
-- is unknown or cancelled.
CREATE OR REPLACE FUNCTION office_lease_end(p_actor bigint, p_lease bigint, p_ends date, p_reason text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before office_lease%ROWTYPE;
    v_after office_lease%ROWTYPE;
BEGIN
    SELECT * INTO v_before FROM office_lease WHERE id = p_lease AND status = 'active' FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM invoice_line l WHERE l.source_key LIKE 'lease:' || p_lease || ':%'
               AND to_date(split_part(l.source_key, ':', 3) || '-01', 'YYYY-MM-DD') > p_ends) THEN
        RAISE EXCEPTION 'lease % already invoiced after %', p_lease, p_ends USING ERRCODE = 'FTM04';
    END IF;
    UPDATE office_lease SET ends_on = p_ends, end_reason = p_reason, ended_by = p_actor
    WHERE id = p_lease RETURNING * INTO v_after;
    PERFORM membership_audit_write(p_actor, 'end', 'office_lease', p_lease, to_jsonb(v_before),
                                   to_jsonb(v_after), p_reason);
    RETURN true;
END;
$$;

-- Staff reverse a check-in recorded by mistake: a booked member's arrival is undone (the
-- booking stays, not checked in); a walk-in recorded by mistake is cancelled (it no longer
-- counts as a use; a carnet half-day it drew is given back). FTM01: not checked in, or already
-- reversed (booking_correction_once). Returns the correction's id.
CREATE OR REPLACE FUNCTION desk_check_in_reverse(p_actor bigint, p_booking bigint, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_id bigint;
BEGIN
    SELECT * INTO v FROM booking WHERE id = p_booking AND NOT exclusive FOR UPDATE;
    IF NOT FOUND OR v.checked_in_at IS NULL OR v.status <> 'confirmed' THEN
        RAISE EXCEPTION 'booking % is not checked in', p_booking USING ERRCODE = 'FTM01';
    END IF;
    INSERT INTO booking_correction (booking_id, kind, reason, person_id, before)
    VALUES (p_booking, 'check_in', p_reason, p_actor, to_jsonb(v) - 'manage_token_hash')
    RETURNING id INTO v_id;
    IF v.source = 'walk_in' THEN
        UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = p_booking;
        IF v.covered_by = 'carnet' AND NOT EXISTS (SELECT 1 FROM booking_correction c
                WHERE c.booking_id = p_booking AND c.kind = 'carnet_use') THEN
            UPDATE person_formula SET halfdays_used = halfdays_used - 1 WHERE id = v.formula_id;
        END IF;
    ELSE
        UPDATE booking SET checked_in_at = NULL WHERE id = p_booking;
    END IF;
    PERFORM membership_audit_write(p_actor, 'reverse', 'booking', p_booking,
        jsonb_build_object('checked_in_at', v.checked_in_at, 'status', v.status, 'source', v.source),
        (SELECT jsonb_build_object('checked_in_at', b.checked_in_at, 'status', b.status, 'correction', v_id)
         FROM booking b WHERE b.id = p_booking), p_reason);
    RETURN v_id;
END;
$$;

-- Staff give back to its carnet the half-day a booking drew (a use counted by mistake): a
-- reversing row in booking_correction, the carnet's halfdays_used one less. FTM01: the booking
-- did not draw on a carnet; 23505: already given back. Returns the correction's id.
CREATE OR REPLACE FUNCTION carnet_use_reverse(p_actor bigint, p_booking bigint, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_f person_formula%ROWTYPE;
    v_id bigint;
BEGIN
    SELECT * INTO v FROM booking WHERE id = p_booking FOR UPDATE;
    IF NOT FOUND OR v.covered_by <> 'carnet' OR v.formula_id IS NULL
       OR (v.status = 'cancelled' AND v.source = 'walk_in') THEN
        RAISE EXCEPTION 'booking % drew no carnet half-day', p_booking USING ERRCODE = 'FTM01';
    END IF;
    SELECT * INTO v_f FROM person_formula WHERE id = v.formula_id FOR UPDATE;
    INSERT INTO booking_correction (booking_id, kind, formula_id, reason, person_id, before)
    VALUES (p_booking, 'carnet_use', v.formula_id, p_reason, p_actor,
            jsonb_build_object('halfdays_used', v_f.halfdays_used))
    RETURNING id INTO v_id;
    UPDATE person_formula SET halfdays_used = halfdays_used - 1 WHERE id = v.formula_id;
    PERFORM membership_audit_write(p_actor, 'reverse', 'person_formula', v.formula_id,
        jsonb_build_object('halfdays_used', v_f.halfdays_used, 'booking', p_booking),
        jsonb_build_object('halfdays_used', v_f.halfdays_used - 1, 'correction', v_id), p_reason);
    RETURN v_id;
END;
$$;

-- Staff record a member walking in today (the address of their account): covered by their
-- active monthly formula, else drawn on their carnet, else at the unit price (paid at the desk
-- or to invoice, member price when their membership covers today). FTM05: the member already
-- booked this half-day (check them in instead); FT409: full. Returns the booking id.
CREATE OR REPLACE FUNCTION desk_walk_in_member(p_actor bigint, p_person bigint, p_slot text, p_paid boolean)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_res resource%ROWTYPE;
    v_person person%ROWTYPE;
    v_today date := paris_today();
    v_starts timestamptz;
    v_ends timestamptz;
    v_formula bigint;
    v_covered text;
    v_cents int := 0;
    v_member boolean := is_member_on(p_person, paris_today());
    v_id bigint;
BEGIN
    SELECT * INTO v_res FROM resource WHERE kind = 'open_space' AND active ORDER BY sort_order, id LIMIT 1;
    SELECT * INTO v_person FROM person WHERE id = p_person;
    SELECT r.starts_at, r.ends_at INTO v_starts, v_ends FROM slot_range(v_today, p_slot) r;
    IF v_starts IS NULL OR p_slot NOT IN ('am', 'pm') THEN
        RAISE EXCEPTION 'unknown slot' USING ERRCODE = 'FTB10';
    END IF;
    IF EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p_person AND NOT b.exclusive AND b.day = v_today
               AND b.slot = p_slot AND b.status = 'confirmed') THEN
        RAISE EXCEPTION 'already booked' USING ERRCODE = 'FTM05';
    END IF;
    IF EXISTS (SELECT 1 FROM person_formula WHERE person_id = p_person AND status = 'active'
               AND price_code = 'month_open_space' AND v_today BETWEEN starts_on AND coalesce(ends_on, 'infinity')) THEN
        v_covered := 'month';
    ELSE
        SELECT id INTO v_formula FROM person_formula WHERE person_id = p_person AND status = 'active'
            AND halfdays_total IS NOT NULL AND halfdays_used < halfdays_total
            AND (starts_on IS NULL OR v_today >= starts_on) AND (ends_on IS NULL OR v_today <= ends_on)
            ORDER BY id LIMIT 1 FOR UPDATE;
        IF FOUND THEN
            UPDATE person_formula SET halfdays_used = halfdays_used + 1 WHERE id = v_formula;
            v_covered := 'carnet';
        ELSE
            v_covered := CASE WHEN p_paid THEN 'unit_paid' ELSE 'unit' END;
            SELECT CASE WHEN v_member THEN coalesce(member_cents, non_member_cents)
                        ELSE coalesce(non_member_cents, member_cents) END
              INTO v_cents FROM price WHERE code = 'half_day';
        END IF;
    END IF;
    INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,
        person_id, contact_name, email, phone, member_price, price_code, price_cents, covered_by,
        formula_id, checked_in_at, confirmed_at)
    VALUES (v_res.id, false, v_today, p_slot, v_starts, v_ends, 'confirmed', 'walk_in', p_person,
        v_person.first_name || ' ' || v_person.last_name, v_person.email, v_person.phone, v_member,
        CASE WHEN v_covered IN ('unit', 'unit_paid') THEN 'half_day' END, coalesce(v_cents, 0),
        v_covered, v_formula, now(), now())
    RETURNING id INTO v_id;
    PERFORM membership_audit_write(p_actor, 'walk_in', 'booking', v_id, NULL,
        jsonb_build_object('person_id', p_person, 'day', v_today, 'slot', p_slot, 'covered_by', v_covered,
                           'formula_id', v_formula));
    RETURN v_id;
END;
$$;

------------------------------------------------------------------------------
-- Renewal reminders, and formulas past their end (a daily job)
------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS membership_reminder (
    id            bigserial PRIMARY KEY,
    membership_id bigint NOT NULL REFERENCES membership (id) ON DELETE CASCADE,
    sent_at       timestamptz NOT NULL DEFAULT now(),
    outbox_id     bigint
);
CREATE INDEX IF NOT EXISTS membership_reminder_of ON membership_reminder (membership_id, sent_at);
COMMENT ON TABLE membership_reminder IS
    'Renewal reminders queued for a membership (app_setting membership_reminder_days before its '
    'end, then every membership_reminder_repeat_days, at most membership_reminder_max).';

-- The memberships that have not been renewed: the person's last membership (not cancelled)
-- ends within p_ahead days or has ended within p_behind days, and no later one exists.
CREATE OR REPLACE VIEW membership_not_renewed AS
    SELECT m.id AS membership_id, m.person_id, m.starts_on, m.ends_on, m.status,
           m.ends_on - paris_today() AS days_left,
           (SELECT count(*) FROM membership_reminder r WHERE r.membership_id = m.id) AS reminders,
           (SELECT max(r.sent_at) FROM membership_reminder r WHERE r.membership_id = m.id) AS last_reminder
    FROM membership m JOIN person p ON p.id = m.person_id
    WHERE m.status <> 'cancelled' AND p.status IN ('active', 'closing')
      AND NOT EXISTS (SELECT 1 FROM membership n WHERE n.person_id = m.person_id
                      AND n.status <> 'cancelled' AND n.ends_on > m.ends_on);
COMMENT ON VIEW membership_not_renewed IS
    'Each person''s last membership (no later one, cancelled ones aside), with the days left '
    '(negative: ended) and the reminders sent.';

-- The daily job: formulas past their end become ended; the reminders due are queued (French
-- text made here: the job runs from a command, without a program to word it). p_actor: the
-- staff member who asked for it, NULL for the command. Returns the reminders queued.
CREATE OR REPLACE FUNCTION membership_daily(p_actor bigint DEFAULT NULL) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_days int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_days'), 30);
    v_repeat int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_repeat_days'), 7);
    v_max int := coalesce((SELECT value::int FROM app_setting WHERE key = 'membership_reminder_max'), 3);
    v_org text := coalesce((SELECT name FROM organisation WHERE id = 1), 'l’association');
    v_site text := coalesce((SELECT value FROM app_setting WHERE key = 'site_url'), '');
    r record;
    v_outbox bigint;
    n int := 0;
BEGIN
    IF p_actor IS NOT NULL THEN
        PERFORM set_config('fontaine.actor', p_actor::text, true);
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('fontaine.membership_daily'));
    UPDATE person_formula SET status = 'ended' WHERE status = 'active' AND ends_on < paris_today();
    FOR r IN SELECT v.membership_id, v.ends_on, v.days_left, p.email, p.first_name
             FROM membership_not_renewed v JOIN person p ON p.id = v.person_id
             WHERE v.status IN ('paid', 'pending') AND v.days_left BETWEEN 0 AND v_days
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
-- The general-assembly roll: members whose paid membership covers the day
------------------------------------------------------------------------------

-- The voting members on day d: a paid membership covering d (is_member_on: it ends at its date).
CREATE OR REPLACE FUNCTION voting_members_on(d date) RETURNS SETOF bigint
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT p.id FROM person p WHERE p.status IN ('active', 'closing') AND is_member_on(p.id, d);
$$;

------------------------------------------------------------------------------
-- Rights
------------------------------------------------------------------------------

GRANT SELECT ON booking_correction, membership_reminder, membership_not_renewed TO fontaine_admin;
GRANT SELECT ON booking_correction, membership_reminder TO fontaine_booking;
GRANT SELECT ON booking_correction, membership_reminder TO fontaine_signup;
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'formula_activate(bigint,bigint,date,text,text)', 'formula_refuse(bigint,bigint,text,text,text)',
        'formula_change(bigint,bigint,text,text)',
        'formula_create(bigint,bigint,text,date,boolean,boolean,text,text)',
        'membership_accept(bigint,bigint,text,text)', 'membership_refuse(bigint,bigint,text,text,text)',
        'membership_renew(bigint,bigint,text,text)', 'membership_daily(bigint)', 'voting_members_on(date)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_admin', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY['office_lease_end(bigint,bigint,date,text)',
        'desk_check_in_reverse(bigint,bigint,text)', 'carnet_use_reverse(bigint,bigint,text)',
        'desk_walk_in_member(bigint,bigint,text,boolean)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_booking', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY['formula_stop(bigint,bigint)', 'membership_renew(bigint,bigint,text,text)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_signup', f);
    END LOOP;
    EXECUTE 'REVOKE EXECUTE ON FUNCTION membership_daily(bigint) FROM PUBLIC';
    EXECUTE 'GRANT EXECUTE ON FUNCTION membership_daily(bigint) TO fontaine_invoice';
END;
$$;
