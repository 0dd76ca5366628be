-- Demo data for a network of two spaces: a second, fictional third place in the
-- Lot-et-Garonne, La Grange in Marmande, run by another association, "Les Coteaux numériques".
-- It has its own hours, resources, prices, events and a staff account; La Fontaine stays the
-- default space (the shared host without a prefix), La Grange answers under /lieux/la-grange/.
--
-- DEMO ONLY. Identifiers are fictitious (the SIREN passes the Luhn check but names nobody),
-- the e-mail domain is under .example and the phone number in the range ARCEP keeps for
-- fiction. The staff account uses the documented demo password "fontaine-demo-2026".

INSERT INTO organisation (id, name, legal_name, legal_form, street, postcode, city, email, phone,
                          siren, siret, rna, vat_status, vat_number, publication_director,
                          host_name, host_address)
VALUES (2, 'La Grange', 'Les Coteaux numériques', 'Association loi 1901',
        '5 place du Marché', '47200', 'Marmande',
        'bonjour@lagrange-marmande.example', '05 36 49 20 77',
        '471209353', '47120935300005', 'W472004321', 'franchise', NULL,
        'Julien Roumégous',
        'Hébergeur de démonstration (à renseigner)',
        '1 rue de l’Exemple, 47200 Marmande (à renseigner)')
ON CONFLICT (id) DO NOTHING;

INSERT INTO space (id, organisation_id, slug, name, street, postcode, city, email, phone, summary,
                   sort_order)
VALUES (2, 2, 'la-grange', 'La Grange', '5 place du Marché', '47200', 'Marmande',
        'bonjour@lagrange-marmande.example', '05 36 49 20 77',
        'Un tiers-lieu dans une ancienne grange restaurée au cœur de Marmande : un open space de '
        'huit postes, une salle de réunion et un atelier partagé.', 2)
ON CONFLICT (id) DO NOTHING;

-- La Fontaine's own slug (a fresh install names its first space "principal") and summary for
-- the network's home page.
UPDATE space SET slug = 'la-fontaine' WHERE id = 1 AND slug = 'principal';
UPDATE space
   SET summary = 'L’espace de coworking coopératif du centre-ville d’Agen : open space, bureaux '
                 'privés et une salle de conférence, ouverts aux indépendants comme aux entreprises.'
 WHERE id = 1 AND summary = '';

-- Everything below belongs to La Grange: the rows take the connection's space.
SELECT set_config('fontaine.space', '2', true);

-- Tuesday to Saturday morning, with a lunch break on weekdays.
INSERT INTO opening_hours (weekday, opens, closes)
SELECT d, p.opens, p.closes
  FROM generate_series(2, 5) AS d,
       (VALUES (time '09:00', time '12:30'), (time '14:00', time '19:00')) AS p (opens, closes)
UNION ALL
SELECT 6, time '09:00', time '13:00'
ON CONFLICT DO NOTHING;

INSERT INTO resource (kind, slug, name, description, capacity, area_m2, equipment, exclusive, sort_order)
VALUES
    ('open_space', 'grange-open-space', 'L’open space de La Grange',
     'Huit postes de travail sous la charpente de la grange, à la demi-journée ou au mois.',
     8, 60.0, ARRAY['wifi', 'imprimante'], false, 1),
    ('meeting_room', 'grange-salle', 'La salle de réunion de La Grange',
     'Une salle lumineuse pour huit personnes, pour une réunion, une formation ou un entretien.',
     8, 20.0, ARRAY['écran', 'paperboard', 'wifi'], true, 2)
ON CONFLICT (space_id, slug) DO NOTHING;

INSERT INTO price (code, category, label, unit, member_cents, non_member_cents, note, sort_order)
VALUES
    ('grange_half_day', 'coworking', 'Demi-journée en open space', 'la demi-journée',
     600, 900, 'Un matin ou un après-midi.', 1),
    ('grange_month_open_space', 'coworking', 'Abonnement mensuel à l’open space', 'le mois',
     12000, 15000, 'Accès à l’open space pendant toutes les heures d’ouverture.', 2),
    ('grange_room_half_day', 'salle', 'Salle de réunion', 'la demi-journée',
     4000, 6000, NULL, 3),
    ('grange_membership_year', 'adhesion', 'Adhésion à l’association Les Coteaux numériques',
     'l’année', 1500, NULL, 'Donne accès aux tarifs membres de La Grange.', 4)
