-- Demo events of La Fontaine: an afterwork, workshops, a talk, an open day; one cancelled,
-- one past, one draft, some with limited seats. Dates are relative to the Monday of the week
-- the demo data is loaded (weekdays, Paris local times), so the programme looks current.
-- Slugs already present (staff's own events) are left alone.

INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at,
                   place_name, place_address, capacity, price_cents, status)
SELECT v.slug, v.title, v.summary, v.body_md, v.category,
       (t.today + v.day + v.starts) AT TIME ZONE 'Europe/Paris',
       (t.today + v.day + v.ends) AT TIME ZONE 'Europe/Paris',
       v.place_name, v.place_address, v.capacity, v.price_cents, v.status
  FROM (SELECT date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AS today) AS t,
       (VALUES
        ('afterwork-des-coworkers',
         'Afterwork des coworkers',
         'Un verre en fin de journée pour rencontrer celles et ceux qui travaillent à La Fontaine.',
         E'Freelances, télétravailleurs, porteurs de projet ou simples curieux : venez **partager un verre** '
         'et découvrir la communauté de La Fontaine.\n\n'
         '- boissons locales et jus de fruits du Lot-et-Garonne\n'
         '- visite de l’open space et de la salle de conférence\n\n'
         'Entrée libre, sans inscription obligatoire.',
         'afterwork', interval '17 days', interval '18 hours 30 minutes', interval '21 hours',
         'La Fontaine', NULL::text, NULL::int, 0, 'published'),
        ('atelier-bien-demarrer-en-auto-entreprise',
         'Atelier : bien démarrer en auto-entreprise',
         'Statut, déclarations, cotisations et facturation : trois heures pour lancer votre activité sur de bonnes bases.',
         E'Un atelier pratique animé par une conseillère en création d’entreprise.\n\n'
         '## Au programme\n\n'
         '1. choisir entre micro-entreprise et société ;\n'
         '2. s’immatriculer et déclarer son chiffre d’affaires ;\n'
         '3. facturer correctement (mentions obligatoires, TVA) ;\n'
         '4. protection sociale et retraite.\n\n'
         'Apportez vos questions ! Places limitées à 12 personnes.',
         'atelier', interval '22 days', interval '9 hours 30 minutes', interval '12 hours 30 minutes',
         'La Fontaine', NULL, 12, 1500, 'published'),
        ('conference-teletravail-villes-moyennes',
         'Conférence : le télétravail, une chance pour les villes moyennes ?',
         'Chercheurs et élus de l’Agenais débattent de l’avenir du travail à distance dans les centres-villes.',
         E'Le télétravail a changé la géographie du travail. Que peuvent y gagner des villes comme Agen ?\n\n'
         '> Une soirée d’échanges avec des chercheurs, des élus et des coworkers.\n\n'
         'Dans la salle de conférence de La Fontaine (40 places).',
         'conference', interval '31 days', interval '18 hours', interval '20 hours',
         'La Fontaine', NULL, 40, 0, 'published'),
        ('portes-ouvertes',
         'Portes ouvertes de La Fontaine',
         'Visitez l’espace de coworking, rencontrez l’équipe de Canti’net et essayez un poste gratuitement.',
         E'Toute la journée, l’équipe vous fait visiter **l’open space**, les bureaux privatifs et la salle '
         'de conférence, et vous présente le fonctionnement coopératif de l’association.\n\n'
         'Une demi-journée d’essai offerte à chaque visiteur.',
         'portes-ouvertes', interval '40 days', interval '10 hours', interval '17 hours',
         'La Fontaine', NULL, NULL, 0, 'published'),
        ('atelier-facturation-electronique',
         'Atelier : la facturation électronique',
         'Ce qui change pour les indépendants avec l’obligation de facturation électronique.',
         E'Calendrier de la réforme, plateformes agréées, formats Factur-X et UBL : un tour d’horizon '
         'pour s’y préparer sans stress.',
         'atelier', interval '16 days', interval '14 hours', interval '16 hours',
         'La Fontaine', NULL, 15, 0, 'cancelled'),
        ('afterwork-de-rentree',
         'Afterwork de rentrée',
         'La rentrée des coworkers de La Fontaine, autour d’un buffet partagé.',
         E'Chacun apporte un plat ou une boisson : nous nous occupons du reste.',
         'afterwork', interval '-18 days', interval '18 hours 30 minutes', interval '21 hours',
         'La Fontaine', NULL, NULL, 0, 'published'),
        ('cafe-numerique-mediatheque',
         'Café numérique : protéger ses données personnelles',
         'Un café-rencontre hors les murs, à la médiathèque, pour apprendre à protéger ses données.',
         E'Mots de passe, sauvegardes, réglages de confidentialité : des conseils simples avec les '
         'bénévoles de Canti’net.',
         'atelier', interval '47 days', interval '10 hours', interval '12 hours',
         'Médiathèque', '1 place de la Médiathèque, 47000 Agen', 20, 0, 'published'),
        ('repair-cafe-informatique',
         'Repair café informatique',
         'Réparer ses ordinateurs et téléphones avec l’aide de bénévoles (en préparation).',
         E'Brouillon : date et partenaires à confirmer.',
         'autre', interval '61 days', interval '14 hours', interval '18 hours',
         'La Fontaine', NULL, NULL, 0, 'draft')
       ) AS v (slug, title, summary, body_md, category, day, starts, ends,
               place_name, place_address, capacity, price_cents, status)
ON CONFLICT (space_id, slug) DO NOTHING;
