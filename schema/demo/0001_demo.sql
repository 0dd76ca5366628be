-- Demo data for the foundation schema: La Fontaine, Agen, as the seed text describes it.
--
-- Applied once with --demo. Facts from the seed text are kept as they are; what it does not
-- give (address, phone, identifiers, host, hours, prices) is plausible demo data that staff
-- edit from the back office. The e-mail domain is under the reserved .example TLD and the
-- phone number is in the range ARCEP reserves for fiction, so no real person is reached.

INSERT INTO organisation (id, name, legal_name, legal_form, street, postcode, city, email, phone,
                          siren, siret, rna, vat_status, vat_number, publication_director,
                          host_name, host_address)
VALUES (1, 'La Fontaine', 'Canti’net', 'Association loi 1901',
        '12 rue Montesquieu', '47000', 'Agen',
        'contact@lafontaine-agen.example', '05 36 49 20 14',
        '123456782', '12345678200010', 'W471001234', 'franchise', NULL,
        'Isabelle Caire',
        'Hébergeur de démonstration (à renseigner)',
        '1 rue de l’Exemple, 47000 Agen (à renseigner)')
ON CONFLICT (id) DO NOTHING;

INSERT INTO app_setting (key, value)
VALUES ('staff_email', 'contact@lafontaine-agen.example')
ON CONFLICT (key) DO NOTHING;

-- Monday to Friday, with a lunch break.
INSERT INTO opening_hours (weekday, opens, closes)
SELECT d, p.opens, p.closes
  FROM generate_series(1, 5) AS d,
       (VALUES (time '08:30', time '12:30'), (time '13:30', time '18:30')) AS p (opens, closes)
ON CONFLICT DO NOTHING;

------------------------------------------------------------------------------
-- Resources
------------------------------------------------------------------------------

INSERT INTO resource (kind, slug, name, description, capacity, area_m2, equipment, exclusive, sort_order)
VALUES
    ('open_space', 'open-space', 'L’open space',
     'Le cœur de La Fontaine : des postes de travail partagés, à la demi-journée ou au mois. '
     'On s’y installe pour travailler au calme, au milieu d’autres indépendants et télétravailleurs.',
     12, 80.0, ARRAY['wifi', 'imprimante', 'casiers'], false, 1),
    ('office', 'petit-bureau', 'Le petit bureau',
     'Un bureau fermé pour une ou deux personnes, loué au mois. '
     'Idéal pour se concentrer ou recevoir un client en toute discrétion.',
     2, 10.0, ARRAY['wifi', 'armoire fermant à clé'], true, 2),
    ('office', 'grand-bureau', 'Le grand bureau',
     'Un bureau fermé pour une petite équipe de trois personnes, loué au mois, '
     'à deux pas de la communauté des coworkers.',
     3, 14.0, ARRAY['wifi', 'armoire fermant à clé'], true, 3),
    ('meeting_room', 'salle-de-conference', 'La salle de conférence',
     'Une salle partagée pour les réunions, les entretiens professionnels, les formations '
     'et les lancements de produits, ouverte aux coworkers comme aux entreprises.',
     12, 30.0, ARRAY['écran', 'visioconférence', 'paperboard', 'wifi'], true, 4)
ON CONFLICT (space_id, slug) DO NOTHING;

------------------------------------------------------------------------------
-- Prices (integer cents TTC; the association is not subject to VAT)
------------------------------------------------------------------------------

