-- 0037_api_keys: the keys of the JSON API (/api/v1/, issue 18). An admin creates a key in the
-- back office for one space, with scopes (read or write, per resource), an expiry and a rate
-- limit; the key is shown once and only its SHA-256 is stored. Every call made with a key is
-- recorded (api_key_use), refused ones too, and the back office's creations and revocations
-- are in the audit log. The API program (role fontaine_api) calls only api_key_authenticate().
--
-- A key's text is 'ftk_' followed by 43 base64url characters (32 random bytes); its prefix
-- (the first 12 characters) names it in lists. key_hash = sha256(convert_to(key, 'UTF8')).

------------------------------------------------------------------------------
-- Role of the API program
------------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fontaine_api') THEN
        BEGIN
            CREATE ROLE fontaine_api LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created meanwhile by a migration of another database
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fontaine_api', current_database());
END;
$$;
GRANT USAGE ON SCHEMA public TO fontaine_api;

------------------------------------------------------------------------------
-- Keys and their uses
------------------------------------------------------------------------------

-- The scopes a key may hold, in the order the back office lists them.
CREATE FUNCTION api_scopes() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['members:read', 'bookings:read', 'bookings:write', 'uses:read', 'uses:write',
                 'invoices:read', 'payments:read', 'closings:read']::text[];
$$;

CREATE TABLE api_key (
    id              bigserial PRIMARY KEY,
    space_id        smallint NOT NULL DEFAULT fontaine_space() REFERENCES space (id),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    prefix          text NOT NULL UNIQUE CHECK (prefix ~ '^ftk_[A-Za-z0-9_-]{8}$'),
    key_hash        bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    scopes          text[] NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ api_scopes()),
    rate_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_per_minute BETWEEN 1 AND 60000),
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      bigint REFERENCES person (id) ON DELETE SET NULL,
    revoked_at      timestamptz,
    revoked_by      bigint REFERENCES person (id) ON DELETE SET NULL,
    last_used_at    timestamptz,
    -- the current minute's count, for the rate limit
    window_start    timestamptz,
    window_count    integer NOT NULL DEFAULT 0,
    CHECK (expires_at > created_at),
    CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
CREATE INDEX api_key_space ON api_key (space_id, created_at DESC);
COMMENT ON TABLE api_key IS
    'Keys of the JSON API: one space each, scopes, expiry, rate limit per minute; only the '
    'SHA-256 of the key is kept (the key is shown once at creation).';

CREATE TABLE api_key_use (
    id      bigserial PRIMARY KEY,
    key_id  bigint NOT NULL REFERENCES api_key (id) ON DELETE CASCADE,
    at      timestamptz NOT NULL DEFAULT now(),
    method  text NOT NULL CHECK (method ~ '^[A-Z]{1,10}$'),
    path    text NOT NULL CHECK (length(path) <= 2000),
    scope   text,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'forbidden', 'rate_limited')),
    addr    inet
);
CREATE INDEX api_key_use_key ON api_key_use (key_id, id DESC);
CREATE INDEX api_key_use_at ON api_key_use (at);
COMMENT ON TABLE api_key_use IS
    'Every call made with an API key (refused ones too): the audit of the API. Kept a year.';

ALTER TABLE api_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_key_space ON api_key
    USING (space_id = ANY ((SELECT fontaine_space_ids())::smallint[]))
    WITH CHECK (space_id = (SELECT fontaine_space()));

------------------------------------------------------------------------------
-- The API program's one call
------------------------------------------------------------------------------

