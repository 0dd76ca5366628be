-- 0040_api: what the JSON API program (/api/v1/, role fontaine_api of 0037_api_keys.sql) may
-- read and call. It reads the public programme, the bookable resources, prices and hours, and
-- for keys with the matching scope the members, bookings, uses, invoices, payments and period
-- closings of the request's space (row level security applies: the library sets fontaine.space
-- per request). It writes only through the booking program's own functions (desk_book,
-- room_reserve, desk_cancel, booking_cancel_by_token, desk_check_in), so that the database's
-- rules (no overlap, capacity, closures, opening hours, carnets) are the same as the pages'.

-- The workers' time limits, as every program role has them (0013_timeouts.sql).
ALTER ROLE fontaine_api SET statement_timeout = '60s';
ALTER ROLE fontaine_api SET lock_timeout = '5s';
ALTER ROLE fontaine_api SET idle_in_transaction_session_timeout = '30s';

GRANT EXECUTE ON FUNCTION space_directory() TO fontaine_api;
GRANT SELECT ON space, organisation, event, opening_hours, resource, price, app_setting,
    halfday_slot, closure, booking_option, booking, booking_option_line, desk_load, office_lease,
    membership, person_formula, use_halfday, invoice, payment, period_closing, invoice_frozen
    TO fontaine_api;
-- The members' public identity only (no password, no second factor, no address).
GRANT SELECT (id, first_name, last_name, email, company_name, status, email_verified_at) ON person
    TO fontaine_api;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'desk_book(bigint,date,text)', 'desk_cancel(bigint,bigint)', 'desk_check_in(bigint)',
        'booking_cancel_by_token(bytea,text,text)',
        'room_reserve(int,date,text,time,time,bigint,text,text,text,text,text,text,text,text,text,int,text[],int,bytea,boolean,bytea,inet,text,text,text,bytea,uuid)',
        'booking_price_kind(bigint,date,smallint)']
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO fontaine_api', f);
    END LOOP;
END;
$$;

-- An instant as the API writes it: RFC 3339 with the Europe/Paris offset
-- ("2026-03-03T09:00:00+01:00"), whatever the connection's time zone.
CREATE FUNCTION api_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT to_char(t AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD"T"HH24:MI:SS') || '+'
           || to_char((t AT TIME ZONE 'Europe/Paris') - (t AT TIME ZONE 'UTC'), 'HH24:MI');
$$;

-- The writes' Idempotency-Key: the first call with a key claims it (status NULL while it
-- runs), its answer is kept, and a retry with the same key (same method, path and body) gets
-- that answer again for a day; another body under the same key is refused. A claim left by a
-- call that never finished is taken over after a minute.
CREATE TABLE api_idempotency (
    key_id         bigint NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
    idem_key       text NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 200),
    method         text NOT NULL CHECK (method ~ '^[A-Z]{1,10}$'),
    path           text NOT NULL CHECK (length(path) <= 2000),
    request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
    status         smallint CHECK (status BETWEEN 200 AND 499),
    body           text,
    location       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key_id, idem_key),
    CHECK ((status IS NULL) = (body IS NULL))
);
CREATE INDEX api_idempotency_at ON api_idempotency (created_at);
COMMENT ON TABLE api_idempotency IS
    'The answers of the API''s writes sent with an Idempotency-Key, replayed to their retries for a day.';
GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency TO fontaine_api;

-- Retention: the kept answers go after a day (cleanup_expired, run daily).
ALTER FUNCTION cleanup_expired() RENAME TO cleanup_expired_before_0040;
CREATE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT c.what, c.deleted FROM cleanup_expired_before_0040() c;
    what := 'api_idempotency';
    WITH d AS (DELETE FROM api_idempotency WHERE created_at < now() - interval '1 day' RETURNING 1)
    SELECT count(*) INTO deleted FROM d;
    RETURN NEXT;
END;
$$;
REVOKE EXECUTE ON FUNCTION cleanup_expired(), cleanup_expired_before_0040() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cleanup_expired() TO fontaine_admin;
