-- Mails and calendars (issue 14): the contact form's limits per address and e-mail, the
-- iCalendar SEQUENCE of a booking raised by the database on each change, changes and
-- cancellations through the manage link mailed with their .ics, the staff told of every room
-- booking or request, members' half-days confirmed by mail, reminders the day before (queued
-- once by booking_queue_reminders(), which the mailer runs), personal calendar feeds, and the
-- newsletters' List-Unsubscribe header.
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

INSERT INTO app_setting (key, value) VALUES
    ('contact_max_per_email_hour', '5'),
    ('contact_max_per_addr_hour', '30'),
    ('booking_reminder_hours', '24')
ON CONFLICT (key) DO NOTHING;

------------------------------------------------------------------------------
-- The contact form: 5 an hour per (address, e-mail), 30 an hour per address
------------------------------------------------------------------------------

CREATE INDEX contact_message_addr_email_idx ON contact_message (remote_addr, lower(email), created_at);

-- contact_submit of 0001, with the limit shared by everyone behind one address (a coworking's
-- Wi-Fi) split: contact_max_per_email_hour messages an hour from one address under one e-mail,
-- and the higher ceiling contact_max_per_addr_hour from one address whatever the e-mail. Both
-- raise FT429 (DETAIL 'email' or 'addr').
CREATE OR REPLACE FUNCTION contact_submit(p_name text, p_email text, p_phone text, p_subject text,
                               p_body text, p_addr inet, p_key uuid)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_id      bigint;
    v_staff   text;
    v_subject text;
    v_max_email int := coalesce((SELECT value::int FROM app_setting WHERE key = 'contact_max_per_email_hour'), 5);
    v_max_addr  int := coalesce((SELECT value::int FROM app_setting WHERE key = 'contact_max_per_addr_hour'), 30);
BEGIN
    -- Serialise submissions from one address so the limits cannot be raced.
    IF p_addr IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('contact_submit:' || host(p_addr), 0));
    END IF;

    -- A re-post of the same form returns the message already saved.
    IF p_key IS NOT NULL THEN
        SELECT id INTO v_id FROM contact_message WHERE request_key = p_key;
        IF FOUND THEN
            RETURN v_id;
        END IF;
    END IF;

    IF p_addr IS NOT NULL THEN
        IF (SELECT count(*) FROM contact_message
             WHERE remote_addr = p_addr AND lower(email) = lower(p_email)
               AND created_at > now() - interval '1 hour') >= v_max_email THEN
            RAISE EXCEPTION 'rate_limited' USING ERRCODE = 'FT429', DETAIL = 'email';
        END IF;
        IF (SELECT count(*) FROM contact_message
             WHERE remote_addr = p_addr AND created_at > now() - interval '1 hour') >= v_max_addr THEN
            RAISE EXCEPTION 'rate_limited' USING ERRCODE = 'FT429', DETAIL = 'addr';
        END IF;
    END IF;

    INSERT INTO contact_message (name, email, phone, subject, body, remote_addr, request_key)
    VALUES (p_name, p_email, NULLIF(p_phone, ''), p_subject, p_body, p_addr, p_key)
    ON CONFLICT (request_key) DO NOTHING
    RETURNING id INTO v_id;

    IF v_id IS NULL THEN
        SELECT id INTO STRICT v_id FROM contact_message WHERE request_key = p_key;
        RETURN v_id;
    END IF;

    SELECT value INTO v_staff FROM app_setting WHERE key = 'staff_email';
    IF v_staff IS NULL OR v_staff = '' THEN
        SELECT email INTO v_staff FROM organisation WHERE id = 1;
    END IF;
    IF v_staff IS NULL THEN
        RAISE EXCEPTION 'no staff e-mail address: set app_setting staff_email or organisation.email';
    END IF;

    v_subject := 'Nouveau message de contact : '
                 || regexp_replace(p_subject, '[\r\n]+', ' ', 'g');

    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (v_staff, p_email, v_subject,
            'Un message a été envoyé depuis le formulaire de contact du site.' || E'\n\n'
            || 'Nom : ' || p_name || E'\n'
            || 'Courriel : ' || p_email || E'\n'
            || 'Téléphone : ' || coalesce(NULLIF(p_phone, ''), 'non renseigné') || E'\n'
            || 'Objet : ' || p_subject || E'\n\n'
            || 'Message :' || E'\n' || p_body || E'\n\n'
            || '-- ' || E'\n'
            || 'Répondez directement à ce courriel pour écrire à ' || p_name || '.' || E'\n'
            || 'Référence du message : ' || v_id || E'\n');
    RETURN v_id;
