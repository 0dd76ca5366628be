-- Outbox attachments (the .ics of an event, the PDF of an invoice) and the NOTIFY that wakes the mailer.
--
-- Applied once, in one transaction, by the migration program as a PostgreSQL superuser.

------------------------------------------------------------------------------
-- Attachments
------------------------------------------------------------------------------

CREATE TABLE outbox_attachment (
    id           bigserial PRIMARY KEY,
    outbox_id    bigint NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200
                                      AND filename !~ '[\x01-\x1f\x7f/\\]'),
    content_type text NOT NULL CHECK (content_type ~* '^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+(;[ -~]*)?$'
                                      AND content_type !~* '^(message|multipart)/'),
    body         bytea NOT NULL
);

CREATE INDEX outbox_attachment_outbox_idx ON outbox_attachment (outbox_id);

COMMENT ON TABLE outbox_attachment IS
    'Files attached to an outbox message, sent base64 in a multipart/mixed message, in id order. '
    'Insert them in the same transaction as their outbox row: the mailer may pick the row up as '
    'soon as that transaction commits.';

------------------------------------------------------------------------------
-- Waking the mailer
------------------------------------------------------------------------------

-- NOTIFY is delivered at commit, so the mailer never sees a message before its attachments.
CREATE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION outbox_notify() IS
    'Trigger function: NOTIFY outbox, which the mailer LISTENs to, so new mail leaves at once.';

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

------------------------------------------------------------------------------
-- Privileges
------------------------------------------------------------------------------

-- Mailer: reads the attachments (its SELECT, UPDATE on outbox come from 0001). The programs
-- that attach files (signup, events, invoices) get INSERT in their own migrations.
GRANT SELECT ON outbox_attachment TO fontaine_mailer;

GRANT ALL ON outbox_attachment TO fontaine_admin;
GRANT ALL ON SEQUENCE outbox_attachment_id_seq TO fontaine_admin;
