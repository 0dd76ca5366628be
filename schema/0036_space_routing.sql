-- How requests reach a space (issue 15, routing): the FastCGI library keeps a snapshot of
-- every space with its public details (cgi/lib/space.c) to resolve each request's space from
-- its Host header or its /lieux/<slug>/ prefix, and to fill the footer, without a query per
-- request. Row-level security lets a program read only its connection's organisation
-- (0030), so the snapshot comes from this definer function: it returns what every page of
-- each space shows anyway (name, address, contact, legal name) and nothing private.

CREATE FUNCTION space_directory()
RETURNS TABLE (id smallint, organisation_id smallint, slug text, name text, legal_name text,
               street text, postcode text, city text, email text, phone text, host text,
               is_default boolean, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.id, s.organisation_id, s.slug, COALESCE(s.name, o.name), o.legal_name,
           COALESCE(s.street, o.street), COALESCE(s.postcode, o.postcode),
           COALESCE(s.city, o.city), COALESCE(s.email, o.email), COALESCE(s.phone, o.phone),
           s.host, s.is_default, s.active
      FROM space s JOIN organisation o ON o.id = s.organisation_id
     ORDER BY s.sort_order, s.id
$$;
COMMENT ON FUNCTION space_directory() IS
    'Every space with its public details (the space''s own, else its organisation''s): what '
    'the programs resolve a request''s space from and show in each space''s footer.';

REVOKE ALL ON FUNCTION space_directory() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION space_directory() TO fontaine_site, fontaine_signup, fontaine_events,
    fontaine_feed, fontaine_admin, fontaine_booking, fontaine_invoice;
