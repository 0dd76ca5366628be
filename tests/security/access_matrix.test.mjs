// access_matrix.test.mjs: the access-control matrix. Every route of every program's route table
// (cgi/*/main.c), listed below as data with the least role it needs, is requested as a visitor,
// a member, a staff member (not admin) and an admin, logged in through the login form, by GET
// and by POST (with a valid CSRF token: a refusal is a refusal of the role, not of the form).
// Refused: a visitor's GET gets 303 to the login page, a visitor's POST and a lesser role 403.
// Allowed: the handler runs (not 403/404/405, not the login page, never 5xx). Refusals use ids
// of real demo objects; allowed POSTs that would destroy shared data use objects this test
// creates (or a form the handler rejects). An unknown object gives 404 to an allowed role, and
// a method a route does not take gives 405. A first test parses the C route tables and fails
// when a route exists there but not here (or here but not there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { request, psql, hidden, freshAddr, formBody, SRC } from '../integration/lib.mjs';

const PASSWORD = 'fontaine-demo-2026';
const ADMIN_EMAIL = 'equipe@lafontaine-agen.example';
const MEMBER_EMAIL = 'membre@lafontaine-agen.example';
const ROLES = ['visitor', 'member', 'staff', 'admin'];
const RANK = { public: 0, visitor: 0, member: 1, staff: 2, admin: 3 };
const UNKNOWN = '987654321';

// ---- the matrix ------------------------------------------------------------------------------
// [method, pattern, least role, {real, own, form, fresh, unknown, allowed}]
//   real(f): the path with ids of real demo objects (refusals, and allowed roles without own);
//   own(f, role): the path an allowed role POSTs to, when the real object must not be changed;
//   form: the fields an allowed role sends (besides csrf), chosen so nothing shared is destroyed;
//   fresh: the request ends the session: sent last, from a session of its own;
//   unknown: the path of the 404 probe; false for none (the parameter is not an object, or the
//     handler checks the form before it looks the object up: an empty form gets its 4xx first);
//   allowed: the statuses an allowed role may get, when the default rule does not fit.
const R = (method, pattern, role, o = {}) => ({ method, pattern, role, ...o });
// Pages reached through a token mailed to the person: without one the handler answers 404.
const TOKEN_GET = { allowed: [200, 404] };
const TOKEN_POST = { allowed: [303, 400, 404, 422] };
// The API's answers for a key: a session is no key (401); a form is not JSON (415).
const API_KEYED = { allowed: [401], unknown: false };
const API_FORM = { allowed: [415], unknown: false };

