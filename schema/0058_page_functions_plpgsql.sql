-- 0058: the read functions of the pages, planned once per session (issue 16).
--
-- These LANGUAGE sql functions cannot be inlined by the planner (SECURITY DEFINER, or a SET
-- clause), so PostgreSQL parsed and planned their body again at every call, as 0045, 0046
-- and 0056 found for others. A member's /compte calls five of them: on the ten-year
-- database its nine statements took 2.2 ms one after the other, 1.1 ms after this. PL/pgSQL
-- keeps each statement's plan for the session.
--
-- Same signatures, volatility, security, search_path, grants and bodies. Where a SQL
-- function returned the first row of its last statement, the PL/pgSQL one does SELECT ...
-- INTO (also the first row; NULL when none). '#variable_conflict use_column' resolves a name
-- to a column first, as in the SQL body, where the RETURNS TABLE names were not variables.
--
-- Left in SQL: person_export_full and person_export_lines (one call per data export, not per
-- page view), and the functions that write (a commit costs more than a plan).
-- tests/integration/page_functions.test.mjs holds the rule: no STABLE or IMMUTABLE function
-- that the planner cannot inline is LANGUAGE sql where a program's statement names it.

-- ---- a member's /compte (cgi/signup/portal.c) -------------------------------------------

CREATE OR REPLACE FUNCTION portal_bookings(p_person bigint)
RETURNS TABLE (id bigint, resource_kind text, resource_name text, day date, slot text,
               starts_at bigint, ends_at bigint, status text, price_cents integer,
               covered_by text, is_room boolean, uid uuid)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT b.id, r.kind, r.name, b.day, b.slot, extract(epoch FROM b.starts_at)::bigint,
           extract(epoch FROM b.ends_at)::bigint, b.status, b.price_cents, b.covered_by,
           b.source = 'room', b.uid
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.person_id = p_person
      AND b.starts_at >= (paris_today() - 30)::timestamp AT TIME ZONE 'Europe/Paris'
      AND b.day >= paris_today() - 30
      AND b.status IN ('requested', 'confirmed', 'held', 'no_show')
    ORDER BY b.starts_at
    LIMIT 60;
END;
$$;