ON CONFLICT (code) DO NOTHING;

INSERT INTO site_page (slug, title, meta_description, nav_label, nav_order, body_md)
VALUES
    ('accueil', 'La Grange, tiers-lieu à Marmande',
     'La Grange : coworking, salle de réunion et atelier partagé au cœur de Marmande.',
     'Accueil', 1,
     E'Bienvenue à **La Grange**, le tiers-lieu de l’association Les Coteaux numériques.\n\n'
     'On y travaille à la demi-journée ou au mois, on s’y réunit et on y apprend ensemble.'),
    ('coworking', 'Le coworking à Marmande : travailler seul, mais pas isolé',
     'Le coworking à La Grange : indépendants, télétravailleurs et associations du Marmandais travaillent côte à côte.',
     'Le coworking', 2,
     E'## Travailler à côté de chez soi\n\nÀ La Grange, indépendants, télétravailleurs et associations du '
     'Marmandais partagent un espace, des outils et des idées.'),
    ('cooperative', 'Une association de tiers-lieu',
     'Les Coteaux numériques, l’association qui fait vivre La Grange : adhérer, participer, décider ensemble.',
     'L’association', 5,
     E'## Les Coteaux numériques\n\nLa Grange est animée par une association : ses membres participent aux '
     'projets et aux décisions du lieu.'),
    ('espace', 'L’espace : open space et salle de réunion',
     'Découvrez La Grange à Marmande : un open space de huit postes sous la charpente et une salle de réunion.',
     'L’espace', 2,
     E'## L’open space\n\nHuit postes sous la charpente restaurée de la grange, le wifi et une imprimante.\n\n'
     '## La salle de réunion\n\nUne salle lumineuse pour huit personnes, avec un écran et un paperboard.'),
    ('tarifs', 'Tarifs du coworking et de la salle de réunion',
     'Tarifs de La Grange à Marmande : demi-journée, abonnement mensuel et salle de réunion, pour membres, membres du réseau et non-membres.',
     'Tarifs', 3,
     E'## Des tarifs simples\n\nLes membres des autres lieux du réseau profitent d’un tarif réseau.'),
    ('contact', 'Contact et accès : venir à La Grange, à Marmande',
     'Comment venir à La Grange, place du Marché à Marmande, et nous écrire.',
     'Contact et accès', 4,
     E'## Nous trouver\n\nLa Grange se trouve au 5 place du Marché, à Marmande, à cinq minutes à pied de la gare.'),
    ('mentions-legales', 'Mentions légales',
     'Mentions légales du site de La Grange, tiers-lieu à Marmande : éditeur, directeur de la publication, hébergeur.',
     NULL, NULL,
     E'## Éditeur du site\n\nCe site est édité par l’association Les Coteaux numériques, association loi 1901, '
     'qui gère le tiers-lieu La Grange.\n\n- Siège : 5 place du Marché, 47200 Marmande\n- Numéro RNA : W472004321'),
    ('confidentialite', 'Politique de confidentialité',
     'Comment l’association Les Coteaux numériques traite vos données personnelles.',
     NULL, NULL,
     E'## Responsable du traitement\n\nLes données personnelles collectées par La Grange sont traitées par '
     'l’association Les Coteaux numériques, 5 place du Marché, 47200 Marmande.'),
    ('partenaires', 'Nos partenaires',
     'Les partenaires qui soutiennent La Grange, tiers-lieu à Marmande.',
     NULL, NULL,
     E'La Grange vit des adhésions et des locations de ses membres. Les partenaires qui la soutiennent sont listés ici.'),
    ('statuts', 'Statuts et règlement intérieur de l’association Les Coteaux numériques',
     'L’essentiel des statuts des Coteaux numériques et du règlement intérieur de La Grange.',
     NULL, NULL,
     E'Adhérer aux Coteaux numériques, c’est accepter ses statuts et le règlement intérieur de La Grange.')
