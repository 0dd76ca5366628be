-- 0059_availability_reasons: availability() (0054) gives each day's closed reason in its own
-- statement. It called closed_reason() once per day, a PL/pgSQL function of three queries:
-- its seven calls were half of the week's 0.31 ms on the dev stack. The days' rule is
-- closed_reason's, read against it for every resource and day by
-- tests/integration/availability_reasons.test.mjs; the body is 0054's otherwise.

CREATE OR REPLACE FUNCTION availability(p_resource int, p_from date, p_to date,
    OUT day date, OUT slot text, OUT state text, OUT reason text, OUT free_places int,
    OUT starts_at timestamptz, OUT ends_at timestamptz)
RETURNS SETOF record
LANGUAGE plpgsql STABLE ROWS 14 SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH r AS (SELECT * FROM resource WHERE id = p_resource),
    -- closed_reason(day, p_resource) of each day, in this statement: the resource's first
    -- closure (of its space, or its own) by id, else the public holiday, else 'Fermé' when
    -- the space has no hours that weekday.
    days AS MATERIALIZED (
        SELECT g.d::date AS day, coalesce(
            (SELECT c.reason FROM closure c, r WHERE c.space_id = r.space_id
                AND g.d::date BETWEEN c.starts_on AND c.ends_on
                AND (c.resource_id IS NULL OR c.resource_id = p_resource) ORDER BY c.id LIMIT 1),
            fr_public_holiday(g.d::date),
            CASE WHEN NOT EXISTS (SELECT 1 FROM opening_hours o, r WHERE o.space_id = r.space_id
                                  AND o.weekday = extract(isodow FROM g.d)) THEN 'Fermé' END) AS reason
        FROM generate_series(p_from, p_to, interval '1 day') AS g (d)
    ),
    cells AS (
        SELECT g.day, s.slot, (g.day + s.starts) AT TIME ZONE 'Europe/Paris' AS starts_at,
               (g.day + s.ends) AT TIME ZONE 'Europe/Paris' AS ends_at, s.starts, s.ends, g.reason
        FROM days g, halfday_slot s
    )
    SELECT c.day, c.slot,
           CASE WHEN cr.reason IS NOT NULL OR NOT EXISTS (SELECT 1 FROM opening_hours o
                        WHERE o.space_id = r.space_id AND o.weekday = extract(isodow FROM c.day)
                          AND o.opens < c.ends AND o.closes > c.starts)
                     OR (r.kind = 'office' AND EXISTS (SELECT 1 FROM office_lease l WHERE l.resource_id = r.id
                        AND l.status = 'active' AND c.day BETWEEN l.starts_on AND coalesce(l.ends_on, 'infinity')))
                     THEN CASE WHEN cr.reason IS NULL AND r.kind = 'office' AND EXISTS (SELECT 1 FROM opening_hours o
                        WHERE o.space_id = r.space_id AND o.weekday = extract(isodow FROM c.day)) THEN 'taken' ELSE 'closed' END
                WHEN r.exclusive AND EXISTS (SELECT 1 FROM booking b WHERE b.resource_id = r.id
                        AND b.day = c.day AND b.exclusive
                        AND (b.status IN ('requested', 'confirmed') OR (b.status = 'held' AND b.hold_expires_at > now()))
                        AND tstzrange(b.starts_at, b.ends_at) && tstzrange(c.starts_at, c.ends_at)) THEN 'taken'
                WHEN NOT r.exclusive AND coalesce((SELECT taken FROM desk_load l WHERE l.resource_id = r.id
                        AND l.day = c.day AND l.slot = c.slot), 0) >= r.capacity THEN 'taken'
                ELSE 'free' END,
           coalesce(cr.reason, 'Fermé'),
           CASE WHEN NOT r.exclusive THEN greatest(r.capacity - coalesce((SELECT taken FROM desk_load l
                WHERE l.resource_id = r.id AND l.day = c.day AND l.slot = c.slot), 0), 0) END,
           c.starts_at, c.ends_at
    FROM cells c CROSS JOIN r CROSS JOIN LATERAL (SELECT c.reason) cr
    ORDER BY c.day, c.slot;
END;
$$;
