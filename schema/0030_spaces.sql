-- Several spaces in one install (issue 15), the foundation: organisations (legal entities,
-- more than one), spaces (places: pages, hours, resources, prices, events, staff), the
-- current space of a connection, the staff of each space, and row-level security that keeps
-- a program acting for one space away from another space's rows.
--
-- A single-space install keeps working unchanged: its organisation becomes organisation 1 and
-- its place space 1, the default space; every space-scoped row is moved to space 1; a
-- connection that never says which space it acts for acts for the default space.
--
-- How a connection says it: `SELECT set_config('fontaine.space', '<id>', false)` (the
-- FastCGI library does it when a request is for another space than the previous one), or
-- `fontaine.scope = 'network'` for the network's own pages (network admin, network home and
-- feed), which read every space. These are session settings, not privileges: row-level
-- security here protects against a query that forgets its space (a bug), not against a
-- program that was taken over (its role's grants do that).
--
-- SECURITY DEFINER functions run as the schema's owner and are not subject to row-level
-- security: each one that reads space-scoped rows filters them itself (fontaine_space()).

------------------------------------------------------------------------------
-- Organisations: more than one
------------------------------------------------------------------------------

ALTER TABLE organisation DROP CONSTRAINT IF EXISTS organisation_id_check;

-- The first real organisation takes id 1 (it replaces the first-start placeholder, see
-- 0012); the next ones take the next free number.
CREATE FUNCTION organisation_next_id() RETURNS smallint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM organisation WHERE id = 1 AND NOT placeholder)
                THEN 1 ELSE (SELECT max(id) + 1 FROM organisation) END::smallint
$$;
ALTER TABLE organisation ALTER COLUMN id SET DEFAULT organisation_next_id();

COMMENT ON TABLE organisation IS
    'The legal entities of the install (an association, a cooperative): legal name, form, '
    'SIREN/SIRET, VAT status, publication director; the bank and SEPA details are in '
    'app_setting for organisation 1 and in organisation_setting for the others. Invoice '
    'numbering, the hash chain, closings, FEC and SEPA batches are per organisation. name, '
    'street… are the details of its first space when that space does not set its own.';

------------------------------------------------------------------------------
-- Spaces
------------------------------------------------------------------------------

CREATE TABLE space (
    id              smallint PRIMARY KEY,
    organisation_id smallint NOT NULL REFERENCES organisation (id),
    slug            text NOT NULL UNIQUE
                    CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 40),
    -- NULL: the organisation's own (a single-space install edits them there).
    name            text CHECK (length(name) BETWEEN 1 AND 100),
    street          text CHECK (length(street) BETWEEN 1 AND 200),
    postcode        text CHECK (postcode ~ '^[0-9]{5}$'),
    city            text CHECK (length(city) BETWEEN 1 AND 100),
    email           text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    phone           text CHECK (length(phone) BETWEEN 1 AND 40),
    -- What the space offers, one or two sentences for the network's home page.
    summary         text NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    -- The host name that reaches this space (lower case, without port); NULL: reached on the
    -- shared host only (by its path prefix /lieux/<slug>/, or as the default space).
    host            text UNIQUE CHECK (host ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$'
                                       AND length(host) <= 253),
    is_default      boolean NOT NULL DEFAULT false,
    active          boolean NOT NULL DEFAULT true,
    sort_order      smallint NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- The default space answers the shared host; it cannot be switched off.
    CONSTRAINT space_default_active CHECK (NOT is_default OR active)
);
CREATE UNIQUE INDEX space_one_default ON space (is_default) WHERE is_default;
CREATE INDEX space_organisation ON space (organisation_id);

CREATE TRIGGER space_updated_at BEFORE UPDATE ON space
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER space_audit AFTER INSERT OR UPDATE OR DELETE ON space
    FOR EACH ROW EXECUTE FUNCTION audit_row();

COMMENT ON TABLE space IS
    'The places of the network (a coworking space, a third place). Each has its public pages, '
    'hours, closures, resources, prices, events, feeds, staff and monthly target; it belongs '
    'to one organisation (who invoices). One space is the default: it answers the shared host '
    'without a path prefix, so that a single-space install needs nothing more.';

