-- Demo data of the booking work: room options, an end-of-year closure, a lease, and a few
-- bookings in the coming days (relative to today, so the demo calendar is never empty).

INSERT INTO booking_option (code, label, price_cents, per_attendee, sort_order) VALUES
    ('accueil_cafe', 'Accueil café (café, thé, jus de fruits, viennoiseries)', 400, true, 1),
    ('plateau_repas', 'Plateau-repas du midi (traiteur agenais)', 1600, true, 2),
    ('technicien_visio', 'Assistance d’un bénévole pour la visioconférence', 3000, false, 3)
ON CONFLICT (code) DO NOTHING;

INSERT INTO closure (starts_on, ends_on, reason)
SELECT make_date(y, 12, 24), make_date(y + 1, 1, 1), 'Fermeture de fin d’année'
FROM (SELECT extract(year FROM current_date)::int AS y) t;

INSERT INTO office_lease (resource_id, tenant_name, starts_on, ends_on, monthly_rent_cents)
SELECT id, 'Atelier Garonne Conseil', date_trunc('month', current_date)::date, NULL, 30000
FROM resource WHERE slug = 'petit-bureau';

-- Two room bookings and a few desks on the next open weekdays (skipping holidays/closures).
DO $$
DECLARE
    v_room int := (SELECT id FROM resource WHERE slug = 'salle-de-conference');
    v_days date[];
BEGIN
    SELECT array_agg(d ORDER BY d) INTO v_days FROM (
        SELECT g::date AS d FROM generate_series(current_date + 3, current_date + 30, interval '1 day') g
        WHERE extract(isodow FROM g) BETWEEN 1 AND 5 AND closed_reason(g::date, v_room) IS NULL
        ORDER BY g LIMIT 4) t;
    IF v_room IS NULL OR v_days IS NULL THEN
        RETURN;
    END IF;
    PERFORM room_book(v_room, v_days[1], 'am', NULL, NULL, NULL, 'Pruneaux & Co', '732829320',
        '12 boulevard de la République', '47000', 'Agen', 'Sophie Lagarde', 'sophie@pruneaux.example',
        '05 53 00 00 01', 'Réunion d’équipe', 8, ARRAY['accueil_cafe'], NULL, NULL, false,
        NULL, NULL, NULL, NULL, NULL);
    PERFORM room_book(v_room, v_days[3], 'day', NULL, NULL, NULL, 'Garonne Formation', '552100554',
        '3 rue des Cornières', '47000', 'Agen', 'Marc Dupuy', 'marc@garonne-formation.example',
        NULL, 'Formation', 10, ARRAY[]::text[], NULL, NULL, false, NULL, NULL, NULL, NULL, NULL);
END;
$$;