INSERT INTO price (code, category, label, unit, member_cents, non_member_cents, note, sort_order)
VALUES
    ('half_day', 'coworking', 'Demi-journée en open space', 'la demi-journée',
     800, 1000, 'Un matin ou un après-midi.', 1),
    ('carnet_10', 'coworking', 'Carnet de 10 demi-journées', 'le carnet de 10 demi-journées',
     7000, 9000, 'Une demi-journée est décomptée à chaque venue dans l’open space.', 2),
    ('month_open_space', 'coworking', 'Abonnement mensuel à l’open space', 'le mois',
     15000, 18000, 'Accès à l’open space pendant toutes les heures d’ouverture.', 3),
    ('office_month', 'bureau', 'Bureau privé', 'le mois',
     30000, 30000, 'Bureau fermé, pour une à trois personnes selon le bureau.', 4),
    ('room_half_day', 'salle', 'Salle de conférence', 'la demi-journée',
     6000, 9000, NULL, 5),
    ('room_day', 'salle', 'Salle de conférence', 'la journée',
     10000, 15000, NULL, 6),
    ('membership_year', 'adhesion', 'Adhésion à l’association Canti’net', 'l’année',
     2000, NULL, 'Donne accès aux tarifs membres et une voix à l’assemblée générale.', 7)
ON CONFLICT (code) DO NOTHING;

------------------------------------------------------------------------------
-- Funders (seed text: ESF for the first months; region, city, department and the
-- Veolia Foundation to furnish the space and equip it with IT hardware)
------------------------------------------------------------------------------

INSERT INTO funder (name, kind, role, url, sort_order)
VALUES
    ('Fonds social européen', 'public',
     'A financé les premiers mois d’activité de l’espace.', NULL, 1),
    ('Conseil régional d’Aquitaine', 'public',
     'A soutenu le projet pour meubler l’espace et l’équiper en matériel informatique.', NULL, 2),
    ('Ville d’Agen', 'public',
     'A soutenu le projet pour meubler l’espace et l’équiper en matériel informatique.',
     'https://www.agen.fr', 3),
    ('Conseil général de Lot-et-Garonne', 'public',
     'A soutenu le projet pour meubler l’espace et l’équiper en matériel informatique.',
     'https://www.lotetgaronne.fr', 4),
    ('Fondation Veolia', 'private',
     'A rejoint les partenaires publics pour meubler l’espace et l’équiper en matériel informatique.',
     'https://www.fondation.veolia.com', 5)
ON CONFLICT (space_id, name) DO NOTHING;