-- The existing place becomes space 1, the default one, with the organisation's details.
INSERT INTO space (id, organisation_id, slug, is_default)
SELECT 1, o.id,
       CASE WHEN o.placeholder THEN 'principal' ELSE COALESCE(NULLIF(trim(BOTH '-' FROM regexp_replace(
                    lower(translate(o.name, 'ÀÂÄÁÃÇÈÉÊËÎÏÍÌÔÖÓÒÕÙÛÜÚŸàâäáãçèéêëîïíìôöóòõùûüúÿ’''',
                                            'AAAAACEEEEIIIIOOOOOUUUUYaaaaaceeeeiiiiooooouuuuy  ')),
                    '[^a-z0-9]+', '-', 'g')), ''), 'principal') END,
       true
FROM organisation o WHERE o.id = 1;

-- The connection's space: the fontaine.space setting, else the default space.
-- PL/pgSQL, not SQL: a SQL function with a sub-select is planned again at every statement that
-- calls it (~70 µs each, measured by tests/bench/rls_bench.sh); PL/pgSQL keeps its plan.
CREATE FUNCTION fontaine_space() RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v text := current_setting('fontaine.space', true);
BEGIN
    IF v IS NOT NULL AND v <> '' THEN
        RETURN v::smallint;
    END IF;
    RETURN (SELECT id FROM space WHERE is_default);
END;
$$;
COMMENT ON FUNCTION fontaine_space() IS
    'The space this connection acts for: the session setting fontaine.space, or the default '
    'space when it is not set (a single-space install never sets it).';

-- The organisation of the connection's space.
CREATE FUNCTION fontaine_org() RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT organisation_id FROM space WHERE id = fontaine_space());
END;
$$;
COMMENT ON FUNCTION fontaine_org() IS
    'The organisation of the space this connection acts for (fontaine_space()).';

-- True when the connection acts for the whole network (network admin, network pages).
CREATE FUNCTION fontaine_network() RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN COALESCE(current_setting('fontaine.scope', true), '') = 'network';
END;
$$;
COMMENT ON FUNCTION fontaine_network() IS
    'True when the session setting fontaine.scope is ''network'': the connection reads every '
    'space (it still writes only to its own, fontaine_space()).';

-- The spaces (organisations) a connection reads: its own, or every one in network scope. The
-- policies compare with = ANY of these, which an index on (space_id, …) serves; an OR of two
-- conditions would keep space_id out of the index condition.
CREATE FUNCTION fontaine_space_ids() RETURNS smallint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF fontaine_network() THEN
        RETURN ARRAY(SELECT id FROM space ORDER BY id);
    END IF;
    RETURN ARRAY[fontaine_space()];
END;
$$;
-- SECURITY DEFINER: it reads organisation, whose own policy calls it (no recursion as owner).
CREATE FUNCTION fontaine_org_ids() RETURNS smallint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF fontaine_network() THEN
        RETURN ARRAY(SELECT id FROM organisation ORDER BY id);
    END IF;
    RETURN ARRAY[fontaine_org()];
END;
$$;
COMMENT ON FUNCTION fontaine_space_ids() IS
    'The spaces this connection reads: ARRAY[fontaine_space()], or every space in network scope.';
COMMENT ON FUNCTION fontaine_org_ids() IS
    'The organisations this connection reads: ARRAY[fontaine_org()], or every one in network scope.';

------------------------------------------------------------------------------
-- Staff of each space
------------------------------------------------------------------------------

CREATE TABLE staff_space (
    person_id bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    space_id  smallint NOT NULL REFERENCES space (id),
    PRIMARY KEY (person_id, space_id)
);
CREATE INDEX staff_space_space ON staff_space (space_id);
CREATE TRIGGER staff_space_audit AFTER INSERT OR UPDATE OR DELETE ON staff_space
    FOR EACH ROW EXECUTE FUNCTION audit_row();

COMMENT ON TABLE staff_space IS
    'The spaces a staff member or an admin works for. A person with role staff or admin and '
    'no row here works for every space: an admin without a row is a network admin; a staff '
    'member without a row works for the default space only (see person_spaces()).';

-- Today's staff work for today's (only) space; admins stay admins of the whole install.
INSERT INTO staff_space (person_id, space_id)
SELECT id, 1 FROM person WHERE role = 'staff';

