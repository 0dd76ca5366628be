-- 0038_webhooks: signed webhooks (issue 18). An admin registers endpoints per space (URL, the
-- events it wants, two secrets for rotation); the product's own tables queue one delivery per
-- (event, endpoint) in the same transaction as the change (a rolled-back change sends nothing,
-- a committed one is never lost); the daemon fontaine-webhooks (cgi/webhooks/) sends them,
-- signed, through the functions at the end of this file.
--
-- Events and where they are marked:
--   member.joined       a membership takes effect (accepted by staff, or paid) and the person
--                       had none before in that organisation
--   membership.renewed  the same when the person had one before
--   booking.created     booking inserted as requested/confirmed, or a hold/quote becoming one
--   booking.changed     a live booking's resource, times, attendees or status changed
--   booking.cancelled   booking becomes 'cancelled'
--   checkin.recorded    booking.checked_in_at set (an arrival at the desk, a walk-in use)
--   invoice.issued      invoice (or credit note) leaves 'draft'
--   payment.received    payment inserted (not a reversal)
--   event.published     event becomes 'published'
--
-- Order: deliveries of one resource (resource_key, e.g. 'booking:42'; payments go under their
-- invoice's key) to one endpoint leave one at a time, in id order: webhook_claim() never hands
-- out a delivery while an earlier pending one of the same (endpoint, key) exists. A delivery
-- failed for good (24 h of retries) no longer holds the later ones back.
--
-- Body: {"id", "type", "created_at", "space", "data"} built by jsonb_build_object, stored as
-- text once and never changed (the signature covers these exact bytes). doc/webhooks.schema.json
-- describes each event's body.

------------------------------------------------------------------------------
-- Endpoints
------------------------------------------------------------------------------

CREATE FUNCTION webhook_event_types() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['member.joined', 'membership.renewed', 'booking.created', 'booking.changed',
                 'booking.cancelled', 'checkin.recorded', 'invoice.issued', 'payment.received',
                 'event.published']
$$;
COMMENT ON FUNCTION webhook_event_types() IS 'The webhook event types, in the order the back office lists them.';

CREATE FUNCTION webhook_new_secret() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT 'whsec_' || encode(gen_random_bytes(32), 'hex')
$$;
COMMENT ON FUNCTION webhook_new_secret() IS
    'A new endpoint secret: whsec_ and 64 hex digits; the HMAC key is this whole text.';

CREATE TABLE webhook_endpoint (
    id                  bigserial PRIMARY KEY,
    space_id            smallint NOT NULL DEFAULT fontaine_space() REFERENCES space (id),
    url                 text NOT NULL CHECK (length(url) <= 2000
                        AND url ~ '^https?://[^/?#@[:space:]]+(/[^[:space:]]*)?$'),
    description         text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    events              text[] NOT NULL CHECK (cardinality(events) >= 1
                        AND events <@ webhook_event_types()),
    active              boolean NOT NULL DEFAULT true,
    secret              text NOT NULL DEFAULT webhook_new_secret()
                        CHECK (secret ~ '^whsec_[0-9a-f]{64}$'),
    previous_secret     text CHECK (previous_secret ~ '^whsec_[0-9a-f]{64}$'),
    previous_expires_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          bigint REFERENCES person (id) ON DELETE SET NULL,
    disabled_at         timestamptz,
    disabled_by         bigint REFERENCES person (id) ON DELETE SET NULL,
    CONSTRAINT webhook_previous_expires CHECK ((previous_secret IS NULL) = (previous_expires_at IS NULL)),
    CONSTRAINT webhook_disabled_when CHECK (active = (disabled_at IS NULL))
);
CREATE INDEX webhook_endpoint_space ON webhook_endpoint (space_id) WHERE active;
COMMENT ON TABLE webhook_endpoint IS
    'A receiver of signed webhooks, per space: URL (http/https; the daemon refuses private '
    'addresses outside webhooks_allow), the events it wants, its secret and, for 24 h after a '
    'rotation, the previous one (both sign). Disabled, never deleted (its deliveries stay).';

------------------------------------------------------------------------------
-- Deliveries (the outbox)
------------------------------------------------------------------------------

CREATE TABLE webhook_delivery (
    id              bigserial PRIMARY KEY,
    delivery_id     uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    endpoint_id     bigint NOT NULL REFERENCES webhook_endpoint (id),
    space_id        smallint NOT NULL REFERENCES space (id),
    event_type      text NOT NULL CHECK (event_type = ANY (webhook_event_types())),
    resource_key    text NOT NULL CHECK (resource_key ~ '^[a-z_]+:[0-9]+$'),
    body            text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Retried until then (24 h after creation, or after a "send again").
    give_up_at      timestamptz NOT NULL DEFAULT now() + interval '24 hours',
    -- While a deliverer holds it: the backend that claimed it, and until when.
    claimed_by      int,
    claimed_until   timestamptz,
    last_http_status int CHECK (last_http_status BETWEEN 100 AND 599),
    last_error      text CHECK (length(last_error) <= 500),
    last_attempt_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    CONSTRAINT webhook_delivered_when CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_order ON webhook_delivery (endpoint_id, resource_key, id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id DESC);
COMMENT ON TABLE webhook_delivery IS
    'One webhook delivery: one event for one endpoint, its exact body (written once), its '
    'status and attempts. Written by triggers in the transaction of the change.';

-- The body never changes once written.
CREATE FUNCTION webhook_delivery_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body OR NEW.delivery_id IS DISTINCT FROM OLD.delivery_id
       OR NEW.endpoint_id IS DISTINCT FROM OLD.endpoint_id OR NEW.event_type IS DISTINCT FROM OLD.event_type
       OR NEW.resource_key IS DISTINCT FROM OLD.resource_key THEN
        RAISE EXCEPTION 'a webhook delivery''s body, id, endpoint, type and key never change'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER webhook_delivery_frozen BEFORE UPDATE ON webhook_delivery
    FOR EACH ROW EXECUTE FUNCTION webhook_delivery_frozen();

-- NOTIFY is delivered at commit: the deliverer wakes once the rows are visible.
CREATE FUNCTION webhook_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('webhook', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_notify AFTER INSERT ON webhook_delivery
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_notify();

-- Row-level security, as the other space tables (0030).
ALTER TABLE webhook_endpoint ENABLE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoint_space ON webhook_endpoint
    USING (space_id = ANY ((SELECT fontaine_space_ids())::smallint[]))
    WITH CHECK (space_id = (SELECT fontaine_space()));
ALTER TABLE webhook_delivery ENABLE ROW LEVEL SECURITY;
CREATE POLICY webhook_delivery_space ON webhook_delivery
    USING (space_id = ANY ((SELECT fontaine_space_ids())::smallint[]))
    WITH CHECK (space_id = (SELECT fontaine_space()));

-- Audit of the endpoints (audit_staff_row's shape, the secrets left out of the copies).
CREATE FUNCTION webhook_endpoint_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor bigint := audit_actor();
    v_hidden text[] := ARRAY['secret', 'previous_secret'];
    v_before jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - v_hidden END;
    v_after jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - v_hidden END;
    v_action text;
BEGIN
    IF v_actor IS NULL AND session_user = 'fontaine_admin' THEN
        RAISE EXCEPTION 'a back-office change needs its actor (fontaine.actor)'
            USING ERRCODE = '42501';
    END IF;
    v_action := CASE
        WHEN TG_OP = 'INSERT' THEN 'create'
        WHEN TG_OP = 'DELETE' THEN 'delete'
        WHEN OLD.active AND NOT NEW.active THEN 'disable'
        WHEN NOT OLD.active AND NEW.active THEN 'enable'
        WHEN OLD.secret IS DISTINCT FROM NEW.secret THEN 'rotate'
        ELSE 'edit' END;
    IF v_action = 'edit' AND v_before = v_after THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    VALUES (v_actor, v_action, TG_TABLE_NAME, coalesce(NEW.id, OLD.id), v_before, v_after);
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION webhook_endpoint_audit() FROM PUBLIC;
CREATE TRIGGER webhook_endpoint_audit AFTER INSERT OR UPDATE OR DELETE ON webhook_endpoint
    FOR EACH ROW EXECUTE FUNCTION webhook_endpoint_audit();

------------------------------------------------------------------------------
-- Queueing: one delivery per subscribed active endpoint
------------------------------------------------------------------------------

-- Queues event p_type of resource p_key with data p_data for the active endpoints that want
-- it: those of space p_space, or (p_space NULL) of every space of organisation p_org.
-- Returns how many deliveries were queued. SECURITY DEFINER: the programs that change the
-- product's tables have no rights on the webhook tables.
CREATE FUNCTION webhook_enqueue(p_type text, p_space smallint, p_org smallint, p_key text,
                                p_data jsonb) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    e record;
    v_id uuid;
    n int := 0;
BEGIN
    FOR e IN SELECT w.id, w.space_id, s.slug FROM webhook_endpoint w JOIN space s ON s.id = w.space_id
             WHERE w.active AND p_type = ANY (w.events)
               AND (w.space_id = p_space OR (p_space IS NULL AND s.organisation_id = p_org))
             ORDER BY w.id LOOP
        v_id := gen_random_uuid();
        INSERT INTO webhook_delivery (delivery_id, endpoint_id, space_id, event_type, resource_key, body)
        VALUES (v_id, e.id, e.space_id, p_type, p_key,
                jsonb_build_object('id', v_id, 'type', p_type,
                    'created_at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    'space', e.slug, 'data', p_data)::text);
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;
REVOKE EXECUTE ON FUNCTION webhook_enqueue(text, smallint, smallint, text, jsonb) FROM PUBLIC;

-- True when an active endpoint wants event p_type of space p_space (or, p_space NULL, of a space
-- of organisation p_org): the triggers build nothing otherwise.
CREATE FUNCTION webhook_wanted(p_type text, p_space smallint, p_org smallint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM webhook_endpoint w JOIN space s ON s.id = w.space_id
                   WHERE w.active AND p_type = ANY (w.events)
                     AND (w.space_id = p_space OR (p_space IS NULL AND s.organisation_id = p_org)))
$$;
REVOKE EXECUTE ON FUNCTION webhook_wanted(text, smallint, smallint) FROM PUBLIC;

-- RFC 3339 in UTC, as every timestamp of the bodies.
CREATE FUNCTION webhook_time(p timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- The data of a booking event.
CREATE FUNCTION webhook_booking_data(b booking) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object(
        'id', b.id, 'uid', b.uid,
        'resource', jsonb_build_object('id', r.id, 'slug', r.slug, 'name', r.name, 'kind', r.kind),
        'starts_at', webhook_time(b.starts_at), 'ends_at', webhook_time(b.ends_at),
        'day', b.day, 'slot', b.slot, 'status', b.status, 'source', b.source,
        'person_id', b.person_id, 'company', b.company_name, 'contact_name', b.contact_name,
        'attendees', b.attendees, 'price_cents', b.price_cents, 'currency', 'EUR',
        'checked_in_at', CASE WHEN b.checked_in_at IS NOT NULL THEN webhook_time(b.checked_in_at) END)
    FROM resource r WHERE r.id = b.resource_id
$$;

CREATE FUNCTION webhook_booking() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_live text[] := ARRAY['requested', 'confirmed'];
    v_key text := 'booking:' || NEW.id;
    v_was_live boolean := TG_OP = 'UPDATE' AND OLD.status NOT IN ('held', 'quote', 'expired');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoint WHERE active AND space_id = NEW.space_id) THEN
        RETURN NULL;  -- the common case: nothing to build
    END IF;
    IF NEW.status = ANY (v_live) AND NOT v_was_live THEN
        PERFORM webhook_enqueue('booking.created', NEW.space_id, NULL, v_key, webhook_booking_data(NEW));
    ELSIF v_was_live AND NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        PERFORM webhook_enqueue('booking.cancelled', NEW.space_id, NULL, v_key, webhook_booking_data(NEW));
    ELSIF v_was_live AND (OLD.status, OLD.resource_id, OLD.starts_at, OLD.ends_at, OLD.attendees)
              IS DISTINCT FROM (NEW.status, NEW.resource_id, NEW.starts_at, NEW.ends_at, NEW.attendees) THEN
        PERFORM webhook_enqueue('booking.changed', NEW.space_id, NULL, v_key, webhook_booking_data(NEW));
    END IF;
    IF NEW.checked_in_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.checked_in_at IS NULL) THEN
        PERFORM webhook_enqueue('checkin.recorded', NEW.space_id, NULL, v_key,
            jsonb_build_object('booking_id', NEW.id, 'person_id', NEW.person_id,
                'contact_name', NEW.contact_name, 'day', NEW.day, 'slot', NEW.slot,
                'checked_in_at', webhook_time(NEW.checked_in_at),
                'resource', (SELECT jsonb_build_object('id', r.id, 'slug', r.slug, 'name', r.name, 'kind', r.kind)
                             FROM resource r WHERE r.id = NEW.resource_id),
                'covered_by', NEW.covered_by, 'source', NEW.source));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_booking AFTER INSERT OR UPDATE ON booking
    FOR EACH ROW EXECUTE FUNCTION webhook_booking();

CREATE FUNCTION webhook_membership() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_type text;
    p person;
BEGIN
    -- A membership takes effect when staff accept it (0024) or when it is paid.
    IF NEW.status = 'cancelled' OR NOT (NEW.accepted_at IS NOT NULL OR NEW.status = 'paid')
       OR (TG_OP = 'UPDATE' AND (OLD.accepted_at IS NOT NULL OR OLD.status = 'paid')) THEN
        RETURN NULL;
    END IF;
    v_type := CASE WHEN EXISTS (SELECT 1 FROM membership m WHERE m.person_id = NEW.person_id
                                  AND m.organisation_id = NEW.organisation_id AND m.id <> NEW.id
                                  AND m.status <> 'cancelled'
                                  AND (m.accepted_at IS NOT NULL OR m.status = 'paid'))
                   THEN 'membership.renewed' ELSE 'member.joined' END;
    IF NOT webhook_wanted(v_type, NULL, NEW.organisation_id) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM person WHERE id = NEW.person_id;
    PERFORM webhook_enqueue(v_type, NULL, NEW.organisation_id, 'person:' || NEW.person_id,
        jsonb_build_object(
            'person', jsonb_build_object('id', p.id, 'first_name', p.first_name,
                'last_name', p.last_name, 'email', p.email, 'profile', p.profile,
                'company', p.company_name),
            'membership', jsonb_build_object('id', NEW.id, 'starts_on', NEW.starts_on,
                'ends_on', NEW.ends_on, 'fee_cents', NEW.fee_cents, 'currency', 'EUR',
                'status', NEW.status,
                'accepted_at', webhook_time(coalesce(NEW.accepted_at, NEW.paid_at)))));
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_membership AFTER INSERT OR UPDATE OF status, accepted_at ON membership
    FOR EACH ROW EXECUTE FUNCTION webhook_membership();

CREATE FUNCTION webhook_invoice() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.status = 'draft' OR (TG_OP = 'UPDATE' AND OLD.status <> 'draft')
       OR NOT webhook_wanted('invoice.issued', NULL, NEW.organisation_id) THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('invoice.issued', NULL, NEW.organisation_id, 'invoice:' || NEW.id,
        jsonb_build_object('id', NEW.id, 'number', NEW.number, 'kind', NEW.kind,
            'issued_on', NEW.issue_date, 'due_on', NEW.due_date,
            'net_cents', NEW.net_cents, 'vat_cents', NEW.vat_cents, 'total_cents', NEW.gross_cents,
            'currency', 'EUR',
            'corrects', (SELECT c.number FROM invoice c WHERE c.id = NEW.corrects_id),
            'customer', jsonb_build_object('name', NEW.customer_name, 'person_id', NEW.person_id,
                'business', NEW.customer_business, 'siren', NEW.customer_siren,
                'email', NEW.customer_email)));
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_invoice AFTER INSERT OR UPDATE OF status ON invoice
    FOR EACH ROW EXECUTE FUNCTION webhook_invoice();

CREATE FUNCTION webhook_payment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.reverses_id IS NOT NULL OR NOT webhook_wanted('payment.received', NULL, NEW.organisation_id) THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('payment.received', NULL, NEW.organisation_id, 'invoice:' || NEW.invoice_id,
        jsonb_build_object('id', NEW.id, 'invoice_id', NEW.invoice_id,
            'invoice_number', (SELECT i.number FROM invoice i WHERE i.id = NEW.invoice_id),
            'amount_cents', NEW.amount_cents, 'currency', 'EUR', 'paid_on', NEW.paid_on,
            'method', NEW.method, 'reference', NEW.reference));
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_payment AFTER INSERT ON payment
    FOR EACH ROW EXECUTE FUNCTION webhook_payment();

CREATE FUNCTION webhook_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.status <> 'published' OR (TG_OP = 'UPDATE' AND OLD.status = 'published')
       OR NOT webhook_wanted('event.published', NEW.space_id, NULL) THEN
        RETURN NULL;
    END IF;
    PERFORM webhook_enqueue('event.published', NEW.space_id, NULL, 'event:' || NEW.id,
        jsonb_build_object('id', NEW.id, 'uid', NEW.uid, 'slug', NEW.slug, 'title', NEW.title,
            'summary', NEW.summary, 'category', NEW.category,
            'starts_at', webhook_time(NEW.starts_at), 'ends_at', webhook_time(NEW.ends_at),
            'place_name', NEW.place_name, 'place_address', NEW.place_address,
            'capacity', NEW.capacity, 'price_cents', NEW.price_cents, 'currency', 'EUR',
            'published_at', webhook_time(NEW.published_at)));
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_event AFTER INSERT OR UPDATE OF status ON event
    FOR EACH ROW EXECUTE FUNCTION webhook_event();

REVOKE EXECUTE ON FUNCTION webhook_booking(), webhook_membership(), webhook_invoice(),
    webhook_payment(), webhook_event(), webhook_booking_data(booking) FROM PUBLIC;

------------------------------------------------------------------------------
-- The deliverer's functions
------------------------------------------------------------------------------

-- Claims up to p_limit due deliveries for this connection for 60 s (attempts + 1): the first
-- pending delivery of each (endpoint, resource key), when it is due and no live deliverer
-- holds it (a claim whose backend is gone is taken again at once). Returns each with its
-- endpoint's URL and the secrets that sign (the current one, and the previous one until it
-- expires).
CREATE FUNCTION webhook_claim(p_limit int)
RETURNS TABLE (id bigint, delivery_id uuid, event_type text, url text, body text,
               secrets text[], attempts int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    WITH due AS (
        SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.active
          AND (d.claimed_until IS NULL OR d.claimed_until < now()
               OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = d.claimed_by))
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery e
                          WHERE e.endpoint_id = d.endpoint_id AND e.resource_key = d.resource_key
                            AND e.status = 'pending' AND e.id < d.id)
        ORDER BY d.id LIMIT p_limit FOR UPDATE OF d SKIP LOCKED),
    claimed AS (
        UPDATE webhook_delivery d SET attempts = d.attempts + 1, claimed_by = pg_backend_pid(),
               claimed_until = now() + interval '60 seconds', last_attempt_at = now()
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.delivery_id, d.event_type, d.endpoint_id, d.body, d.attempts)
    SELECT c.id, c.delivery_id, c.event_type, w.url, c.body,
           CASE WHEN w.previous_secret IS NOT NULL AND w.previous_expires_at > now()
                THEN ARRAY[w.secret, w.previous_secret] ELSE ARRAY[w.secret] END,
           c.attempts
    FROM claimed c JOIN webhook_endpoint w ON w.id = c.endpoint_id
    ORDER BY c.id;
END;
$$;

-- Marks claimed delivery p_id delivered (p_http: the receiver's 2xx). Returns false when the
-- claim is no longer this connection's (another deliverer took it after the lease ran out).
CREATE FUNCTION webhook_delivered(p_id bigint, p_http int) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_http_status = p_http,
           last_error = NULL, claimed_by = NULL, claimed_until = NULL
    WHERE id = p_id AND status = 'pending' AND claimed_by = pg_backend_pid();
    RETURN FOUND;
END;
$$;

-- Records a failed attempt of claimed delivery p_id (p_http NULL when no answer came) and
-- schedules the next one: 30 s, 1, 2, 5, 10, 30 min, then every hour, until give_up_at, then
-- 'failed' for good. Returns the status now stored, NULL when the claim is not ours.
CREATE FUNCTION webhook_retry(p_id bigint, p_http int, p_error text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_steps int[] := ARRAY[30, 60, 120, 300, 600, 1800, 3600];
    v_status text;
BEGIN
    UPDATE webhook_delivery d SET
        last_http_status = CASE WHEN p_http BETWEEN 100 AND 599 THEN p_http END,
        last_error = left(coalesce(p_error, ''), 500), claimed_by = NULL, claimed_until = NULL,
        next_attempt_at = now() + make_interval(secs => v_steps[least(d.attempts, 7)]),
        status = CASE WHEN now() + make_interval(secs => v_steps[least(d.attempts, 7)]) > d.give_up_at
                      THEN 'failed' ELSE 'pending' END
    WHERE d.id = p_id AND d.status = 'pending' AND d.claimed_by = pg_backend_pid()
    RETURNING d.status INTO v_status;
    RETURN v_status;
END;
$$;

-- Puts claimed delivery p_id back untried (the deliverer is stopping).
CREATE FUNCTION webhook_release(p_id bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE webhook_delivery SET attempts = greatest(attempts - 1, 0), claimed_by = NULL,
           claimed_until = NULL
    WHERE id = p_id AND status = 'pending' AND claimed_by = pg_backend_pid()
$$;

-- Back office: sends a failed delivery again (same id and body), with a new day of retries.
CREATE FUNCTION webhook_resend(p_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now(),
           give_up_at = now() + interval '24 hours', claimed_by = NULL, claimed_until = NULL
    WHERE id = p_id AND status = 'failed';
    IF FOUND THEN
        PERFORM pg_notify('webhook', '');
    END IF;
    RETURN FOUND;
END;
$$;

-- Back office: a new current secret; the old one keeps signing for 24 h. Returns the new one.
CREATE FUNCTION webhook_rotate(p_endpoint bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v text := webhook_new_secret();
BEGIN
    UPDATE webhook_endpoint SET previous_secret = secret,
           previous_expires_at = now() + interval '24 hours', secret = v
    WHERE id = p_endpoint;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN v;
END;
$$;

------------------------------------------------------------------------------
-- Roles
------------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fontaine_webhooks') THEN
        BEGIN
            CREATE ROLE fontaine_webhooks LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created meanwhile by a migration of another database
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_webhooks', current_database());
    ALTER ROLE fontaine_webhooks SET statement_timeout = '60s';
    ALTER ROLE fontaine_webhooks SET lock_timeout = '5s';
    ALTER ROLE fontaine_webhooks SET idle_in_transaction_session_timeout = '30s';
END;
$$;
GRANT USAGE ON SCHEMA public TO fontaine_webhooks;
REVOKE EXECUTE ON FUNCTION webhook_claim(int), webhook_delivered(bigint, int),
    webhook_retry(bigint, int, text), webhook_release(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_claim(int), webhook_delivered(bigint, int),
    webhook_retry(bigint, int, text), webhook_release(bigint) TO fontaine_webhooks;

-- The back office (admin pages): endpoints and their deliveries, in its own space.
GRANT SELECT, INSERT, UPDATE ON webhook_endpoint TO fontaine_admin;
GRANT USAGE ON SEQUENCE webhook_endpoint_id_seq TO fontaine_admin;
GRANT SELECT, UPDATE (status, next_attempt_at, give_up_at, claimed_by, claimed_until)
    ON webhook_delivery TO fontaine_admin;
REVOKE EXECUTE ON FUNCTION webhook_resend(bigint), webhook_rotate(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_resend(bigint), webhook_rotate(bigint) TO fontaine_admin;