const MATRIX = [
  // site
  R('GET', '/', 'public'), R('GET', '/coworking', 'public'), R('GET', '/espace', 'public'),
  R('GET', '/tarifs', 'public'), R('GET', '/cooperative', 'public'), R('GET', '/partenaires', 'public'),
  R('GET', '/mentions-legales', 'public'), R('GET', '/confidentialite', 'public'), R('GET', '/statuts', 'public'),
  R('GET', '/contact', 'public'), R('POST', '/contact', 'public'), R('GET', '/contact/merci', 'public'),
  R('GET', '/sitemap.xml', 'public'), R('GET', '/robots.txt', 'public'),
  R('GET', '/reseau', 'public'),
  // signup
  R('GET', '/adhesion', 'public'), R('POST', '/adhesion', 'public'), R('GET', '/adhesion/envoyee', 'public'),
  R('GET', '/adhesion/confirmer', 'public'), R('POST', '/adhesion/confirmer', 'public'),
  R('GET', '/connexion', 'public'), R('POST', '/connexion', 'public'),
  R('POST', '/deconnexion', 'public', { fresh: true }),
  R('GET', '/mot-de-passe-oublie', 'public'), R('POST', '/mot-de-passe-oublie', 'public'),
  R('GET', '/mot-de-passe/nouveau', 'public'), R('POST', '/mot-de-passe/nouveau', 'public'),
  R('GET', '/compte', 'member'), R('GET', '/compte/profil', 'member'),
  R('POST', '/compte/profil', 'member'), R('POST', '/compte/newsletter', 'member', { form: { newsletter: 'x', choix: 'x' } }),
  R('GET', '/compte/donnees.json', 'member'), R('GET', '/compte/donnees', 'member'), R('POST', '/compte/fermeture', 'member'),
  R('GET', '/compte/profil-annuaire', 'member'), R('POST', '/compte/profil-annuaire', 'member', { allowed: [422] }),
  R('POST', '/compte/profil-annuaire/retirer', 'member', { allowed: [303] }),
  R('GET', '/annuaire', 'public'),
  R('GET', '/annuaire/photo/{}', 'public', { real: () => '/annuaire/photo/1', allowed: [200, 404], unknown: `/annuaire/photo/${UNKNOWN}` }),
  R('POST', '/compte/deconnexion-partout', 'member', { fresh: true, allowed: [303] }), R('POST', '/compte/email', 'member'),
  R('POST', '/compte/agenda', 'member', { allowed: [200] }), R('POST', '/compte/agenda/supprimer', 'member', { allowed: [303] }),
  R('GET', '/compte/email/confirmer', 'public'), R('POST', '/compte/email/confirmer', 'public'),
  R('GET', '/compte/mot-de-passe', 'member'), R('POST', '/compte/mot-de-passe', 'member', { allowed: [303, 400, 422, 429] }),
  // The member's own membership (cgi/signup/membership.c): without the confirmation field the
  // renewal request is refused (422), so nothing changes; a formula not one's own is 404.
  R('GET', '/compte/adhesion/renouveler', 'member'),
  R('POST', '/compte/adhesion/renouveler', 'member', { allowed: [422] }),
  R('POST', '/compte/formules/{}/arreter', 'member', { real: (f) => `/compte/formules/${f.staff.formula}/arreter`, allowed: [404] }),
  R('GET', '/compte/double-authentification', 'staff'),
  R('POST', '/compte/double-authentification', 'staff', { allowed: [303, 400, 409, 422] }),
  R('POST', '/compte/double-authentification/desactiver', 'staff', { allowed: [303, 400, 409, 422] }),
  R('POST', '/connexion/code', 'public', { allowed: [303, 400, 404, 410, 422] }),
  R('POST', '/connexion/deblocage', 'public', { allowed: [303, 400, 422, 429] }),
  // Without a valid unlock link (or a pending second step) these pages answer 410.
  R('GET', '/connexion/debloquer', 'public', { allowed: [200, 404, 410] }),
  R('POST', '/connexion/debloquer', 'public', { allowed: [303, 400, 404, 410, 422] }),
  // events
  R('GET', '/evenements', 'public'), R('GET', '/evenements/archives', 'public'),
  R('GET', '/evenements/annulation', 'public', TOKEN_GET), R('POST', '/evenements/annulation', 'public', TOKEN_POST),
  R('GET', '/evenements/{}', 'public', { real: (f) => `/evenements/${f.eventSlug}`, unknown: '/evenements/inconnu-xyz' }),
  R('POST', '/evenements/{}/inscription', 'public', { real: (f) => `/evenements/${f.eventSlug}/inscription`, unknown: '/evenements/inconnu-xyz/inscription' }),
  R('GET', '/evenements/{}/inscription', 'public', { real: (f) => `/evenements/${f.eventSlug}/inscription`, unknown: false }),
  // feed
  R('GET', '/evenements.rss', 'public'), R('GET', '/evenements.ics', 'public'),
  R('GET', '/evenements/{}.rss', 'public', { real: (f) => `/evenements/${f.eventCategory}.rss`, unknown: '/evenements/inconnue.rss' }),
  R('GET', '/evenements/{}.ics', 'public', { real: (f) => `/evenements/${f.eventSlug}.ics`, unknown: '/evenements/inconnu-xyz.ics' }),
  // A member's personal calendar: the secret token is the only key (an unknown one is a 404).
  R('GET', '/agenda/{}.ics', 'public', { real: () => '/agenda/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', allowed: [404], unknown: false }),
  R('GET', '/reseau/evenements.rss', 'public'), R('GET', '/reseau/evenements.ics', 'public'),
  // booking
  R('GET', '/disponibilites', 'public'),
  R('GET', '/disponibilites/{}.ics', 'public', { real: () => '/disponibilites/salle-de-conference.ics', unknown: '/disponibilites/inconnue.ics' }),
  R('GET', '/disponibilites/{}', 'public', { real: () => '/disponibilites/salle-de-conference', unknown: '/disponibilites/inconnue' }),
  R('GET', '/reservation', 'public'), R('POST', '/reservation', 'public'),
  R('GET', '/reservation/gerer', 'public', TOKEN_GET), R('POST', '/reservation/gerer/annuler', 'public', TOKEN_POST),
  R('POST', '/reservation/gerer/modifier', 'public', TOKEN_POST),
  R('GET', '/reservation/devis', 'public', TOKEN_GET), R('GET', '/reservation/devis.css', 'public'),
  R('GET', '/reservation/confirmer', 'public', { allowed: [200, 404, 410] }),
  R('POST', '/reservation/confirmer', 'public', { allowed: [303, 400, 404, 409, 410, 422] }),
  R('GET', '/mes-reservations', 'member'), R('POST', '/mes-reservations', 'member'),
  R('POST', '/mes-reservations/{}/annuler', 'member', { real: (f) => `/mes-reservations/${f.deskBooking}/annuler`, allowed: [303, 404, 409, 422], unknown: false }),
  R('GET', '/mes-reservations/{}.ics', 'member', { real: (f) => `/mes-reservations/${f.deskBooking}.ics`, allowed: [200, 404], unknown: `/mes-reservations/${UNKNOWN}.ics` }),
  R('GET', '/mes-reservations/{}/gerer', 'member', { real: (f) => `/mes-reservations/${f.roomBooking}/gerer`, allowed: [303, 404], unknown: `/mes-reservations/${UNKNOWN}/gerer` }),
  R('GET', '/admin/accueil', 'staff'), R('POST', '/admin/accueil/arrivee', 'staff'),
  R('POST', '/admin/accueil/absent', 'staff'), R('POST', '/admin/accueil/visiteur', 'staff'),
  R('POST', '/admin/accueil/correction', 'staff'),
  R('POST', '/admin/reservations/baux/{}/fin', 'staff', { real: () => '/admin/reservations/baux/1/fin', unknown: false }),
  R('GET', '/admin/reservations', 'staff'), R('GET', '/admin/reservations/baux', 'staff'),
  R('POST', '/admin/reservations/baux', 'staff'),
  R('POST', '/admin/reservations/{}/reponse', 'staff', { real: (f) => `/admin/reservations/${f.roomBooking}/reponse`, form: { reponse: 'x' }, unknown: false }),
  // invoice
  R('GET', '/admin/factures', 'staff'), R('GET', '/admin/factures/nouvelle', 'staff'),
  R('POST', '/admin/factures/nouvelle', 'staff'), R('GET', '/admin/factures/retards', 'staff'),
  R('GET', '/admin/factures/mensuel', 'staff'), R('POST', '/admin/factures/mensuel', 'staff', { form: { mois: '2000-01' } }),
  R('POST', '/admin/factures/mensuel/emettre', 'staff', { form: { mois: '2000-01' } }),
  R('GET', '/admin/factures/verification', 'staff'), R('GET', '/admin/factures/clotures', 'staff'),
  R('POST', '/admin/factures/clotures', 'staff', { form: { type: 'x', periode: 'x' } }),
  R('GET', '/admin/factures/clotures/{}.json', 'staff', { real: (f) => `/admin/factures/clotures/${f.closing}.json`, unknown: `/admin/factures/clotures/${UNKNOWN}.json` }),
  R('GET', '/admin/factures/fec', 'staff'), R('GET', '/admin/factures/journal.csv', 'staff'),
  R('GET', '/admin/factures/sepa', 'staff'), R('POST', '/admin/factures/sepa', 'staff'),
  R('GET', '/admin/factures/sepa/lots/{}', 'staff', { real: () => `/admin/factures/sepa/lots/${UNKNOWN}`, allowed: [404], unknown: false }),
  R('GET', '/admin/factures/sepa/lots/{}.xml', 'staff', { real: () => `/admin/factures/sepa/lots/${UNKNOWN}.xml`, allowed: [404], unknown: false }),
  R('POST', '/admin/factures/sepa/lots', 'staff', { allowed: [303, 400, 409, 422] }),
  R('POST', '/admin/factures/sepa/lots/{}/reglement', 'staff', { real: () => `/admin/factures/sepa/lots/${UNKNOWN}/reglement`, allowed: [404, 409, 422], unknown: false }),
  R('POST', '/admin/factures/sepa/lots/{}/rejet', 'staff', { real: () => `/admin/factures/sepa/lots/${UNKNOWN}/rejet`, allowed: [404, 409, 422], unknown: false }),
  R('GET', '/admin/factures/{}.pdf', 'staff', { real: (f) => `/admin/factures/${f.issued}.pdf`, unknown: `/admin/factures/${UNKNOWN}.pdf` }),
  R('GET', '/admin/factures/{}', 'staff', { real: (f) => `/admin/factures/${f.issued}` }),
  R('POST', '/admin/factures/{}/lignes', 'staff', { real: (f) => `/admin/factures/${f.draft}/lignes` }),
  R('POST', '/admin/factures/{}/lignes/{}/supprimer', 'staff', { real: (f) => `/admin/factures/${f.draft}/lignes/${f.draftLine}/supprimer`,
    own: (f, role) => `/admin/factures/${f[role].draft}/lignes/${f[role].draftLine}/supprimer`,
    unknown: (f) => `/admin/factures/${f.draft}/lignes/${UNKNOWN}/supprimer` }),
  R('POST', '/admin/factures/{}/remises', 'staff', { real: (f) => `/admin/factures/${f.draft}/remises` }),
  R('POST', '/admin/factures/{}/remises/{}/supprimer', 'staff', { real: (f) => `/admin/factures/${f.draft}/remises/d${UNKNOWN}/supprimer`,
    own: (f, role) => `/admin/factures/${f[role].draft}/remises/d${f[role].draftAc}/supprimer`,
    unknown: (f) => `/admin/factures/${f.draft}/remises/l${UNKNOWN}/supprimer` }),
  R('POST', '/admin/factures/{}/supprimer', 'staff', { real: (f) => `/admin/factures/${f.draft}/supprimer`, own: (f, role) => `/admin/factures/${f[role].draft2}/supprimer` }),
  R('POST', '/admin/factures/{}/emettre', 'staff', { real: (f) => `/admin/factures/${f.draft}/emettre`, own: (f) => `/admin/factures/${f.issued}/emettre` }),
  R('POST', '/admin/factures/{}/paiements', 'staff', { real: (f) => `/admin/factures/${f.issued}/paiements` }),
  // Without a reason the reversal is refused (422) before the payment is looked up.
  R('POST', '/admin/factures/{}/paiements/{}/annuler', 'staff', { real: (f) => `/admin/factures/${f.issued}/paiements/${UNKNOWN}/annuler`,
    allowed: [404, 409, 422], unknown: false }),
  R('POST', '/admin/factures/{}/avoir', 'staff', { real: (f) => `/admin/factures/${f.issued}/avoir`, own: (f) => `/admin/factures/${f.draft}/avoir` }),
  R('POST', '/admin/factures/{}/relance', 'staff', { real: (f) => `/admin/factures/${f.issued}/relance`, unknown: false }),
  R('GET', '/factures', 'member'),
  R('GET', '/factures/{}.pdf', 'public', { real: (f) => `/factures/${f.issuedToken}.pdf`, unknown: '/factures/AAAAAAAAAAAAAAAAAAAAAAAA.pdf' }),
  R('GET', '/factures/{}.xml', 'public', { real: (f) => `/factures/${f.issuedToken}.xml`, unknown: '/factures/AAAAAAAAAAAAAAAAAAAAAAAA.xml' }),
  R('GET', '/factures/{}/paiements', 'public', { real: (f) => `/factures/${f.issuedToken}/paiements`, unknown: '/factures/AAAAAAAAAAAAAAAAAAAAAAAA/paiements' }),
  R('GET', '/factures/{}', 'public', { real: (f) => `/factures/${f.issuedToken}`, unknown: '/factures/AAAAAAAAAAAAAAAAAAAAAAAA' }),
  // admin
  R('GET', '/admin', 'staff'), R('GET', '/admin/tableau-de-bord', 'staff'),
  R('GET', '/admin/tableau-de-bord/{}.csv', 'staff', { real: () => '/admin/tableau-de-bord/recettes.csv', unknown: '/admin/tableau-de-bord/inconnu.csv' }),
  R('POST', '/admin/tableau-de-bord/objectif', 'staff'), R('GET', '/admin/evenements-a-venir', 'staff'),
  // The network admin's pages (the demo admin is one: an admin of no space in particular); an
  // empty form is refused (422) before anything changes.
  R('GET', '/admin/reseau', 'admin'), R('GET', '/admin/lieux', 'admin'),
  R('GET', '/admin/lieux/nouveau', 'admin'), R('POST', '/admin/lieux/nouveau', 'admin', { allowed: [422] }),
  R('GET', '/admin/lieux/{}', 'admin', { real: (f) => `/admin/lieux/${f.space}` }),
  R('POST', '/admin/lieux/{}', 'admin', { real: (f) => `/admin/lieux/${f.space}`, allowed: [422] }),
  R('POST', '/admin/lieux/{}/equipe', 'admin', { real: (f) => `/admin/lieux/${f.space}/equipe`, allowed: [422] }),
  R('POST', '/admin/lieux/{}/equipe/{}/retirer', 'admin', { real: (f) => `/admin/lieux/${f.space}/equipe/${UNKNOWN}/retirer`,
    allowed: [404], unknown: false }),
  R('GET', '/admin/api', 'admin'), R('POST', '/admin/api', 'admin', { allowed: [422] }),
  R('GET', '/admin/api/{}', 'admin', { real: (f) => `/admin/api/${f.apiKey}` }),
  R('POST', '/admin/api/{}/revoquer', 'admin', { real: (f) => `/admin/api/${f.apiKey}/revoquer`, allowed: [303, 404] }),
  // Webhooks (admins): an empty form is refused (422) before anything changes.
  R('GET', '/admin/webhooks', 'admin'), R('GET', '/admin/webhooks/nouveau', 'admin'),
  R('POST', '/admin/webhooks/nouveau', 'admin', { allowed: [422] }),
  R('GET', '/admin/webhooks/{}', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}` }),
  R('POST', '/admin/webhooks/{}', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}`, allowed: [422] }),
  R('POST', '/admin/webhooks/{}/desactiver', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}/desactiver`,
    own: (f, role) => `/admin/webhooks/${f[role].webhook}/desactiver` }),
  R('POST', '/admin/webhooks/{}/reactiver', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}/reactiver`,
    own: (f, role) => `/admin/webhooks/${f[role].webhook}/reactiver`, allowed: [303, 404] }),
  R('POST', '/admin/webhooks/{}/rotation', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}/rotation`,
    own: (f, role) => `/admin/webhooks/${f[role].webhook2}/rotation` }),
  R('POST', '/admin/webhooks/{}/envois/{}/renvoyer', 'admin', { real: (f) => `/admin/webhooks/${f.webhook}/envois/${UNKNOWN}/renvoyer`,
    allowed: [404], unknown: false }),
  R('GET', '/admin/evenements', 'staff'), R('GET', '/admin/evenements/nouveau', 'staff'),
  R('POST', '/admin/evenements/nouveau', 'staff'),
  R('GET', '/admin/evenements/{}', 'staff', { real: (f) => `/admin/evenements/${f.event}` }),
  R('POST', '/admin/evenements/{}', 'staff', { real: (f) => `/admin/evenements/${f.event}` }),
  R('POST', '/admin/evenements/{}/publier', 'staff', { real: (f) => `/admin/evenements/${f.draftEvent}/publier`, own: (f, role) => `/admin/evenements/${f[role].event}/publier` }),
  R('POST', '/admin/evenements/{}/annuler', 'staff', { real: (f) => `/admin/evenements/${f.event}/annuler`, own: (f, role) => `/admin/evenements/${f[role].event}/annuler` }),
  R('POST', '/admin/evenements/{}/supprimer', 'staff', { real: (f) => `/admin/evenements/${f.event}/supprimer`, own: (f, role) => `/admin/evenements/${f[role].event2}/supprimer` }),
  R('GET', '/admin/evenements/{}/inscriptions', 'staff', { real: (f) => `/admin/evenements/${f.event}/inscriptions` }),
  R('GET', '/admin/financements', 'staff'), R('GET', '/admin/financements/nouveau', 'staff'),
  R('POST', '/admin/financements/nouveau', 'staff'),
  R('GET', '/admin/financements/{}', 'staff', { real: (f) => `/admin/financements/${f.funding}` }),
  R('POST', '/admin/financements/{}', 'staff', { real: (f) => `/admin/financements/${f.funding}`, unknown: false }),
  R('POST', '/admin/financements/{}/supprimer', 'staff', { real: (f) => `/admin/financements/${f.funding}/supprimer`, own: (f, role) => `/admin/financements/${f[role].funding}/supprimer` }),
  R('GET', '/admin/impression.css', 'staff'),
  R('GET', '/admin/membres', 'staff'), R('GET', '/admin/membres/renouvellements', 'staff'),
  R('GET', '/admin/membres/assemblee', 'staff'),
  R('GET', '/admin/membres/{}', 'staff', { real: (f) => `/admin/membres/${f.admin}` }),
  R('POST', '/admin/membres/{}', 'staff', { real: (f) => `/admin/membres/${f.admin}`, own: (f, role) => `/admin/membres/${f[role].person}` }),
  R('POST', '/admin/membres/{}/desactiver', 'staff', { real: (f) => `/admin/membres/${f.member}/desactiver`, own: (f, role) => `/admin/membres/${f[role].person}/desactiver`, unknown: false }),
  R('POST', '/admin/membres/{}/role', 'admin', { real: (f) => `/admin/membres/${f.member}/role`, own: (f, role) => `/admin/membres/${f[role].person}/role`, unknown: false }),
  // The membership lifecycle (cgi/admin/memberships.c): allowed roles act on this test's own
  // scratch person, or send a form the handler refuses before anything changes.
  R('POST', '/admin/membres/{}/adhesion', 'staff', { real: (f) => `/admin/membres/${f.member}/adhesion`, own: (f, role) => `/admin/membres/${f[role].renewee}/adhesion`, allowed: [303, 409] }),
  R('POST', '/admin/membres/{}/formule', 'staff', { real: (f) => `/admin/membres/${f.member}/formule` }),
  R('GET', '/admin/adhesions', 'staff'),
  R('POST', '/admin/adhesions/formules/{}/activer', 'staff', { real: (f) => `/admin/adhesions/formules/${f.staff.formula}/activer`, form: { debut: 'x' } }),
  R('POST', '/admin/adhesions/formules/{}/refuser', 'staff', { real: (f) => `/admin/adhesions/formules/${f.staff.formula}/refuser` }),
  R('POST', '/admin/adhesions/formules/{}/modifier', 'staff', { real: (f) => `/admin/adhesions/formules/${f.staff.formula}/modifier`, unknown: false }),
  R('POST', '/admin/adhesions/adhesions/{}/activer', 'staff', { real: (f) => `/admin/adhesions/adhesions/${f.staff.membership}/activer`, allowed: [409] }),
  R('POST', '/admin/adhesions/adhesions/{}/refuser', 'staff', { real: (f) => `/admin/adhesions/adhesions/${f.staff.membership}/refuser` }),
  R('POST', '/admin/adhesions/rappels', 'staff'), R('POST', '/admin/adhesions/carnet', 'staff'),
  R('GET', '/admin/membres/{}/export.json', 'staff', { real: (f) => `/admin/membres/${f.member}/export.json` }),
  R('POST', '/admin/membres/{}/effacer', 'staff', { real: (f) => `/admin/membres/${f.member}/effacer`, own: (f, role) => `/admin/membres/${f[role].person}/effacer`, allowed: [422], unknown: false }),
  R('GET', '/admin/rgpd', 'staff'), R('POST', '/admin/rgpd/nettoyage', 'staff'),
  R('GET', '/admin/journal', 'staff'), R('GET', '/admin/contenu', 'staff'),
  R('GET', '/admin/contenu/pages/{}', 'staff', { real: () => '/admin/contenu/pages/accueil', unknown: '/admin/contenu/pages/inconnue' }),
  R('POST', '/admin/contenu/pages/{}', 'staff', { real: () => '/admin/contenu/pages/accueil', unknown: false }),
  R('GET', '/admin/contenu/tarifs', 'staff'),
  R('POST', '/admin/contenu/tarifs/{}', 'staff', { real: () => '/admin/contenu/tarifs/half_day', unknown: false }),
  R('GET', '/admin/contenu/horaires', 'staff'),
  R('POST', '/admin/contenu/organisation/banque', 'admin', { allowed: [303, 400, 422] }),
  R('POST', '/admin/contenu/horaires', 'staff', { form: { j1_debut1: 'x', j1_fin1: 'y' } }),
  R('POST', '/admin/contenu/fermetures', 'staff'),
  R('POST', '/admin/contenu/fermetures/{}/supprimer', 'staff', { real: (f) => `/admin/contenu/fermetures/${f.closure}/supprimer`, own: (f, role) => `/admin/contenu/fermetures/${f[role].closure}/supprimer` }),
  R('GET', '/admin/contenu/organisation', 'admin'), R('POST', '/admin/contenu/organisation', 'admin'),
  R('GET', '/admin/contenu/financeurs', 'staff'), R('POST', '/admin/contenu/financeurs', 'staff'),
  R('POST', '/admin/contenu/financeurs/{}', 'staff', { real: (f) => `/admin/contenu/financeurs/${f.funder}`, own: (f, role) => `/admin/contenu/financeurs/${f[role].funder}`, unknown: false }),
  R('POST', '/admin/contenu/financeurs/{}/supprimer', 'staff', { real: (f) => `/admin/contenu/financeurs/${f.funder}/supprimer`, own: (f, role) => `/admin/contenu/financeurs/${f[role].funder2}/supprimer` }),
  R('GET', '/admin/lettre', 'staff'), R('POST', '/admin/lettre', 'staff'),
  R('GET', '/desinscription', 'public'), R('POST', '/desinscription', 'public'),
  // One-click unsubscribe (RFC 8058): the signed token in the URL is the proof, no CSRF token.
  R('GET', '/desinscription/un-clic', 'public', { allowed: [303, 400] }),
  R('POST', '/desinscription/un-clic', 'public', { allowed: [200, 400] }),
  // api (the JSON API, cgi/api/): public answers, and answers for a bearer key (doc/api.md),
  // which no session cookie opens (401), whatever the role; a form POST is a 415 (JSON only).
  R('GET', '/api/v1/openapi.json', 'public'), R('GET', '/api/v1/events', 'public'),
  R('GET', '/api/v1/events/{}', 'public', { real: (f) => `/api/v1/events/${f.eventSlug}`, unknown: '/api/v1/events/inconnu-xyz' }),
  R('GET', '/api/v1/resources', 'public'), R('GET', '/api/v1/prices', 'public'), R('GET', '/api/v1/opening-hours', 'public'),
  R('GET', '/api/v1/resources/{}/availability', 'public', { real: () => '/api/v1/resources/open-space/availability?from=2030-01-07&to=2030-01-08',
    unknown: '/api/v1/resources/inconnue/availability?from=2030-01-07&to=2030-01-08' }),
  ...['members', 'bookings', 'uses', 'checkins', 'invoices', 'payments', 'closings'].map((x) => R('GET', `/api/v1/${x}`, 'public', API_KEYED)),
  ...['members', 'bookings', 'invoices'].map((x) => R('GET', `/api/v1/${x}/{}`, 'public', { ...API_KEYED, real: () => `/api/v1/${x}/1` })),
  R('GET', '/api/v1/invoices/{}.xml', 'public', { ...API_KEYED, real: () => '/api/v1/invoices/1.xml' }),
  R('GET', '/api/v1/invoices/{}.pdf', 'public', { ...API_KEYED, real: () => '/api/v1/invoices/1.pdf' }),
  R('POST', '/api/v1/bookings', 'public', API_FORM), R('POST', '/api/v1/checkins', 'public', API_FORM),
  R('POST', '/api/v1/bookings/{}/cancel', 'public', { ...API_FORM, real: () => '/api/v1/bookings/1/cancel' }),
];

// ---- the C route tables ----------------------------------------------------------------------

// Returns "METHOD pattern role" for every route of cgi/*/main.c (M_READ is GET and HEAD: GET).
function cRoutes() {
  const out = [];
  const cgi = path.join(SRC, 'cgi');
  for (const dir of fs.readdirSync(cgi)) {
    const f = path.join(cgi, dir, 'main.c');
    if (!fs.existsSync(f)) continue;
    const src = fs.readFileSync(f, 'utf8');
    const table = /static const struct route \w+\[\] = \{([\s\S]*?)\n\};/.exec(src);
    if (!table) continue;
    for (const m of table[1].matchAll(/\{\s*([A-Z_| ]+?)\s*,\s*"([^"]*)"\s*,\s*\w+\s*,\s*[^,{}]+?\s*,\s*ROLE_([A-Z]+)\s*\}/g)) {
      const methods = m[1].split('|').map((s) => s.trim());
      const role = m[3].toLowerCase();
      for (const meth of methods) {
        if (meth === 'M_READ' || meth === 'M_GET') out.push(`GET ${m[2]} ${role}`);
        else if (meth === 'M_POST') out.push(`POST ${m[2]} ${role}`);
        else if (meth !== 'M_HEAD' && meth !== 'M_UPLOAD') out.push(`${meth} ${m[2]} ${role}`);
      }
    }
    const declared = (table[1].match(/\{\s*M_/g) || []).length;
    assert.ok(declared > 0, `${f}: no route parsed`);
  }
  return out;
}

test('the matrix lists exactly the routes of the C route tables, with their roles', () => {
  const inC = new Set(cRoutes());
  const inMatrix = new Set(MATRIX.map((r) => `${r.method} ${r.pattern} ${r.role}`));
  assert.ok(inC.size > 100, `parsed ${inC.size} routes from cgi/*/main.c`);
  assert.deepEqual([...inC].filter((r) => !inMatrix.has(r)).sort(), [], 'routes (or roles) of the C tables missing from the matrix');
  assert.deepEqual([...inMatrix].filter((r) => !inC.has(r)).sort(), [], 'routes of the matrix that no C table has');
});

// ---- clients ----------------------------------------------------------------------------------

class Client {
  constructor(role) {
    this.role = role;
    this.jar = new Map();
    this.csrf = undefined;
  }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (!m) continue;
      if (m[2] === '' || /;\s*Max-Age=0(;|$)/i.test(c)) this.jar.delete(m[1]);
      else this.jar.set(m[1], m[2]);
    }
    const token = hidden(res.text, 'csrf');
    if (token) this.csrf = token;
    return res;
  }

  headers() {
    return this.jar.size ? { Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  // Every request from its own address: nginx limits POSTs per address, so do some forms.
  async get(p) {
    return this.keep(await request({ path: p, headers: this.headers(), localAddress: freshAddr() }));
  }

  async post(p, fields = {}) {
    const body = formBody({ csrf: this.csrf, ...fields });
    const headers = { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body) };
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: freshAddr() }));
  }
}

const accounts = {};
async function client(role) {
  const c = new Client(role);
  await c.get('/connexion');
  assert.ok(c.csrf, 'the login page has a CSRF token');
  if (role !== 'visitor') {
    const res = await c.post('/connexion', { email: accounts[role], mot_de_passe: PASSWORD, retour: '/' });
    assert.equal(res.status, 303, `login as ${role} (${accounts[role]}) answered ${res.status}`);
    assert.ok(c.jar.has('session'), `${role} has a session`);
  }
  return c;
}

// ---- fixtures ------------------------------------------------------------------------------------

const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const one = (sql, vars) => psql(sql, vars).split('\n')[0];
const F = {};

// Objects an allowed role may change or delete: its own, never the demo's.
function scratch(role) {
  const t = tag();
  const ev = () => one(`INSERT INTO event (slug, title, summary, category, starts_at, ends_at)
    VALUES ('matrice-${t}-' || nextval('event_id_seq'), 'Matrice ${t}', 'Essai', 'autre', now() + interval '40 days',
            now() + interval '40 days 2 hours') RETURNING id`);
  const draft = () => one(`WITH i AS (INSERT INTO invoice (customer_name) VALUES ('Matrice ${t}') RETURNING id),
      l AS (INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents) SELECT id, 'Essai', 1000, 100 FROM i)
    SELECT id FROM i`);
  const funder = () => one(`INSERT INTO funder (name, kind, role) SELECT 'Matrice ${t} ' || nextval('funder_id_seq'), kind, role FROM funder ORDER BY id LIMIT 1 RETURNING id`);
  // Webhook endpoints (disabled by the webhook tests' clean-up: description 'test-webhooks …').
  const hook = () => one(`INSERT INTO webhook_endpoint (space_id, url, events, description)
    VALUES (1, 'http://127.0.0.1:9/matrice', ARRAY['event.published'], 'test-webhooks matrice ${t}') RETURNING id`);
  const s = {
    webhook: hook(), webhook2: hook(),
    event: ev(), event2: ev(), draft: draft(), draft2: draft(), funder: funder(), funder2: funder(),
    funding: one(`INSERT INTO funding (funder_name, public, label, amount_cents, period_start, period_end)
      VALUES ('Matrice', true, 'Essai ${t}', 100000, '2001-01-01', '2001-12-31') RETURNING id`),
    closure: one(`INSERT INTO closure (starts_on, ends_on, reason) VALUES ('2001-08-01', '2001-08-02', 'Matrice ${t}') RETURNING id`),
    person: one(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
      SELECT 'matrice-${t}@example.org', 'Matrice', 'Essai', 'independant', 'member', 'active', password_hash, now()
      FROM person WHERE email = '${ADMIN_EMAIL}' RETURNING id`),
  };
  s.draftLine = one(`SELECT id FROM invoice_line WHERE invoice_id = ${s.draft}`);
  s.draftAc = one(`INSERT INTO invoice_allowance_charge (invoice_id, charge, amount_cents, reason, vat_rate_bp)
    VALUES (${s.draft}, false, 10, 'Matrice', 0) RETURNING id`);
  // A person to renew (the scratch person above is closed by /desactiver), a formula request
  // and a paid membership (not a request) of the scratch person.
  s.renewee = one(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
    VALUES ('matrice-r-${t}@example.org', 'Matrice', 'Renouvellement', 'independant', 'member', 'active', '$argon2id$test', now())
    RETURNING id`);
  s.formula = one(`INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, halfdays_total)
    VALUES (${s.person}, 'carnet_10', 0, true, 10) RETURNING id`);
  s.membership = one(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, status, paid_at, accepted_at)
    VALUES (${s.person}, '2001-01-01', '2001-12-31', 0, 'paid', now(), now()) RETURNING id`);
  return s;
}

before(async () => {
  // A staff account that is not admin, with the demo password.
  const staffEmail = `equipe-matrice-${tag()}@example.org`;
  psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
    SELECT :'email', 'Sacha', 'Bénévole', 'autre', 'staff', 'active', password_hash, now()
    FROM person WHERE email = '${ADMIN_EMAIL}'`, { email: staffEmail });
  Object.assign(accounts, { member: MEMBER_EMAIL, staff: staffEmail, admin: ADMIN_EMAIL });
  // Real demo objects.
  Object.assign(F, {
    webhook: one(`INSERT INTO webhook_endpoint (space_id, url, events, description)
      VALUES (1, 'http://127.0.0.1:9/matrice', ARRAY['event.published'], 'test-webhooks matrice demo') RETURNING id`),
    admin: one(`SELECT id FROM person WHERE email = '${ADMIN_EMAIL}'`),
    member: one(`SELECT id FROM person WHERE email = '${MEMBER_EMAIL}'`),
    event: one(`SELECT id FROM event WHERE space_id = 1 AND status = 'published' ORDER BY id LIMIT 1`),
    eventSlug: one(`SELECT slug FROM event WHERE space_id = 1 AND status = 'published' AND starts_at > now() ORDER BY starts_at LIMIT 1`),
    eventCategory: one(`SELECT category FROM event WHERE space_id = 1 AND status = 'published' ORDER BY id LIMIT 1`),
    draftEvent: one(`SELECT id FROM event WHERE space_id = 1 AND status = 'draft' ORDER BY id LIMIT 1`),
    issued: one(`SELECT id FROM invoice WHERE organisation_id = 1 AND status <> 'draft' ORDER BY id LIMIT 1`),
    issuedToken: one(`SELECT public_token FROM invoice WHERE status <> 'draft' AND kind = 'invoice' ORDER BY id LIMIT 1`),
    draft: one(`SELECT i.id FROM invoice i WHERE i.organisation_id = 1 AND i.status = 'draft' AND EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id) ORDER BY i.id LIMIT 1`),
    funder: one(`SELECT id FROM funder WHERE space_id = 1 ORDER BY id LIMIT 1`),
    space: one(`SELECT id FROM space ORDER BY is_default, id LIMIT 1`),
    closure: one(`SELECT id FROM closure WHERE space_id = 1 ORDER BY id LIMIT 1`),
    roomBooking: one(`SELECT id FROM booking WHERE space_id = 1 AND source = 'room' ORDER BY id LIMIT 1`),
    deskBooking: one(`SELECT id FROM booking WHERE space_id = 1 AND source = 'desk' ORDER BY id LIMIT 1`),
  });
  // An API key of the matrix's own (revoked by the admin's POST).
  F.apiKey = one(`SELECT api_key_create(NULL, 'Matrice clé ${tag()}', 'ftk_' || substr(md5(random()::text), 1, 8),
    sha256(convert_to(random()::text, 'UTF8')), ARRAY['members:read'], now() + interval '1 day', 60)`);
  F.draftLine = one(`SELECT id FROM invoice_line WHERE invoice_id = ${F.draft} ORDER BY id LIMIT 1`);
  // The demo has no grant nor period closing: made here (a closing of a month of 1999,
  // long before any document; the invoice tier closes months of 2001 onwards).
  F.funding = one(`INSERT INTO funding (funder_name, public, label, amount_cents, period_start, period_end)
    VALUES ('Région', true, 'Subvention matrice ${tag()}', 500000, '2001-01-01', '2001-12-31') RETURNING id`);
  F.closing = one(`SELECT id FROM period_closing WHERE organisation_id = 1 ORDER BY id LIMIT 1`)
    || (psql(`SELECT period_close('month', '1999-01-01')`), one(`SELECT id FROM period_closing WHERE organisation_id = 1 ORDER BY id LIMIT 1`));
  if (!F.deskBooking) {
    // The demo member's own desk booking, made through the member's page.
    const day = one(`SELECT d::date FROM generate_series(paris_today() + 7, paris_today() + 60, interval '1 day') d
      WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
        AND EXISTS (SELECT 1 FROM opening_hours o WHERE o.space_id = 1 AND o.weekday = extract(isodow FROM d))
      ORDER BY d LIMIT 1`);
    const m = await client('member');
    await m.get('/mes-reservations');
    const res = await m.post('/mes-reservations', { jour: day, creneau: 'am' });
    assert.equal(res.status, 303, `the demo member books a desk on ${day}`);
    F.deskBooking = one(`SELECT b.id FROM booking b JOIN person p ON p.id = b.person_id
      WHERE p.email = '${MEMBER_EMAIL}' AND b.source = 'desk' ORDER BY b.id LIMIT 1`);
  }
  for (const [k, v] of Object.entries(F)) assert.ok(v, `a demo object for ${k}`);
  F.staff = scratch('staff');
  F.admin_ = scratch('admin');
});

// What this test made goes, so that the tiers after it see the demo data (the feeds tier
// wants the "autre" category empty, /partenaires the five funders of the seed text). The
// scratch events were published and cancelled, and only a draft can be deleted
// (event_before_delete): those rows are deleted as postgres with triggers off.
after(() => {
  psql(`DELETE FROM api_key WHERE name LIKE 'Matrice clé %';
    DELETE FROM funder WHERE name LIKE 'Matrice %';
    DELETE FROM funding WHERE label LIKE 'Essai %' OR label LIKE 'Subvention matrice %';
    DELETE FROM closure WHERE reason LIKE 'Matrice %';
    DELETE FROM invoice WHERE customer_name LIKE 'Matrice %' AND status = 'draft';
    DELETE FROM membership WHERE person_id IN (SELECT id FROM person WHERE email LIKE 'matrice-%@example.org' OR email LIKE 'equipe-matrice-%@example.org');
    DELETE FROM person_formula WHERE person_id IN (SELECT id FROM person WHERE email LIKE 'matrice-%@example.org' OR email LIKE 'equipe-matrice-%@example.org');
    DELETE FROM person WHERE email LIKE 'matrice-%@example.org' OR email LIKE 'equipe-matrice-%@example.org';
    UPDATE webhook_endpoint SET active = false, disabled_at = now() WHERE active AND description LIKE 'test-webhooks matrice %';
    SET session_replication_role = replica;
    DELETE FROM event WHERE slug LIKE 'matrice-%';`);
});

const need = (r) => RANK[r.role];
const fill = (r) => (r.real ? r.real(F) : r.pattern);
const own = (r, role) => (r.own ? r.own({ ...F, [role]: role === 'admin' ? F.admin_ : F.staff }, role) : fill(r));

function describe(res) {
  return `${res.status}${res.header('location') ? ` → ${res.header('location')}` : ''}`;
}

// Checks one answer against the matrix; returns a problem string or null.
function judge(r, role, res) {
  const allowed = RANK[role] >= need(r);
  const where = `${role} ${r.method} ${r.pattern}`;
  if (!allowed) {
    if (role === 'visitor' && r.method === 'GET') {
      if (res.status !== 303 || !/^\/connexion\?retour=/.test(res.header('location') || ''))
        return `${where}: want 303 to the login page, got ${describe(res)}`;
    } else if (res.status !== 403) return `${where}: want 403, got ${describe(res)}`;
    return null;
  }
  if (res.status >= 500) return `${where}: server error ${res.status}`;
  if (r.allowed) return r.allowed.includes(res.status) ? null : `${where}: want one of ${r.allowed}, got ${describe(res)}`;
  if ([403, 404, 405].includes(res.status) || /^\/connexion\?/.test(res.header('location') || ''))
    return `${where}: allowed, but got ${describe(res)}`;
  return null;
}

for (const role of ROLES) {
  test(`access matrix as ${role}: every route by GET and by POST`, async () => {
    const problems = [];
    const c = await client(role);
    const roleKey = role === 'admin' ? 'admin' : 'staff';
    for (const r of MATRIX.filter((x) => !x.fresh)) {
      const allowed = RANK[role] >= need(r);
      const p = allowed && r.method === 'POST' ? own(r, roleKey) : fill(r);
      const res = r.method === 'GET' ? await c.get(p) : await c.post(p, allowed ? r.form || {} : {});
      const problem = judge(r, role, res);
      if (problem) problems.push(`${problem} (${p})`);
    }
    // The session is still the role's (nothing above logged it out).
    if (role !== 'visitor') assert.equal((await c.get('/compte')).status, 200, `${role} is still logged in`);
    for (const r of MATRIX.filter((x) => x.fresh)) {
      const f = await client(role);
      const res = await f.post(fill(r));
      const problem = judge(r, role, res);
      if (problem) problems.push(problem);
    }
    assert.deepEqual(problems, [], `${problems.length} answers against the matrix`);
  });
}

test('an unknown object gives 404 to a role that may use the route', async () => {
  const problems = [];
  const byRole = {};
  for (const r of MATRIX.filter((x) => x.pattern.includes('{}') && x.unknown !== false)) {
    const role = r.role === 'public' ? 'visitor' : r.role;
    byRole[role] ||= await client(role);
    const p = typeof r.unknown === 'function' ? r.unknown(F) : r.unknown || r.pattern.replaceAll('{}', UNKNOWN);
    const res = r.method === 'GET' ? await byRole[role].get(p) : await byRole[role].post(p, r.form || {});
    if (res.status !== 404) problems.push(`${role} ${r.method} ${p}: want 404, got ${describe(res)}`);
  }
  assert.deepEqual(problems, []);
});

test('a method a route does not take gives 405, whoever asks', async () => {
  const problems = [];
  const byPattern = new Map();
  for (const r of MATRIX) (byPattern.get(r.pattern) || byPattern.set(r.pattern, { r, methods: new Set() }).get(r.pattern)).methods.add(r.method);
  // A path another pattern also matches with that method (POST /admin/membres/assemblee is
  // POST /admin/membres/{}) is not a wrong method.
  const matches = (m, p) => MATRIX.some((x) => x.method === m &&
    new RegExp(`^${x.pattern.replace(/[.]/g, '\\.').replaceAll('{}', '[^/]+?')}$`).test(p));
  const c = await client('visitor');
  for (const [, { r, methods }] of byPattern) {
    const p = fill(r);
    for (const m of ['GET', 'POST']) {
      if (methods.has(m) || matches(m, p)) continue;
      const res = m === 'GET' ? await c.get(p) : await c.post(p);
      if (res.status !== 405) problems.push(`${m} ${p}: want 405, got ${describe(res)}`);
    }
  }
  assert.deepEqual(problems, []);
});

// ---- staff of one space against another (issue 15) -------------------------------------------
// Every route again, as the staff of one space on the other space's site: La Grange's staff on
// La Fontaine (no prefix), La Fontaine's staff on La Grange (/lieux/la-grange/…). A staff or
// admin route (pages and exports: CSV, FEC, PDF, JSON, XML) answers 403 with the French page
// and no data; the others answer as they do to a member (never 5xx).
const CROSS = [
  { who: 'La Grange', email: 'equipe@lagrange-marmande.example', prefix: '' },
  { who: 'La Fontaine', email: 'accueil@lafontaine-agen.example', prefix: '/lieux/la-grange' },
];
for (const x of CROSS) {
  test(`staff of ${x.who} get 403 on every staff route of the other space`, async () => {
    const c = new Client('staff');
    await c.get('/connexion');
    const login = await c.post('/connexion', { email: x.email, mot_de_passe: PASSWORD, retour: '/' });
    assert.equal(login.status, 303, `login as ${x.email}`);
    const problems = [];
    for (const r of MATRIX.filter((y) => !y.fresh)) {
      const p = `${x.prefix}${fill(r)}`;
      const res = r.method === 'GET' ? await c.get(p) : await c.post(p, {});
      const where = `${x.who} staff ${r.method} ${p}`;
      if (RANK[r.role] >= RANK.staff) {
        if (res.status !== 403) problems.push(`${where}: want 403, got ${describe(res)}`);
        else if (!/^text\/html/.test(res.header('content-type') || '') || !/Accès refusé/.test(res.text))
          problems.push(`${where}: 403 without the French page (${res.header('content-type')})`);
      } else if (res.status >= 500) problems.push(`${where}: server error ${res.status}`);
    }
    assert.deepEqual(problems, [], `${problems.length} answers against the matrix`);
    // Still logged in, and still staff of their own space.
    const home = x.prefix ? '/admin' : '/lieux/la-grange/admin';
    assert.equal((await c.get(home)).status, 200, `${x.who}'s staff on their own space's back office`);
  });
}