-- The spaces a person may act for as staff: NULL for a network admin (every space), an
-- array of space ids otherwise (empty for a member).
CREATE FUNCTION person_spaces(p_person bigint) RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE
        WHEN p.role = 'member' THEN '{}'::smallint[]
        WHEN EXISTS (SELECT 1 FROM staff_space s WHERE s.person_id = p.id)
            THEN ARRAY(SELECT s.space_id FROM staff_space s WHERE s.person_id = p.id ORDER BY 1)
        WHEN p.role = 'admin' THEN NULL
        ELSE ARRAY[(SELECT id FROM space WHERE is_default)]
    END
    FROM person p WHERE p.id = p_person
$$;
COMMENT ON FUNCTION person_spaces(bigint) IS
    'The spaces person may act for as staff: NULL = every space (network admin), else the '
    'ids (empty for a member; the default space for staff not assigned to any).';

------------------------------------------------------------------------------
-- Space-scoped rows
------------------------------------------------------------------------------

-- Each space-scoped table gets space_id (existing rows: space 1; new rows: the connection's
-- space), a foreign key, and its natural keys become per space.

ALTER TABLE opening_hours ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE opening_hours ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE opening_hours DROP CONSTRAINT opening_hours_pkey;
ALTER TABLE opening_hours ADD PRIMARY KEY (space_id, weekday, opens);

ALTER TABLE site_page ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE site_page ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE site_page DROP CONSTRAINT site_page_pkey;
ALTER TABLE site_page ADD PRIMARY KEY (space_id, slug);

ALTER TABLE resource ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE resource ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE resource DROP CONSTRAINT resource_slug_key;
ALTER TABLE resource ADD CONSTRAINT resource_slug_key UNIQUE (space_id, slug);
-- For the composite foreign keys below: a row that names a resource is in its space.
ALTER TABLE resource ADD CONSTRAINT resource_id_space UNIQUE (id, space_id);

-- Price codes stay unique in the install (bookings and formulas refer to them by code); a
-- price belongs to the space that sets it.
ALTER TABLE price ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE price ALTER COLUMN space_id SET DEFAULT fontaine_space();
CREATE INDEX price_space ON price (space_id);

ALTER TABLE closure ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE closure ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE closure ADD CONSTRAINT closure_resource_space
    FOREIGN KEY (resource_id, space_id) REFERENCES resource (id, space_id) ON DELETE CASCADE;
CREATE INDEX closure_space_days ON closure (space_id, starts_on, ends_on);

ALTER TABLE event ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE event ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE event DROP CONSTRAINT event_slug_key;
ALTER TABLE event ADD CONSTRAINT event_slug_key UNIQUE (space_id, slug);
CREATE INDEX event_space_starts ON event (space_id, starts_at) WHERE status <> 'draft';

ALTER TABLE use_target ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE use_target ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE use_target DROP CONSTRAINT use_target_pkey;
ALTER TABLE use_target ADD PRIMARY KEY (space_id, month);

ALTER TABLE contact_message ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE contact_message ALTER COLUMN space_id SET DEFAULT fontaine_space();

ALTER TABLE funder ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE funder ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE funder DROP CONSTRAINT funder_name_key;
ALTER TABLE funder ADD CONSTRAINT funder_name_key UNIQUE (space_id, name);

ALTER TABLE newsletter_issue ADD COLUMN space_id smallint NOT NULL DEFAULT 1 REFERENCES space (id);
ALTER TABLE newsletter_issue ALTER COLUMN space_id SET DEFAULT fontaine_space();

