-- Demo data: the network price of La Grange (space 2, see 0030_second_space.sql), and the demo
-- member of La Fontaine (membre@lafontaine-agen.example) a paid member of Canti'net, so that
-- they book a half-day at La Grange (/lieux/la-grange/mes-reservations) at La Grange's network
-- price, invoiced by Les Coteaux numériques.
--
-- DEMO ONLY (applied with --demo).

-- La Grange's prices: which one is its half-day, its monthly pass, its room; what members of
-- the other associations of the network pay. Its room is also booked by the day.
SELECT set_config('fontaine.space', '2', true);

INSERT INTO price (code, category, label, unit, member_cents, non_member_cents, note, sort_order)
VALUES ('grange_room_day', 'salle', 'Salle de réunion', 'la journée', 7000, 10000, NULL, 3)
ON CONFLICT (code) DO NOTHING;

UPDATE price p SET booking_role = v.role, network_cents = v.network
FROM (VALUES ('grange_half_day', 'half_day', 700),
             ('grange_month_open_space', 'month_open_space', NULL),
             ('grange_room_half_day', 'room_half_day', 4500),
             ('grange_room_day', 'room_day', 8000)) AS v (code, role, network)
WHERE p.code = v.code AND p.space_id = 2;

SELECT set_config('fontaine.space', '', true);

-- The demo member's membership of Canti'net (La Fontaine's association), paid, for a year
-- from last month.
INSERT INTO membership (person_id, organisation_id, starts_on, ends_on, fee_cents, status, paid_at)
SELECT p.id, 1, (paris_today() - interval '1 month')::date,
       (paris_today() - interval '1 month' + interval '1 year' - interval '1 day')::date, 2000, 'paid', now()
FROM person p
WHERE lower(p.email) = 'membre@lafontaine-agen.example'
  AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.status <> 'cancelled');