------------------------------------------------------------------------------
-- Site pages (CommonMark, headings from ##, no raw HTML)
------------------------------------------------------------------------------

INSERT INTO site_page (slug, title, meta_description, nav_label, nav_order, body_md)
VALUES
('accueil',
 'La Fontaine, espace de coworking coopératif à Agen',
 'La Fontaine, espace de coworking coopératif à Agen : open space, bureaux privés et salle de conférence pour indépendants, télétravailleurs et entreprises.',
 'Accueil', 1,
$md$## Travailler ensemble, au cœur d’Agen

La Fontaine est un espace de coworking installé dans le centre-ville d’Agen et animé par l’association Canti’net. On y vient pour travailler, bien sûr, mais aussi pour rompre l’isolement du travail à la maison, croiser d’autres métiers, partager ses compétences et faire grandir son activité au contact des autres.

## Pour qui ?

- les indépendants et auto-entrepreneurs : graphistes, web designers, journalistes, consultants, formateurs… ;
- les salariés en télétravail qui veulent retrouver des collègues et gagner en visibilité ;
- les consultants, agents et conseillers qui ont besoin, de temps en temps, d’un espace privé pour recevoir un client ;
- les entreprises et les organisations professionnelles qui cherchent une salle pour des entretiens, une réunion ou un lancement de produit.

## Ce que vous trouverez

Un open space où l’on s’installe à la demi-journée, au carnet ou au mois, deux bureaux privés et une salle de conférence équipée pour la visioconférence. Tout au long de l’année, des ateliers et des moments conviviaux réunissent les coworkers et leurs réseaux.

## Un lieu coopératif

La Fontaine fonctionne sur un modèle coopératif : les coworkers participent aux projets, à la vie et aux décisions du lieu, aux côtés de celles et ceux qui l’ont fondé. Des dizaines de bénévoles ont mis la main à la pâte, en apportant une table de chez eux ou en rénovant un meuble chiné dans un vide-grenier. C’est un espace fait par et pour celles et ceux qui y travaillent.

## Travailler près de chez soi

Travailler à Agen plutôt que de prendre la route chaque jour, c’est du temps gagné, moins de pollution et moins de stress. C’est aussi une façon de faire vivre le centre-ville et de donner de l’élan aux « petites » initiatives économiques du territoire.

La meilleure façon de découvrir La Fontaine ? Venir y travailler une demi-journée.
$md$),

('coworking',
 'Le coworking : travailler seul, mais pas isolé',
 'Qu’est-ce que le coworking et à qui s’adresse-t-il ? Indépendants, télétravailleurs, consultants et entreprises : découvrez comment travailler autrement à Agen.',
 'Le coworking', 2,
$md$## Qu’est-ce que le coworking ?

Le coworking, c’est partager un espace de travail et, plus encore, un réseau. Il se développe en France comme à l’étranger, porté par les outils numériques et par toutes celles et ceux qui créent leur propre emploi. L’idée est simple : permettre aux travailleurs indépendants de sortir de l’isolement et de trouver un « tiers-lieu », ni tout à fait un bureau ni tout à fait la maison, où travailler, se rencontrer et expérimenter.

Un espace de coworking est d’abord un lieu d’échanges. La diversité des profils et des parcours y crée des rencontres qu’on ne ferait pas ailleurs : un graphiste y trouve son prochain client, une formatrice un partenaire, un journaliste un sujet.

## Le coworking, c’est l’affaire de tous

- **Indépendants et auto-entrepreneurs** : graphistes, web designers, journalistes, consultants, formateurs… La Fontaine vous offre un poste de travail, un cadre professionnel et une communauté.
- **Salariés en télétravail** : le travail à domicile finit par isoler. Ici, vous retrouvez des voisins de bureau, sans les longs trajets, et vous gagnez en visibilité.
- **Consultants, agents et conseillers** : besoin ponctuel d’un espace privé pour recevoir un prospect ou un client ? La salle de conférence ou un bureau fermé vous accueillent en toute discrétion.
- **Entreprises et organisations professionnelles** : la salle de conférence partagée se prête aux entretiens avec vos équipes, vos commerciaux ou vos clients, comme aux lancements de produits.

## Travailler autrement

À La Fontaine, on partage ses compétences, on s’entraide sur les projets et on se retrouve lors d’ateliers et d’événements conviviaux. Cette façon de travailler fait naître des échanges de savoir-faire qui profitent à toute l’économie locale : c’est le pari d’une économie collaborative, ancrée dans son territoire.

Elle change aussi le quotidien : moins de trajets, moins de stress, une meilleure qualité de vie au travail, et la possibilité de concilier, enfin, l’utile et l’agréable.
$md$),

('espace',
 'L’espace : open space, bureaux privés et salle de conférence',
 'Découvrez l’espace de La Fontaine à Agen : un open space convivial, des bureaux privés pour se concentrer et une salle de conférence équipée pour vos réunions.',
 'L’espace', 3,
$md$## L’open space

C’est le cœur de La Fontaine. On s’y installe pour une demi-journée ou pour le mois, on y retrouve les habitués et on y rencontre les nouveaux venus. Chacun travaille à son rythme ; les conversations commencées à la pause se poursuivent parfois en projets communs.

Le lieu a une histoire : une bonne partie des tables et des meubles a été apportée par des bénévoles ou rénovée après avoir été dénichée dans un vide-grenier. Rien d’un plateau de bureaux standardisé, donc, mais un espace chaleureux qui ressemble à celles et ceux qui le font vivre.

## Les bureaux privés

Pour se concentrer, passer des appels ou recevoir un client en toute confidentialité, des bureaux fermés complètent l’open space. Ils se louent au mois, pour une personne seule ou une petite équipe, qui profite ainsi d’un espace à elle sans quitter la communauté des coworkers : la pause café se prend avec tout le monde.

## La salle de conférence

Partagée entre les coworkers, la salle de conférence est aussi ouverte aux entreprises, aux associations et aux organisations professionnelles. On y tient une réunion d’équipe, des entretiens avec ses commerciaux ou ses clients, une formation ou un lancement de produit. Elle est équipée pour projeter et pour la visioconférence, de quoi réunir autour de la même table des participants présents et à distance.

## Bien équipé

L’aménagement et l’équipement informatique de l’espace ont été financés grâce au soutien de nos partenaires publics et de la Fondation Veolia. Le wifi est accessible partout. La capacité et l’équipement de chaque espace sont détaillés sur cette page.

## Venir voir

Le plus simple pour se faire une idée est de passer pendant les heures d’ouverture : nous vous ferons visiter avec plaisir. Pour la salle de conférence, pensez à réserver à l’avance.
$md$),

('tarifs',
 'Tarifs du coworking, des bureaux et de la salle de conférence',
 'Tarifs de La Fontaine à Agen : demi-journée, carnet de 10 demi-journées, abonnement mensuel, bureau privé et salle de conférence, pour membres et non-membres.',
 'Tarifs', 4,
$md$## Des tarifs pensés pour les indépendants

Les tarifs de La Fontaine cherchent un juste équilibre : rendre l’espace accessible au plus grand nombre, tout en permettant à l’association de vivre de ses propres ressources. Tous les prix sont indiqués toutes taxes comprises ; l’association n’est pas assujettie à la TVA (TVA non applicable, article 293 B du Code général des impôts).

## Membre ou non-membre

La Fontaine est un lieu coopératif. En adhérant à l’association Canti’net, vous devenez membre : vous bénéficiez du tarif membre sur le coworking et sur la salle de conférence, et vous prenez part à la vie de l’association, avec une voix à l’assemblée générale. L’adhésion est annuelle.

Sans adhésion, vous êtes bien sûr le bienvenu au tarif non-membre : c’est une bonne façon de découvrir l’espace avant de vous engager.

## Le carnet de 10 demi-journées

Vous venez régulièrement, mais pas tous les jours ? Le carnet est fait pour vous. Vous l’achetez en une fois, à un prix plus avantageux que dix demi-journées à l’unité. Ensuite, chaque demi-journée passée dans l’open space, un matin ou un après-midi, est décomptée de votre carnet. Vous suivez votre solde à tout moment depuis votre espace membre.

## Au mois

Si La Fontaine devient votre bureau, l’abonnement mensuel vous donne accès à l’open space pendant toutes les heures d’ouverture. Les bureaux privés se louent, eux aussi, au mois.

## Entreprises et organisations

La salle de conférence se loue à la demi-journée ou à la journée, pour une réunion, des entretiens ou un lancement de produit. [Consultez ses disponibilités](/disponibilites/salle-de-conference) et [réservez en ligne](/reservation) : le prix s’affiche aussitôt, le devis se fait en un clic, la facture suit la location.
$md$),

('cooperative',
 'La coopérative : l’association Canti’net et son projet',
 'Canti’net, association créée à Agen en 2013 par trois travailleuses indépendantes, anime La Fontaine sur un modèle coopératif. Rejoignez le projet !',
 'La coopérative', 5,
$md$## Une association née en 2013

Canti’net est une association loi 1901 créée en avril 2013 par trois travailleuses indépendantes, avec une idée en tête : ouvrir un espace de coworking en Lot-et-Garonne. Ce projet, c’est La Fontaine, installée dans le centre-ville d’Agen.

## Le choix du modèle coopératif

Il existe bien des façons de faire vivre un espace de coworking : la franchise, qui fonctionne comme une entreprise classique ; le modèle communautaire, qui demande un fort engagement des usagers ; et le modèle coopératif, qui associe porteurs du projet et coworkers aux projets, à la vie et à la gouvernance du lieu. Canti’net a choisi ce dernier. Ici, les coworkers ne sont pas de simples clients : ils proposent des ateliers, prennent part aux décisions et construisent le lieu avec nous.

## Un projet pour le territoire

Notre territoire, en grande partie rural, est durement touché par le chômage et la précarité. La Fontaine veut contribuer à une nouvelle organisation du travail en donnant de l’élan aux « petites » initiatives économiques, en évitant des trajets longs et polluants et en améliorant la qualité de vie au travail. L’association encourage les projets de développement et la collaboration entre coworkers, et fait une large place aux rencontres et aux événements.

## Des bénévoles engagés

La Fontaine doit beaucoup à des dizaines de bénévoles qui s’investissent personnellement : l’un a apporté une table de chez lui, une autre a rénové un meuble trouvé dans un vide-grenier, d’autres ont mis leurs compétences en gestion et en informatique au service de l’équipement du lieu.

## Participer

Vous pouvez adhérer à l’association, proposer un atelier, partager un savoir-faire, donner un coup de main lors d’un événement ou simplement venir à l’assemblée générale. Toutes les bonnes volontés sont les bienvenues.

## Vers l’équilibre économique

Canti’net vise la viabilité économique de l’espace et l’équilibre de ses financements entre ressources publiques, ressources privées et recettes propres, en réduisant progressivement la part publique. Un poste de chargé·e de développement a été créé pour animer le lieu et accueillir les coworkers, avec un objectif de 200 utilisations par mois : demi-journées en open space, locations de bureaux ou de la salle de conférence.
$md$),

('partenaires',
 'Nos partenaires : ils soutiennent La Fontaine',
 'Fonds social européen, Région, Ville d’Agen, Département de Lot-et-Garonne et Fondation Veolia : les partenaires qui ont permis l’ouverture de La Fontaine.',
 'Partenaires', 6,
$md$## Ils ont rendu La Fontaine possible

La Fontaine est d’abord née de l’engagement de ses fondatrices, qui ont elles-mêmes avancé les premiers fonds du projet. Elle doit aussi beaucoup à des partenaires publics et privés qui ont cru à l’idée d’un espace de coworking coopératif au cœur d’Agen.

Le Fonds social européen a financé les premiers mois d’activité de l’association. Le Conseil régional d’Aquitaine, la Ville d’Agen et le Conseil général de Lot-et-Garonne ont apporté leur soutien, rejoints par la Fondation Veolia, pour meubler l’espace et l’équiper en matériel informatique.

## Pourquoi ce soutien ?

Des dispositifs régionaux et européens accompagnent la création de lieux comme le nôtre, parce qu’ils stimulent l’activité économique locale, encouragent la création d’entreprise et évitent des allers-retours quotidiens, sources de pollution et de stress. La Fontaine contribue aussi à redonner de la vie au centre-ville d’Agen.

## Vers plus d’autonomie

Ce soutien a permis de lancer le projet ; il n’a pas vocation à le porter indéfiniment. Canti’net s’est fixé pour objectif de réduire progressivement la part des financements publics, grâce aux adhésions, aux usages de l’espace et à des partenariats privés.

## Devenir partenaire

Entreprise, fondation, collectivité ou organisation professionnelle : vous souhaitez soutenir un lieu qui favorise l’emploi et la création d’activité en Lot-et-Garonne ? Équipement, événement, mécénat de compétences : parlons-en. Écrivez-nous, nous serons heureux de vous présenter le projet et de vous faire visiter l’espace.
$md$),

('contact',
 'Contact et accès : venir à La Fontaine, dans le centre d’Agen',
 'Comment venir à La Fontaine, dans le centre-ville d’Agen : à pied depuis la gare, en bus, à vélo ou en voiture. Écrivez-nous grâce au formulaire de contact.',
 'Contact et accès', 7,
$md$## Nous trouver

La Fontaine se trouve au 12 rue Montesquieu, dans le centre-ville d’Agen, à proximité des commerces, des cafés et des restaurants. Vous pouvez passer nous voir pendant les heures d’ouverture : nous vous ferons visiter l’espace avec plaisir.

## À pied depuis la gare

La gare d’Agen est à environ un quart d’heure à pied. En sortant de la gare, suivez simplement la direction du centre-ville. Si vous venez en train pour une réunion dans la salle de conférence, c’est souvent le plus simple.

## En bus

Plusieurs lignes du réseau de bus de l’agglomération d’Agen desservent le centre-ville. Consultez les horaires et les itinéraires sur le site du réseau avant votre venue.

## À vélo

Le centre-ville se parcourt facilement à vélo, et des arceaux de stationnement se trouvent dans les rues voisines.

## En voiture

Le stationnement en surface est limité dans le centre-ville. Plusieurs parkings publics payants se trouvent à quelques minutes à pied. Si vous organisez un événement dans la salle de conférence, pensez à prévenir vos invités et à leur proposer le covoiturage.

## Accessibilité

Pour toute question sur l’accès à l’espace, notamment pour une personne à mobilité réduite, contactez-nous avant votre venue : nous trouverons ensemble la meilleure solution.

## Nous écrire

Une question sur le coworking, une demande de devis pour la salle de conférence, une envie de participer à la vie de l’association ? Utilisez le formulaire de contact de cette page. Indiquez votre numéro de téléphone si vous préférez être rappelé. Nous vous répondons dans les meilleurs délais.
$md$),

('mentions-legales',
 'Mentions légales',
 'Mentions légales du site de La Fontaine, espace de coworking à Agen : éditeur, directrice de la publication, hébergeur, propriété intellectuelle et cookies.',
 NULL, NULL,
$md$## Éditeur du site

Ce site est édité par l’association Canti’net, association loi 1901, qui gère l’espace de coworking La Fontaine.

- Siège : 12 rue Montesquieu, 47000 Agen
- Numéro RNA : W471001234
- SIREN : 123 456 782
- Courriel : contact@lafontaine-agen.example
- Téléphone : 05 36 49 20 14

L’association n’est pas assujettie à la TVA (article 293 B du Code général des impôts).

## Directrice de la publication

Isabelle Caire, pour l’association Canti’net.

## Hébergement

Le site est hébergé par : Hébergeur de démonstration (à renseigner), 1 rue de l’Exemple, 47000 Agen (à renseigner).

## Propriété intellectuelle

Les textes, photographies, logos et éléments graphiques de ce site sont la propriété de l’association Canti’net ou de leurs auteurs respectifs. Toute reproduction, représentation ou diffusion, totale ou partielle, sans autorisation écrite préalable est interdite, sauf courte citation mentionnant la source. Les liens vers ce site sont les bienvenus, à condition de ne pas l’afficher à l’intérieur d’un autre site.

## Cookies

Ce site ne dépose aucun cookie de mesure d’audience, de publicité ou de suivi, et n’intègre aucun service tiers qui le ferait. Le seul cookie utilisé est un cookie de session, strictement nécessaire, déposé lorsqu’un membre se connecte à son espace personnel ; il disparaît à la déconnexion ou à l’expiration de la session. Il est exempté de consentement au titre de l’article 82 de la loi Informatique et Libertés.

## Données personnelles

Le traitement de vos données personnelles, notamment celles du formulaire de contact et des comptes membres, est décrit dans notre politique de confidentialité, accessible depuis le pied de page.

## Responsabilité

L’association s’efforce de tenir à jour les informations publiées, notamment les tarifs et les horaires, mais ne peut garantir l’absence d’erreur. N’hésitez pas à nous signaler toute inexactitude.
$md$),

('confidentialite',
 'Politique de confidentialité',
 'Comment l’association Canti’net traite vos données personnelles : données collectées, durées de conservation, finalités, destinataires et vos droits.',
 NULL, NULL,
$md$## Responsable du traitement

Les données personnelles collectées sur ce site sont traitées par l’association Canti’net, 12 rue Montesquieu, 47000 Agen, joignable à l’adresse contact@lafontaine-agen.example.

## Données collectées et durées de conservation

- **Messages du formulaire de contact** : nom, adresse électronique, téléphone (facultatif), objet, message et adresse IP d’envoi. Conservés 12 mois.
- **Comptes membres** : identité, coordonnées, adhésion, formule choisie, réservations et utilisations de l’espace. Conservés pendant la durée de l’adhésion, puis 3 ans.
- **Factures** : conservées 10 ans, comme l’impose le Code de commerce.
- **Journaux techniques** du serveur (adresse IP, date, page demandée) : conservés 1 an, pour la sécurité du site.
- **Cookies** : un unique cookie de session, strictement nécessaire à la connexion des membres. Aucun cookie de mesure d’audience, de publicité ou de suivi.

## Finalités et bases légales

- Répondre à vos messages : notre intérêt légitime à répondre aux personnes qui nous écrivent, ou les mesures précontractuelles que vous demandez (devis).
- Gérer les adhésions, les réservations et l’espace membre : l’exécution du contrat qui nous lie (adhésion, réservation).
- Établir et conserver les factures : une obligation légale.
- Assurer la sécurité du site : notre intérêt légitime et nos obligations légales.

Vos données ne sont jamais vendues ni utilisées à des fins publicitaires.

## Destinataires

Seules les personnes habilitées de l’association (la personne chargée du développement et les bénévoles qui en ont besoin) accèdent à vos données. Notre hébergeur les stocke pour notre compte ; les factures peuvent être transmises à notre expert-comptable. Aucune donnée n’est transférée hors de l’Union européenne.

## Vos droits

Vous disposez d’un droit d’accès, de rectification, d’effacement, de limitation, de portabilité et d’opposition sur vos données. Pour les exercer, écrivez-nous à contact@lafontaine-agen.example en précisant votre demande. Nous vous répondrons dans un délai d’un mois.

## Réclamation

Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l’informatique et des libertés (CNIL) : [www.cnil.fr](https://www.cnil.fr).
$md$),

('statuts',
 'Statuts et règlement intérieur de l’association Canti’net',
 'Résumé des statuts de l’association Canti’net et du règlement intérieur de La Fontaine, à lire avant d’adhérer et de venir travailler dans l’espace.',
 NULL, NULL,
$md$Adhérer à Canti’net, c’est accepter ses statuts et le règlement intérieur de l’espace. En voici l’essentiel ; les textes complets sont affichés à La Fontaine et envoyés sur simple demande.

## Les statuts en bref

- **Forme et nom** : Canti’net est une association régie par la loi du 1er juillet 1901, créée en avril 2013, dont le siège est à Agen.
- **Objet** : créer et animer en Lot-et-Garonne un espace de coworking coopératif, La Fontaine, pour favoriser l’emploi, la création d’activité, la collaboration entre travailleurs et la vitalité du centre-ville d’Agen.
- **Membres** : toute personne qui adhère aux statuts et verse la cotisation annuelle. La qualité de membre se perd par démission, par défaut de cotisation ou par radiation pour motif grave, après que la personne a été invitée à s’expliquer.
- **Gouvernance coopérative** : l’assemblée générale réunit tous les membres au moins une fois par an ; chaque membre y dispose d’une voix. Elle élit le conseil d’administration, où siègent aussi des coworkers, et approuve les comptes.
- **Ressources** : cotisations, recettes des activités de l’espace, subventions, dons et mécénat.

## Le règlement intérieur en bref

- **Respect et bienveillance** : La Fontaine est un lieu partagé. On y respecte les autres, leur travail et leur tranquillité.
- **Calme dans l’open space** : les appels longs et les réunions se font dans la salle de conférence, un bureau privé ou à l’extérieur.
- **Réservations** : on réserve sa place, un bureau ou la salle depuis son espace membre, et on annule dès que possible pour laisser la place aux autres.
- **Matériel** : une grande partie du mobilier a été apportée ou rénovée par des bénévoles ; on en prend soin et on signale tout dégât.
- **Propreté** : chacun laisse son poste et les espaces communs comme il aimerait les trouver.
- **Invités** : les coworkers peuvent recevoir des visiteurs, qu’ils accueillent et accompagnent.
- **Internet** : l’accès wifi est réservé à un usage conforme à la loi ; chacun est responsable de son usage.
- **Discrétion** : ce que l’on voit ou entend du travail des autres reste confidentiel.

Un manquement grave ou répété au règlement peut conduire à une exclusion, dans les conditions prévues par les statuts.
$md$)
ON CONFLICT (space_id, slug) DO NOTHING;