-- Bookings and leases are in their resource's space: the column is filled from the resource
-- (whatever the inserting connection's space) and a composite key keeps them together.
CREATE FUNCTION space_from_resource() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT r.space_id INTO NEW.space_id FROM resource r WHERE r.id = NEW.resource_id;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION space_from_resource() IS
    'Trigger function: sets NEW.space_id to the space of NEW.resource_id.';

ALTER TABLE booking ADD COLUMN space_id smallint NOT NULL DEFAULT 1;
ALTER TABLE booking ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE booking ADD CONSTRAINT booking_resource_space
    FOREIGN KEY (resource_id, space_id) REFERENCES resource (id, space_id);
CREATE TRIGGER booking_space BEFORE INSERT OR UPDATE OF resource_id ON booking
    FOR EACH ROW EXECUTE FUNCTION space_from_resource();
CREATE INDEX booking_space_day ON booking (space_id, day);
-- Always, even for rows written with session_replication_role = replica (a restore, the tests'
-- past uses): a booking is in its resource's space whoever writes it.
ALTER TABLE booking ENABLE ALWAYS TRIGGER booking_space;

ALTER TABLE office_lease ADD COLUMN space_id smallint NOT NULL DEFAULT 1;
ALTER TABLE office_lease ALTER COLUMN space_id SET DEFAULT fontaine_space();
ALTER TABLE office_lease ADD CONSTRAINT office_lease_resource_space
    FOREIGN KEY (resource_id, space_id) REFERENCES resource (id, space_id);
CREATE TRIGGER office_lease_space BEFORE INSERT OR UPDATE OF resource_id ON office_lease
    FOR EACH ROW EXECUTE FUNCTION space_from_resource();
ALTER TABLE office_lease ENABLE ALWAYS TRIGGER office_lease_space;

------------------------------------------------------------------------------
-- Organisation-scoped rows
------------------------------------------------------------------------------

-- A membership is with an organisation (the association one joins); a formula (a carnet, a
-- monthly pass) is bought from one. Invoicing tables get their organisation in a later
-- migration, together with the functions that number and chain them.

ALTER TABLE membership ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE membership ALTER COLUMN organisation_id SET DEFAULT fontaine_org();
ALTER TABLE membership DROP CONSTRAINT membership_person_id_daterange_excl;
ALTER TABLE membership ADD CONSTRAINT membership_person_id_daterange_excl
    EXCLUDE USING gist (person_id WITH =, organisation_id WITH =,
                        daterange(starts_on, ends_on, '[]') WITH &&)
    WHERE (status <> 'cancelled');

ALTER TABLE person_formula ADD COLUMN organisation_id smallint NOT NULL DEFAULT 1 REFERENCES organisation (id);
ALTER TABLE person_formula ALTER COLUMN organisation_id SET DEFAULT fontaine_org();

------------------------------------------------------------------------------
-- Row-level security
------------------------------------------------------------------------------

-- Program roles see the rows of their connection's space (or every space in network scope)
-- and write only to their own space. The policies' function calls are wrapped in scalar
-- subqueries so that they are evaluated once per statement, not once per row. The schema's
-- owner (migrations, SECURITY DEFINER functions) is not subject to them.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['opening_hours', 'site_page', 'resource', 'price', 'closure',
                             'event', 'use_target', 'contact_message', 'funder',
                             'newsletter_issue', 'booking', 'office_lease'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (space_id = ANY ((SELECT fontaine_space_ids())::smallint[])) '
                       'WITH CHECK (space_id = (SELECT fontaine_space()))',
                       t || '_space', t);
    END LOOP;
    -- A program reads its own organisation's row (the footer, the legal notice, the seller).
    ALTER TABLE organisation ENABLE ROW LEVEL SECURITY;
    CREATE POLICY organisation_own ON organisation
        USING (id = ANY ((SELECT fontaine_org_ids())::smallint[]))
        WITH CHECK (id = (SELECT fontaine_org()));
    FOREACH t IN ARRAY ARRAY['membership', 'person_formula'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (organisation_id = ANY ((SELECT fontaine_org_ids())::smallint[])) '
                       'WITH CHECK (organisation_id = (SELECT fontaine_org()))',
                       t || '_organisation', t);
    END LOOP;
END;
$$;

-- Every organisation's name, for the network's own pages (a program reads its own
-- organisation's row only, by the policy above).
CREATE FUNCTION organisation_names() RETURNS TABLE (id smallint, name text, legal_name text,
    street text, postcode text, city text, email text, phone text, placeholder boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id, name, legal_name, street, postcode, city, email, phone, placeholder
    FROM organisation ORDER BY id
$$;
COMMENT ON FUNCTION organisation_names() IS
    'Every organisation''s id, name and legal name (public details), for the network''s pages.';
GRANT EXECUTE ON FUNCTION organisation_names() TO PUBLIC;

GRANT SELECT ON space TO fontaine_site, fontaine_signup, fontaine_events, fontaine_feed,
    fontaine_admin, fontaine_booking, fontaine_invoice;
GRANT SELECT ON staff_space TO fontaine_admin, fontaine_signup, fontaine_booking, fontaine_invoice;
GRANT INSERT, UPDATE, DELETE ON space, staff_space TO fontaine_admin;
GRANT EXECUTE ON FUNCTION fontaine_space(), fontaine_org(), fontaine_network(),
    fontaine_space_ids(), fontaine_org_ids(),
    person_spaces(bigint) TO PUBLIC;