-- Authenticates the key whose SHA-256 is p_hash for a call needing p_scope (NULL: any key) on
-- the connection's space, counts the call against the key's limit of the minute and records
-- it. Returns no row for an unknown, revoked or expired key, or a key of another space (the
-- caller answers 401); else one row whose outcome is 'ok', 'forbidden' (the key lacks p_scope:
-- 403) or 'rate_limited' (429, retry_after seconds until the next minute). Every call with a
-- known key is recorded in api_key_use with its outcome.
CREATE FUNCTION api_key_authenticate(p_hash bytea, p_scope text, p_method text, p_path text,
                                     p_addr inet)
    RETURNS TABLE (key_id bigint, space_id smallint, scopes text[], outcome text,
                   rate_limit integer, rate_remaining integer, retry_after integer,
                   expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    k api_key;
    v_minute timestamptz := date_trunc('minute', now());
    v_count integer;
BEGIN
    IF p_hash IS NULL OR length(p_hash) <> 32 THEN
        RETURN;
    END IF;
    SELECT * INTO k FROM api_key a
     WHERE a.key_hash = p_hash AND a.revoked_at IS NULL AND a.expires_at > now()
       AND a.space_id = fontaine_space();
    IF NOT FOUND THEN
        RETURN;
    END IF;
    UPDATE api_key a
       SET window_count = CASE WHEN a.window_start = v_minute THEN a.window_count + 1 ELSE 1 END,
           window_start = v_minute, last_used_at = now()
     WHERE a.id = k.id
    RETURNING a.window_count INTO v_count;
    outcome := CASE WHEN v_count > k.rate_per_minute THEN 'rate_limited'
                    WHEN p_scope IS NOT NULL AND NOT (p_scope = ANY (k.scopes)) THEN 'forbidden'
                    ELSE 'ok' END;
    INSERT INTO api_key_use (key_id, method, path, scope, outcome, addr)
    VALUES (k.id, left(upper(p_method), 10), left(p_path, 2000), p_scope, outcome, p_addr);
    key_id := k.id; space_id := k.space_id; scopes := k.scopes;
    rate_limit := k.rate_per_minute; rate_remaining := greatest(k.rate_per_minute - v_count, 0);
    retry_after := CASE WHEN outcome = 'rate_limited'
                        THEN greatest(1, ceil(extract(epoch FROM v_minute + interval '1 minute' - now())))::int
                   END;
    expires_at := k.expires_at;
    RETURN NEXT;
END;
$$;
COMMENT ON FUNCTION api_key_authenticate(bytea, text, text, text, inet) IS
    'The API''s key check: no row = 401; outcome ok, forbidden (403) or rate_limited (429); '
    'every call with a known key is recorded in api_key_use.';
REVOKE EXECUTE ON FUNCTION api_key_authenticate(bytea, text, text, text, inet) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_authenticate(bytea, text, text, text, inet) TO fontaine_api;

------------------------------------------------------------------------------
-- The back office: create, revoke, list (admin program, audited)
------------------------------------------------------------------------------

-- Creates a key for the connection's space; p_hash and p_prefix come from the key the admin
-- program drew (it shows the key once). Returns the key's id. Audited.
CREATE FUNCTION api_key_create(p_actor bigint, p_name text, p_prefix text, p_hash bytea,
                               p_scopes text[], p_expires_at timestamptz,
                               p_rate_per_minute integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO api_key (space_id, name, prefix, key_hash, scopes, expires_at, rate_per_minute,
                         created_by)
    VALUES (fontaine_space(), btrim(p_name), p_prefix, p_hash,
            ARRAY(SELECT DISTINCT s FROM unnest(p_scopes) s ORDER BY 1), p_expires_at,
            coalesce(p_rate_per_minute, 600), p_actor)
    RETURNING id INTO v_id;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    SELECT p_actor, 'create', 'api_key', v_id, NULL, to_jsonb(a) - 'key_hash'
      FROM api_key a WHERE a.id = v_id;
    RETURN v_id;
END;
$$;

-- Revokes a key of the connection's space (from now on it gets 401). Returns false when the
-- key is unknown here or already revoked. Audited.
CREATE FUNCTION api_key_revoke(p_actor bigint, p_id bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_before jsonb;
BEGIN
    SELECT to_jsonb(a) - 'key_hash' INTO v_before FROM api_key a
     WHERE a.id = p_id AND a.space_id = fontaine_space() AND a.revoked_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE api_key SET revoked_at = now(), revoked_by = p_actor WHERE id = p_id;
    INSERT INTO audit_log (person_id, action, table_name, row_id, before, after)
    SELECT p_actor, 'cancel', 'api_key', p_id, v_before, to_jsonb(a) - 'key_hash'
      FROM api_key a WHERE a.id = p_id;
    RETURN true;
END;
$$;

-- The keys of the connection's space for the back office list, newest first, with their use
-- counts of the last 30 days.
CREATE FUNCTION api_key_list()
    RETURNS TABLE (id bigint, name text, prefix text, scopes text[], rate_per_minute integer,
                   expires_at timestamptz, created_at timestamptz, created_by_name text,
                   revoked_at timestamptz, last_used_at timestamptz, uses_30d bigint,
                   refused_30d bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT a.id, a.name, a.prefix, a.scopes, a.rate_per_minute, a.expires_at, a.created_at,
           nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''),
           a.revoked_at, a.last_used_at,
           (SELECT count(*) FROM api_key_use u WHERE u.key_id = a.id AND u.at > now() - interval '30 days'),
           (SELECT count(*) FROM api_key_use u WHERE u.key_id = a.id AND u.at > now() - interval '30 days'
                                                  AND u.outcome <> 'ok')
      FROM api_key a LEFT JOIN person p ON p.id = a.created_by
     WHERE a.space_id = fontaine_space()
     ORDER BY a.created_at DESC, a.id DESC;
$$;

-- The last calls made with a key of the connection's space, newest first.
CREATE FUNCTION api_key_uses(p_id bigint, p_limit integer)
    RETURNS TABLE (at timestamptz, method text, path text, scope text, outcome text, addr inet)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.at, u.method, u.path, u.scope, u.outcome, u.addr
      FROM api_key_use u JOIN api_key a ON a.id = u.key_id
     WHERE u.key_id = p_id AND a.space_id = fontaine_space()
     ORDER BY u.id DESC
     LIMIT least(greatest(p_limit, 1), 500);
$$;

REVOKE EXECUTE ON FUNCTION api_key_create(bigint, text, text, bytea, text[], timestamptz, integer),
    api_key_revoke(bigint, bigint), api_key_list(), api_key_uses(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_create(bigint, text, text, bytea, text[], timestamptz, integer),
    api_key_revoke(bigint, bigint), api_key_list(), api_key_uses(bigint, integer) TO fontaine_admin;

------------------------------------------------------------------------------
-- Retention: the uses are kept a year
------------------------------------------------------------------------------

ALTER FUNCTION cleanup_expired() RENAME TO cleanup_expired_0025;
CREATE FUNCTION cleanup_expired() RETURNS TABLE (what text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT c.what, c.deleted FROM cleanup_expired_0025() c;
    what := 'api_key_uses';
    WITH d AS (DELETE FROM api_key_use WHERE at < now() - interval '1 year' RETURNING 1)
    SELECT count(*) INTO deleted FROM d;
    RETURN NEXT;
END;
$$;
REVOKE EXECUTE ON FUNCTION cleanup_expired(), cleanup_expired_0025() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cleanup_expired() TO fontaine_admin;