ON CONFLICT (space_id, slug) DO NOTHING;

INSERT INTO closure (starts_on, ends_on, reason)
SELECT d, d, 'Fermeture pour l’inventaire annuel'
  FROM (SELECT (date_trunc('week', now() AT TIME ZONE 'Europe/Paris') + interval '5 weeks 1 day')::date AS d) t;

INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at,
                   place_name, place_address, capacity, price_cents, status, published_at)
SELECT v.slug, v.title, v.summary, v.body_md, v.category,
       (t.today + v.day + v.starts) AT TIME ZONE 'Europe/Paris',
       (t.today + v.day + v.ends) AT TIME ZONE 'Europe/Paris',
       'La Grange', '5 place du Marché, 47200 Marmande', v.capacity, 0, 'published', now()
  FROM (SELECT date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AS today) AS t,
       (VALUES
        ('cafe-numerique-de-la-grange', 'Café numérique de La Grange',
         'Une matinée pour apprendre à se servir de son ordinateur et de son téléphone, autour d’un café.',
         E'Des bénévoles répondent à vos questions : messagerie, démarches en ligne, photos.',
         'atelier', interval '16 days', interval '9 hours 30 minutes', interval '11 hours 30 minutes', 10),
        ('soiree-portes-ouvertes-la-grange', 'Soirée portes ouvertes à La Grange',
         'Venez découvrir le tiers-lieu, ses coworkers et ses projets.',
         E'Visite, présentation des formules et verre de l’amitié.',
         'portes-ouvertes', interval '23 days', interval '18 hours', interval '20 hours 30 minutes', NULL::int)
       ) AS v (slug, title, summary, body_md, category, day, starts, ends, capacity)
ON CONFLICT (space_id, slug) DO NOTHING;

-- The staff account of La Grange: staff of space 2 only.
INSERT INTO person (email, first_name, last_name, profile, activity, role, status,
                    password_hash, email_verified_at)
VALUES ('equipe@lagrange-marmande.example', 'Équipe', 'La Grange', 'autre',
        'Animatrice du tiers-lieu (compte de démonstration)', 'staff', 'active',
        '$argon2id$v=19$m=65536,t=2,p=1$ANtAjqmggpiUPYZYUdSPqQ$TEwY5qCSKHUsdhx5cfEodRKI9CqKR6bv3iYPPuRJjKU',
        now())
ON CONFLICT DO NOTHING;
INSERT INTO staff_space (person_id, space_id)
SELECT id, 2 FROM person WHERE lower(email) = 'equipe@lagrange-marmande.example'
ON CONFLICT DO NOTHING;

-- A staff account of La Fontaine only (the demo's admin, equipe@lafontaine-agen.example, is
-- the network admin): reception volunteers work for one space.
INSERT INTO person (email, first_name, last_name, profile, activity, role, status,
                    password_hash, email_verified_at)
VALUES ('accueil@lafontaine-agen.example', 'Accueil', 'La Fontaine', 'autre',
        'Bénévole à l’accueil (compte de démonstration)', 'staff', 'active',
        '$argon2id$v=19$m=65536,t=2,p=1$ANtAjqmggpiUPYZYUdSPqQ$TEwY5qCSKHUsdhx5cfEodRKI9CqKR6bv3iYPPuRJjKU',
        now())
ON CONFLICT DO NOTHING;
INSERT INTO staff_space (person_id, space_id)
SELECT id, 1 FROM person WHERE lower(email) = 'accueil@lafontaine-agen.example'
ON CONFLICT DO NOTHING;

-- Target of La Grange: 80 uses a month (La Fontaine's is the default, 200).
INSERT INTO use_target (month, target)
SELECT date_trunc('month', now() AT TIME ZONE 'Europe/Paris')::date, 80
ON CONFLICT DO NOTHING;

SELECT set_config('fontaine.space', '', true);