CREATE OR REPLACE FUNCTION portal_carnet_history(p_person bigint)
RETURNS TABLE (at bigint, what text, label text, halfdays integer, formula_status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
-- The generic plan: called again and again for one member, the plan cache kept choosing a
-- custom plan, planned at each call (0.41 ms a call on the ten-year database; 0.11 generic).
-- Every branch reads by the person's index, whoever the person is.
SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT * FROM (
        SELECT extract(epoch FROM coalesce(f.starts_on::timestamptz, f.created_at))::bigint,
               'achat'::text, pr.label, f.halfdays_total, f.status
        FROM person_formula f JOIN price pr ON pr.code = f.price_code
        WHERE f.person_id = p_person AND f.halfdays_total IS NOT NULL AND f.status <> 'cancelled'
        UNION ALL
        SELECT extract(epoch FROM b.starts_at)::bigint, 'utilisation', r.name, -1, f.status
        FROM booking b JOIN person_formula f ON f.id = b.formula_id
        JOIN resource r ON r.id = b.resource_id
        WHERE f.person_id = p_person AND b.covered_by = 'carnet' AND b.status IN ('confirmed', 'no_show')
    ) h (at, what, label, halfdays, formula_status)
    ORDER BY 1 DESC
    LIMIT 100;
END;
$$;

CREATE OR REPLACE FUNCTION portal_next_invoice(p_person bigint)
RETURNS TABLE (number text, due_on bigint, balance_cents bigint, public_token text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT i.number, extract(epoch FROM i.due_date::timestamp)::bigint,
           i.gross_cents - i.paid_cents, i.public_token
    FROM invoice i
    WHERE i.person_id = p_person AND i.kind = 'invoice' AND i.status IN ('issued', 'partly_paid')
    ORDER BY i.due_date, i.id
    LIMIT 1;
END;
$$;

CREATE OR REPLACE FUNCTION directory_own(p_person bigint)
RETURNS TABLE (activity text, skills text, offers text, looking_for text, contact text,
               visibility text, consent_at bigint, has_photo boolean, is_member boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT d.activity, d.skills, d.offers, d.looking_for, d.contact, d.visibility,
           extract(epoch FROM d.consent_at)::bigint, d.photo IS NOT NULL,
           is_member_on(p_person, paris_today())
    FROM directory_profile d WHERE d.person_id = p_person;
END;
$$;

CREATE OR REPLACE FUNCTION calendar_feed_since(p_person bigint) RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v timestamptz;
BEGIN
    SELECT created_at INTO v FROM calendar_feed WHERE person_id = p_person;
    RETURN v;
END;
$$;

-- ---- the member's documents and the public invoice page (cgi/invoice) ---------------------

CREATE OR REPLACE FUNCTION person_documents(p_person bigint)
RETURNS TABLE (number text, kind text, status text, issue_date date, gross_cents bigint,
               paid_cents bigint, public_token text, organisation_id smallint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT i.number, i.kind, i.status, i.issue_date, i.gross_cents, i.paid_cents, i.public_token,
           i.organisation_id
    FROM invoice i WHERE i.person_id = p_person AND i.status <> 'draft'
    ORDER BY i.issued_at DESC, i.id DESC;
END;
$$;

CREATE OR REPLACE FUNCTION invoice_token_space(p_token text) RETURNS smallint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v smallint;
BEGIN
    SELECT CASE WHEN i.organisation_id = fontaine_org() THEN fontaine_space()
                ELSE (SELECT s.id FROM space s WHERE s.organisation_id = i.organisation_id AND s.active
                      ORDER BY s.is_default DESC, s.sort_order, s.id LIMIT 1) END
      INTO v
    FROM invoice i WHERE i.public_token = p_token AND i.status <> 'draft';
    RETURN v;
END;
$$;

CREATE OR REPLACE FUNCTION organisation_setting_get(p_org smallint, p_key text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN coalesce((SELECT value FROM organisation_setting WHERE organisation_id = p_org AND key = p_key),
                    (SELECT value FROM app_setting WHERE p_org = 1 AND key = p_key));
END;
$$;

CREATE OR REPLACE FUNCTION organisation_names()
RETURNS TABLE (id smallint, name text, legal_name text, street text, postcode text, city text,
               email text, phone text, placeholder boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT id, name, legal_name, street, postcode, city, email, phone, placeholder
    FROM organisation ORDER BY id;
END;
$$;

-- ---- the spaces (every program: lib_data_version reads space_directory) -------------------

CREATE OR REPLACE FUNCTION space_directory()
RETURNS TABLE (id smallint, organisation_id smallint, slug text, name text, legal_name text,
               street text, postcode text, city text, email text, phone text, host text,
               is_default boolean, active boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.id, s.organisation_id, s.slug, COALESCE(s.name, o.name), o.legal_name,
           COALESCE(s.street, o.street), COALESCE(s.postcode, o.postcode),
           COALESCE(s.city, o.city), COALESCE(s.email, o.email), COALESCE(s.phone, o.phone),
           s.host, s.is_default, s.active
      FROM space s JOIN organisation o ON o.id = s.organisation_id
     ORDER BY s.sort_order, s.id;
END;
$$;

CREATE OR REPLACE FUNCTION space_contact_email(p_space smallint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v text;
BEGIN
    SELECT coalesce(s.email, o.email) INTO v
    FROM space s JOIN organisation o ON o.id = s.organisation_id
    WHERE s.id = p_space;
    RETURN v;
END;
$$;

-- ---- links sent by mail: a booking's or a registration's management page -----------------

CREATE OR REPLACE FUNCTION booking_by_token(p_token_hash bytea) RETURNS SETOF booking
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT * FROM booking WHERE manage_token_hash = p_token_hash;
END;
$$;

CREATE OR REPLACE FUNCTION registration_by_token(p_token_hash bytea,
    OUT registration_id bigint, OUT status text, OUT name text, OUT event_title text,
    OUT event_slug text, OUT starts_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    SELECT r.id, r.status, r.name, e.title, e.slug, e.starts_at
      INTO registration_id, status, name, event_title, event_slug, starts_at
    FROM registration r JOIN event e ON e.id = r.event_id WHERE r.cancel_token_hash = p_token_hash;
END;
$$;

-- ---- the members' directory --------------------------------------------------------------

CREATE OR REPLACE FUNCTION directory_search(p_member boolean, p_skill text, p_activity text)
RETURNS TABLE (person_id bigint, first_name text, last_name text, activity text, skills text,
               offers text, looking_for text, contact text, visibility text, has_photo boolean,
               photo_at bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT d.person_id, p.first_name, p.last_name, d.activity, d.skills, d.offers, d.looking_for,
           d.contact, d.visibility, d.photo IS NOT NULL, extract(epoch FROM d.photo_at)::bigint
    FROM directory_profile d JOIN person p ON p.id = d.person_id
    WHERE p.status = 'active' AND is_member_on(p.id, paris_today())
      AND (p_member OR d.visibility = 'public')
      AND (coalesce(p_skill, '') = '' OR d.skills ILIKE '%' || replace(replace(replace(p_skill, '\', '\\'), '%', '\%'), '_', '\_') || '%')
      AND (coalesce(p_activity, '') = '' OR d.activity ILIKE '%' || replace(replace(replace(p_activity, '\', '\\'), '%', '\%'), '_', '\_') || '%')
    ORDER BY d.updated_at DESC, d.person_id
    LIMIT 200;
END;
$$;

CREATE OR REPLACE FUNCTION directory_photo(p_person bigint, p_member boolean)
RETURNS TABLE (photo bytea, photo_type text, photo_at bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT d.photo, d.photo_type, extract(epoch FROM d.photo_at)::bigint
    FROM directory_profile d JOIN person p ON p.id = d.person_id
    WHERE d.person_id = p_person AND d.photo IS NOT NULL AND p.status = 'active'
      AND is_member_on(p.id, paris_today()) AND (p_member OR d.visibility = 'public');
END;
$$;

-- ---- the account's security pages --------------------------------------------------------

CREATE OR REPLACE FUNCTION totp_state(p_person bigint, OUT enabled boolean, OUT pending_secret bytea,
    OUT is_admin boolean, OUT codes_left integer, OUT secret bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    SELECT p.totp_enabled_at IS NOT NULL, p.totp_pending_secret, p.role = 'admin',
           (SELECT count(*)::int FROM totp_recovery r WHERE r.person_id = p.id AND r.used_at IS NULL),
           p.totp_secret
      INTO enabled, pending_secret, is_admin, codes_left, secret
    FROM person p WHERE p.id = p_person;
END;
$$;

CREATE OR REPLACE FUNCTION token_email(p_token_hash bytea, p_purpose text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v text;
BEGIN
    SELECT p.email INTO v FROM auth_token t JOIN person p ON p.id = t.person_id
    WHERE t.token_hash = p_token_hash AND t.purpose = p_purpose AND t.used_at IS NULL
      AND t.expires_at > now();
    RETURN v;
END;
$$;

CREATE OR REPLACE FUNCTION mfa_lookup(p_token_hash bytea, OUT person_id bigint, OUT secret bytea)
RETURNS SETOF record
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT p.id, p.totp_secret FROM auth_token t JOIN person p ON p.id = t.person_id
    WHERE t.token_hash = p_token_hash AND t.purpose = 'mfa' AND t.used_at IS NULL
      AND t.expires_at > now() AND t.tries < 5 AND p.totp_secret IS NOT NULL;
END;
$$;

-- ---- staff pages (cgi/admin) -------------------------------------------------------------

CREATE OR REPLACE FUNCTION api_key_list()
RETURNS TABLE (id bigint, name text, prefix text, scopes text[], rate_per_minute integer,
               expires_at timestamptz, created_at timestamptz, created_by_name text,
               revoked_at timestamptz, last_used_at timestamptz, uses_30d bigint, refused_30d bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT a.id, a.name, a.prefix, a.scopes, a.rate_per_minute, a.expires_at, a.created_at,
           nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
           a.revoked_at, a.last_used_at,
           (SELECT count(*) FROM api_key_use u WHERE u.key_id = a.id AND u.at > now() - interval '30 days'),
           (SELECT count(*) FROM api_key_use u WHERE u.key_id = a.id AND u.at > now() - interval '30 days'
                                                  AND u.outcome <> 'ok')
      FROM api_key a LEFT JOIN person p ON p.id = a.created_by
     WHERE a.space_id = fontaine_space()
     ORDER BY a.created_at DESC, a.id DESC;
END;
$$;

CREATE OR REPLACE FUNCTION api_key_uses(p_id bigint, p_limit integer)
RETURNS TABLE (at timestamptz, method text, path text, scope text, outcome text, addr inet)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT u.at, u.method, u.path, u.scope, u.outcome, u.addr
      FROM api_key_use u JOIN api_key a ON a.id = u.key_id
     WHERE u.key_id = p_id AND a.space_id = fontaine_space()
     ORDER BY u.id DESC
     LIMIT least(greatest(p_limit, 1), 500);
END;
$$;

CREATE OR REPLACE FUNCTION voting_members_on(d date) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT p.id FROM person p WHERE p.status IN ('active', 'closing') AND is_member_on(p.id, d);
END;
$$;

CREATE OR REPLACE FUNCTION newsletter_recipients(p_audience text)
RETURNS TABLE (email text, first_name text)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT DISTINCT ON (lower(x.email)) lower(x.email), x.first_name FROM (
        SELECT p.email, p.first_name FROM person p
        WHERE p_audience = 'members' AND p.newsletter AND p.status = 'active'
        UNION ALL
        SELECT r.email, split_part(r.name, ' ', 1) FROM registration r
        WHERE p_audience ~ '^event:[0-9]+$' AND r.status <> 'cancelled'
          AND r.event_id = substring(p_audience FROM 7)::bigint
    ) x
    WHERE NOT EXISTS (SELECT 1 FROM newsletter_optout o WHERE o.email_lower = lower(x.email))
    ORDER BY lower(x.email), x.first_name;
END;
$$;

-- ---- the API's times (called once per time in a JSON answer) -----------------------------

CREATE OR REPLACE FUNCTION api_time(t timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
BEGIN
    RETURN to_char(t AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD"T"HH24:MI:SS') || '+'
           || to_char((t AT TIME ZONE 'Europe/Paris') - (t AT TIME ZONE 'UTC'), 'HH24:MI');
END;
$$;

-- ---- use_counts of one space (0039) has this older overload for the default space ---------

CREATE OR REPLACE FUNCTION use_counts(p_from date, p_to date)
RETURNS TABLE (resource_id integer, day date, slot text, n integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT t.resource_id, t.day, t.slot, t.n FROM use_tally t
    WHERE t.day >= p_from AND t.day < p_to AND t.n > 0
    UNION ALL
    SELECT l.resource_id, g.d::date, s.slot, 1
    FROM office_lease l
    CROSS JOIN LATERAL generate_series(greatest(l.starts_on, p_from),
        least(coalesce(l.ends_on, (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date),
              p_to - 1), interval '1 day') AS g (d)
    JOIN halfday_slot s ON EXISTS (
        SELECT 1 FROM opening_hours o WHERE o.space_id = l.space_id AND o.weekday = extract(isodow FROM g.d)
          AND o.opens < s.ends AND o.closes > s.starts)
    WHERE l.status = 'active' AND l.starts_on < p_to
      AND coalesce(l.ends_on, 'infinity'::date) >= p_from
      AND NOT EXISTS (SELECT 1 FROM closure c WHERE c.space_id = l.space_id
                      AND g.d::date BETWEEN c.starts_on AND c.ends_on
                      AND (c.resource_id IS NULL OR c.resource_id = l.resource_id))
      AND fr_public_holiday(g.d::date) IS NULL;
END;
$$;
