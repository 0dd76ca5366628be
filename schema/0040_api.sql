-- 0040_api: what the JSON API program (/api/v1/, role fontaine_api of 0037_api_keys.sql) may
-- read and call. It reads the public programme, the bookable resources, prices and hours, and
-- for keys with the matching scope the members, bookings, uses, invoices, payments and period
-- closings of the request's space (row level security applies: the library sets fontaine.space
-- per request). It writes only through the booking program's own functions (desk_book,
-- room_reserve, desk_cancel, booking_cancel_by_token, desk_check_in), so that the database's
-- rules (no overlap, capacity, closures, opening hours, carnets) are the same as the pages'.

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