END;
$$;

------------------------------------------------------------------------------
-- Small French formatters for the mails written here
------------------------------------------------------------------------------

-- "1 234,50 €" (narrow no-break space between thousands, no-break space before €).
CREATE FUNCTION fr_money(p_cents bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN p_cents < 0 THEN '-' ELSE '' END
        || regexp_replace((abs(p_cents) / 100)::text, '(\d)(?=(\d{3})+$)', '\1' || U&'\202F', 'g')
        || ',' || lpad((abs(p_cents) % 100)::text, 2, '0') || U&'\00A0€'
$$;

-- "mardi 3 mars 2026, de 8 h 30 à 12 h 30" of a booking's instants (Europe/Paris).
CREATE FUNCTION booking_fr_when(p_starts timestamptz, p_ends timestamptz) RETURNS text
LANGUAGE sql STABLE STRICT AS $$
    SELECT invoice_fr_date((p_starts AT TIME ZONE 'Europe/Paris')::date, true)
        || ', de ' || invoice_fr_time(p_starts) || ' à ' || invoice_fr_time(p_ends)
$$;

-- Where mail for the team goes: app_setting staff_email, else the organisation's address.
CREATE FUNCTION staff_mail_address() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(nullif((SELECT value FROM app_setting WHERE key = 'staff_email'), ''),
                    (SELECT email FROM organisation WHERE id = 1))
$$;

------------------------------------------------------------------------------
-- The iCalendar SEQUENCE of a booking, and its reminder
------------------------------------------------------------------------------

ALTER TABLE booking
    ADD COLUMN ics_sequence int NOT NULL DEFAULT 0 CHECK (ics_sequence >= 0),
    ADD COLUMN reminded_at  timestamptz;
COMMENT ON COLUMN booking.ics_sequence IS
    'The iCalendar SEQUENCE of the booking''s invitations: raised by booking_sequence() on each '
    'change a calendar shows (the times, a cancellation or a refusal); nothing else may set it.';
COMMENT ON COLUMN booking.reminded_at IS
    'When the reminder of the day before was queued (booking_queue_reminders): once per booking.';

-- Raises ics_sequence when the times change or the booking stops being live (cancelled,
-- declined); keeps it otherwise, whatever the UPDATE says.
CREATE FUNCTION booking_sequence() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.ics_sequence := OLD.ics_sequence;
    IF NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
       OR (NEW.status IN ('cancelled', 'declined') AND OLD.status NOT IN ('cancelled', 'declined')) THEN
        NEW.ics_sequence := OLD.ics_sequence + 1;
    END IF;
    -- A booking moved to another time is reminded again before its new time.
    IF NEW.starts_at IS DISTINCT FROM OLD.starts_at THEN
        NEW.reminded_at := NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER booking_sequence BEFORE UPDATE ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_sequence();

-- A mail with an .ics of p_method (REQUEST, CANCEL) to the booking's contact.
CREATE FUNCTION booking_queue_ics_mail(p_to text, p_subject text, p_text text, p_html text,
                                       p_ics bytea, p_method text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_outbox bigint;
BEGIN
    IF p_to IS NULL OR p_subject IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO outbox (to_addr, subject, body_text, body_html)
    VALUES (p_to, p_subject, p_text, p_html) RETURNING id INTO v_outbox;
    IF p_ics IS NOT NULL THEN
        INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)
        VALUES (v_outbox, CASE WHEN p_method = 'CANCEL' THEN 'annulation.ics' ELSE 'reservation.ics' END,
                'text/calendar; charset=utf-8; method=' || p_method, p_ics);
    END IF;
    RETURN v_outbox;
END;
$$;
REVOKE EXECUTE ON FUNCTION booking_queue_ics_mail(text, text, text, text, bytea, text) FROM PUBLIC;

-- The manage link's change (booking_change_by_token of 0008) with its mail: p_sequence is the
-- SEQUENCE the mailed .ics carries, which must be the one the change gives (else FTB15: the
-- booking changed meanwhile, nothing is done). Returns the new price.
CREATE FUNCTION booking_change_by_link(p_token_hash bytea, p_day date, p_slot text, p_sequence int,
    p_subject text, p_text text, p_html text, p_ics bytea) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_price int;
BEGIN
    SELECT * INTO v FROM booking WHERE manage_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no live booking' USING ERRCODE = 'P0002';
    END IF;
    v_price := booking_change_by_token(p_token_hash, p_day, p_slot);
    SELECT * INTO v FROM booking WHERE id = v.id;
    IF v.ics_sequence <> p_sequence THEN
        RAISE EXCEPTION 'the booking changed meanwhile (sequence % expected, now %)', p_sequence,
            v.ics_sequence USING ERRCODE = 'FTB15';
    END IF;
    IF v.status = 'confirmed' THEN
        PERFORM booking_queue_ics_mail(v.email, p_subject, p_text, p_html, p_ics, 'REQUEST');
    ELSE
        PERFORM booking_queue_ics_mail(v.email, p_subject, p_text, p_html, NULL, 'REQUEST');
    END IF;
    RETURN v_price;
END;
$$;

-- The manage link's cancellation (booking_cancel_by_token of 0015) with its mail and the .ics
-- METHOD:CANCEL (p_sequence as above, FTB15). A hold is only dropped (p_subject NULL).
CREATE FUNCTION booking_cancel_by_link(p_token_hash bytea, p_sequence int, p_subject text,
    p_text text, p_html text, p_ics bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v booking%ROWTYPE;
    v_was text;
BEGIN
    SELECT * INTO v FROM booking WHERE manage_token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    v_was := v.status;
    IF NOT booking_cancel_by_token(p_token_hash, NULL, NULL) THEN
        RETURN false;
    END IF;
    SELECT * INTO v FROM booking WHERE id = v.id;
    IF p_subject IS NOT NULL AND v.ics_sequence <> p_sequence THEN
        RAISE EXCEPTION 'the booking changed meanwhile' USING ERRCODE = 'FTB15';
    END IF;
    PERFORM booking_queue_ics_mail(v.email, p_subject, p_text, p_html,
        CASE WHEN v_was = 'confirmed' THEN p_ics END, 'CANCEL');
    RETURN true;
END;
$$;

------------------------------------------------------------------------------
-- The team told of every room booking and request
------------------------------------------------------------------------------

-- A room booking that becomes confirmed or requested (booked online, or a hold confirmed by
-- its link) queues a mail to staff_mail_address(); staff answering a request are not told
-- again.
CREATE FUNCTION booking_tell_staff() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_to text := staff_mail_address();
    v_room text;
BEGIN
    IF NEW.source <> 'room' OR NEW.status NOT IN ('confirmed', 'requested') OR v_to IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'requested') THEN
        RETURN NULL;
    END IF;
    SELECT name INTO v_room FROM resource WHERE id = NEW.resource_id;
    INSERT INTO outbox (to_addr, reply_to, subject, body_text)
    VALUES (v_to, NEW.email,
        CASE WHEN NEW.status = 'requested' THEN 'Demande de réservation à traiter : '
             ELSE 'Nouvelle réservation : ' END
            || regexp_replace(coalesce(NEW.company_name, NEW.contact_name), '[\r\n]+', ' ', 'g')
            || ', ' || invoice_fr_date(NEW.day, true),
        CASE WHEN NEW.status = 'requested'
             THEN 'Une demande de réservation attend votre réponse (back-office, page Réservations).'
             ELSE 'Une réservation vient d’être confirmée en ligne.' END || E'\n\n'
        || 'Espace : ' || v_room || E'\n'
        || 'Quand : ' || booking_fr_when(NEW.starts_at, NEW.ends_at) || E'\n'
        || 'Entreprise : ' || coalesce(NEW.company_name, '—')
        || coalesce(' (SIREN ' || NEW.siren || ')', '') || E'\n'
        || 'Contact : ' || NEW.contact_name || coalesce(', ' || NEW.email, '')
        || coalesce(', ' || NEW.phone, '') || E'\n'
        || 'Participants : ' || NEW.attendees || E'\n'
        || 'Prix : ' || fr_money(NEW.price_cents) || ' TTC' || E'\n'
        || coalesce('Objet : ' || NEW.purpose || E'\n', '')
        || E'\nRépondez à ce message pour écrire au contact.\n');
    RETURN NULL;
END;
$$;
CREATE TRIGGER booking_tell_staff AFTER INSERT OR UPDATE OF status ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_tell_staff();

------------------------------------------------------------------------------
-- A member's half-day, confirmed by mail
------------------------------------------------------------------------------

-- desk_book of 0008 with the confirmation mail (and its .ics, whose UID is p_uid).
CREATE FUNCTION desk_book_mailed(p_person bigint, p_day date, p_slot text, p_uid uuid,
    p_subject text, p_text text, p_html text, p_ics bytea,
    OUT booking_id bigint, OUT covered_by text, OUT price_cents int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email text;
BEGIN
    SELECT d.booking_id, d.covered_by, d.price_cents INTO booking_id, covered_by, price_cents
      FROM desk_book(p_person, p_day, p_slot) d;
    UPDATE booking SET uid = coalesce(p_uid, uid) WHERE id = booking_id RETURNING email INTO v_email;
    PERFORM booking_queue_ics_mail(v_email, p_subject, p_text, p_html, p_ics, 'REQUEST');
END;
$$;

------------------------------------------------------------------------------
-- Reminders the day before
------------------------------------------------------------------------------

CREATE INDEX booking_to_remind ON booking (starts_at)
    WHERE status = 'confirmed' AND reminded_at IS NULL AND source IN ('room', 'desk');

-- Queues the reminder of every confirmed room or desk booking that starts within
-- booking_reminder_hours (24 by default) and was made at least that long before its start (a
-- booking made the day before needs no reminder); each booking once (reminded_at). Safe to
-- run at any time and from several places at once. Returns the number queued.
CREATE FUNCTION booking_queue_reminders() RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_lead interval := make_interval(hours => coalesce(
        (SELECT value::int FROM app_setting WHERE key = 'booking_reminder_hours'), 24));
    v_n int;
BEGIN
    WITH due AS (
        SELECT b.id FROM booking b
        WHERE b.status = 'confirmed' AND b.reminded_at IS NULL AND b.source IN ('room', 'desk')
          AND b.email IS NOT NULL AND b.starts_at > now() AND b.starts_at <= now() + v_lead
          AND coalesce(b.confirmed_at, b.created_at) <= b.starts_at - v_lead
        FOR UPDATE SKIP LOCKED
    ), marked AS (
        UPDATE booking b SET reminded_at = now() FROM due WHERE b.id = due.id
        RETURNING b.*
    )
    INSERT INTO outbox (to_addr, subject, body_text)
    SELECT m.email,
        'Rappel : ' || CASE WHEN m.source = 'desk' THEN 'votre demi-journée à La Fontaine'
                            ELSE 'votre réservation ' || invoice_fr_of(r.name) END
            || ', ' || invoice_fr_date(m.day, true),
        'Bonjour ' || m.contact_name || E',\n\n'
        || CASE WHEN m.source = 'desk'
                THEN 'Nous vous rappelons votre demi-journée de coworking à La Fontaine :'
                ELSE 'Nous vous rappelons votre réservation ' || invoice_fr_of(r.name) || ' :' END
        || E'\n' || booking_fr_when(m.starts_at, m.ends_at) || E'.\n\n'
        || CASE WHEN m.source = 'desk'
                THEN 'Un empêchement ? Annulez depuis « Mes réservations » de votre espace membre, '
                     'pour libérer la place.'
                ELSE 'Un empêchement ? Le lien « Gérer ma réservation » de votre mail de '
                     'confirmation permet de la modifier ou de l’annuler dans les délais.' END
        || E'\n\nÀ demain à La Fontaine !\n'
    FROM marked m JOIN resource r ON r.id = m.resource_id;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n;
END;
$$;
REVOKE EXECUTE ON FUNCTION booking_queue_reminders() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION booking_queue_reminders() TO fontaine_mailer;

------------------------------------------------------------------------------
-- Personal calendar feeds
------------------------------------------------------------------------------

CREATE TABLE calendar_feed (
    person_id  bigint PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE calendar_feed IS
    'The secret address of each member''s personal calendar (/agenda/<token>.ics): the BLAKE2b-256 '
    'hash of its token, never the token. A new one replaces the old, whose address then answers 404.';

-- A new secret address for p_person (the old one stops working). Returns its creation time.
CREATE FUNCTION calendar_feed_renew(p_person bigint, p_token_hash bytea) RETURNS timestamptz
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO calendar_feed (person_id, token_hash) VALUES (p_person, p_token_hash)
    ON CONFLICT (person_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
    RETURNING created_at;
$$;

-- Ends p_person's secret address. Returns true when there was one.
CREATE FUNCTION calendar_feed_revoke(p_person bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH d AS (DELETE FROM calendar_feed WHERE person_id = p_person RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM d);
$$;

-- When p_person's secret address was made (NULL: none).
CREATE FUNCTION calendar_feed_since(p_person bigint) RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT created_at FROM calendar_feed WHERE person_id = p_person;
$$;

-- What the secret address p_token_hash shows: kind 'none' alone when the address is unknown
-- (or its person is not active); else a 'person' row (the name in title) and one row per
-- booking (desk, room; live or cancelled within 30 days past to a year ahead) and event
-- registration of that person.
CREATE FUNCTION calendar_feed_items(p_token_hash bytea)
RETURNS TABLE (kind text, uid text, sequence int, starts_at timestamptz, ends_at timestamptz,
               title text, location text, cancelled boolean, stamp timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_person bigint;
    v_name text;
BEGIN
    SELECT f.person_id, p.first_name || ' ' || p.last_name INTO v_person, v_name
      FROM calendar_feed f JOIN person p ON p.id = f.person_id
     WHERE f.token_hash = p_token_hash AND p.status = 'active';
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'none'::text, NULL::text, 0, NULL::timestamptz, NULL::timestamptz,
            NULL::text, NULL::text, false, NULL::timestamptz;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'person'::text, NULL::text, 0, NULL::timestamptz, NULL::timestamptz,
        v_name, NULL::text, false, NULL::timestamptz;
    RETURN QUERY
        SELECT b.source, b.uid::text, b.ics_sequence, b.starts_at, b.ends_at,
            CASE WHEN b.source = 'desk' THEN 'Coworking à La Fontaine ('
                     || CASE b.slot WHEN 'am' THEN 'matin' WHEN 'pm' THEN 'après-midi' ELSE 'journée' END || ')'
                 ELSE 'Réservation ' || invoice_fr_of(r.name) END,
            'La Fontaine, ' || r.name,
            b.status IN ('cancelled', 'declined'),
            coalesce(b.cancelled_at, b.confirmed_at, b.created_at)
        FROM booking b JOIN resource r ON r.id = b.resource_id
        WHERE b.person_id = v_person AND b.source IN ('desk', 'room')
          AND b.status IN ('confirmed', 'requested', 'cancelled', 'declined')
          AND b.ends_at > now() - interval '30 days' AND b.starts_at < now() + interval '1 year'
        ORDER BY b.starts_at, b.id LIMIT 1000;
    RETURN QUERY
        SELECT 'event'::text, e.uid::text, e.sequence, e.starts_at, e.ends_at, e.title,
            e.place_name || coalesce(', ' || e.place_address, ''),
            e.status = 'cancelled' OR g.status = 'cancelled',
            e.updated_at
        FROM registration g JOIN event e ON e.id = g.event_id
        WHERE (g.person_id = v_person OR lower(g.email) = (SELECT lower(email) FROM person WHERE id = v_person))
          AND g.status IN ('confirmed', 'waiting', 'cancelled') AND e.status IN ('published', 'cancelled')
          AND e.ends_at > now() - interval '30 days'
        ORDER BY e.starts_at, e.id LIMIT 500;
END;
$$;

------------------------------------------------------------------------------
-- Newsletters: List-Unsubscribe (RFC 2369) with one-click (RFC 8058)
------------------------------------------------------------------------------

ALTER TABLE outbox ADD COLUMN list_unsubscribe text
    CHECK (list_unsubscribe ~ '^https?://[!-~]+$' AND length(list_unsubscribe) <= 1000);
COMMENT ON COLUMN outbox.list_unsubscribe IS
    'The one-click unsubscribe URL of a newsletter: the mailer writes List-Unsubscribe and '
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058) with it. NULL for other mail.';

------------------------------------------------------------------------------
-- Privileges
------------------------------------------------------------------------------

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'booking_change_by_link(bytea,date,text,int,text,text,text,bytea)',
        'booking_cancel_by_link(bytea,int,text,text,text,bytea)',
        'desk_book_mailed(bigint,date,text,uuid,text,text,text,bytea)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_booking', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY['calendar_feed_renew(bigint,bytea)', 'calendar_feed_revoke(bigint)',
                             'calendar_feed_since(bigint)']
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_signup', f);
    END LOOP;
END;
$$;
REVOKE EXECUTE ON FUNCTION calendar_feed_items(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendar_feed_items(bytea) TO fontaine_feed;
REVOKE EXECUTE ON FUNCTION staff_mail_address() FROM PUBLIC;
GRANT SELECT ON calendar_feed TO fontaine_admin;
