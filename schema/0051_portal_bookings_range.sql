-- 0051_portal_bookings_range: the member's bookings on /compte (portal_bookings, 0025) are
-- read from 30 days ago on through the index, not from the member's first booking. The
-- function kept `day >= paris_today() - 30` as a filter: the index booking_person
-- (person_id, starts_at) was walked in starts_at order from the oldest booking, every one
-- of a long-standing member's past half-days read and thrown away before the 60 kept (ten
-- years of a regular: ~2,000 rows per /compte). day is the Europe/Paris date of starts_at
-- (booking_validate, 0008), so the same bound on starts_at (that day's midnight in Paris)
-- selects the same rows and starts the index range there.

CREATE OR REPLACE FUNCTION portal_bookings(p_person bigint)
RETURNS TABLE (id bigint, resource_kind text, resource_name text, day date, slot text,
               starts_at bigint, ends_at bigint, status text, price_cents int, covered_by text,
               is_room boolean, uid uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
$$;
