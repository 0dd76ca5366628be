// network_pages.test.mjs: the network's pages and the back office of each space (issue 15).
// /reseau lists the active spaces with their addresses, opening hours (in French), summaries
// and next events; the footer links it when the install has more than one space. The
// dashboard of a space counts its own uses; /admin/reseau (network admins only) counts each
// space's against its own target and each organisation's public share of income; /admin/lieux
// creates and edits a space (French messages, audited, a save without change changes nothing)
// and assigns staff. Relies on the demo's second space, La Grange (schema/demo/0030_second_space.sql).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, psqlRows } from './lib.mjs';
import { account } from './portal_lib.mjs';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const run = `np${process.pid.toString(36)}${Date.now().toString(36)}`;
const grange = psqlRows(`SELECT id, (SELECT id FROM resource WHERE space_id = s.id AND kind = 'open_space' LIMIT 1) AS desk
  FROM space s WHERE slug = 'la-grange'`)[0];
const made = { events: [], bookings: [], spaces: [] };

after(() => {
  psql(`BEGIN; SET LOCAL session_replication_role = replica;
    DELETE FROM event WHERE slug LIKE :'run' || '-%';
    DELETE FROM booking WHERE contact_name = :'run';
    DELETE FROM staff_space WHERE space_id IN (SELECT id FROM space WHERE slug LIKE :'run' || '%');
    DELETE FROM space WHERE slug LIKE :'run' || '%'; COMMIT;`, { run });
});

// A published event in space (id) starting in `minutes`, sooner than the demo's: slug.
function event(space, title, minutes) {
  const slug = `${run}-${space}-${minutes}`;
  psql(`SELECT set_config('fontaine.space', :'space', false);
    INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, place_name, status)
    VALUES (:'slug', :'title', 'Résumé', 'Texte.', 'atelier', now() + make_interval(mins => :'min'::int),
            now() + make_interval(mins => :'min'::int + 90), :'title', 'published');`,
  { space, slug, title, min: minutes });
  return slug;
}

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('/reseau: both spaces with address, French opening hours, summary, next events and links', async () => {
  assert.ok(grange, 'the demo has its second space, la-grange');
  const a = event(1, `Atelier réseau ${run}`, 7);
  const g = event(grange.id, `Veillée réseau ${run}`, 8);
  const draft = `${run}-draft`;
  psql(`SELECT set_config('fontaine.space', :'space', false);
    INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, status)
    VALUES (:'slug', 'Brouillon réseau', 'R', 'T', 'atelier', now() + interval '5 minutes', now() + interval '1 hour', 'draft');`,
  { space: grange.id, slug: draft });
  const res = await get(`/reseau?v=${run}`);
  assert.equal(res.status, 200);
  const cards = res.text.split('<li class="card">').slice(1);
  const fontaine = cards.find((c) => c.includes('>La Fontaine</a></h2>'));
  const lagrange = cards.find((c) => c.includes('>La Grange</a></h2>'));
  assert.ok(fontaine && lagrange, 'a card for each space');
  assert.match(lagrange, /<a href="\/lieux\/la-grange\/">La Grange<\/a>/, 'a space without host: its path prefix');
  assert.match(fontaine, /<a href="\/">La Fontaine<\/a>/, 'the default space: the shared host');
  assert.match(lagrange, /5 place du Marché<br>47200 Marmande/);
  assert.match(lagrange, /ancienne grange restaurée/, 'what the space offers');
  const h = (s) => s.replaceAll(' ', NBSP);
  assert.ok(lagrange.includes(`<th scope="row">mardi</th><td>${h('9 h 00')} à ${h('12 h 30')} et ${h('14 h 00')} à ${h('19 h 00')}</td>`),
    'La Grange\'s own hours in French');
  assert.ok(lagrange.includes('<th scope="row">lundi</th><td>fermé</td>'));
  assert.ok(fontaine.includes(`<th scope="row">lundi</th><td>${h('8 h 30')} à ${h('12 h 30')}`), 'La Fontaine\'s own hours');
  assert.ok(lagrange.includes(`href="/lieux/la-grange/evenements/${g}"`), 'La Grange\'s next event, under its prefix');
  assert.ok(fontaine.includes(`href="/evenements/${a}"`), 'La Fontaine\'s next event');
  assert.ok(!lagrange.includes(a) && !fontaine.includes(g), 'each event under its own space');
  assert.ok(!res.text.includes('Brouillon réseau'), 'no draft');
  assert.match(text(lagrange), /(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2}(er)? [a-zéû]+ 20\d\d, \d{1,2}/,
    'the event\'s date in French');
  assert.doesNotMatch(res.text.split('<main')[1], /\d{4}-\d{2}-\d{2}/, 'no ISO date on the page');
  assert.match(res.text, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/reseau\/evenements.rss">/);
});

test('the footer of every space links the network when the install has more than one space', async () => {
  for (const p of ['/', '/contact', '/evenements']) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.match(res.text.split('<footer')[1], /<a href="\/reseau">Les lieux du réseau<\/a>/, p);
  }
});

// A use in La Grange today (a walk-in half-day, inserted as fixture).
function grangeUse() {
  psql(`BEGIN; SET LOCAL session_replication_role = replica;
    INSERT INTO booking (resource_id, space_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
    VALUES (:'desk', :'space', false, paris_today(), 'am', (paris_today() + time '09:00') AT TIME ZONE 'Europe/Paris',
            (paris_today() + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', :'run'); COMMIT;`,
  { desk: grange.desk, space: grange.id, run });
}
const monthUses = (space, { toDate = false } = {}) => Number(psql(`SELECT count(*) FROM use_halfday_all WHERE space_id = :'s'
  AND day >= date_trunc('month', paris_today())::date AND day < (date_trunc('month', paris_today()) + interval '1 month')::date
  AND (NOT :'to'::boolean OR day <= paris_today())`, { s: space, to: String(toDate) }));
const fig = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);

test('the dashboard of a space counts its own uses, not another space\'s', async () => {
  grangeUse();
  const admin = account('admin', { member: false });
  const res = await admin.client.get(`/admin/tableau-de-bord?v=${run}`);
  assert.equal(res.status, 200);
  const shown = Number(/<strong>([\d\u202f]+)\u00a0utilisations?<\/strong>/.exec(res.text)[1].replaceAll(NNBSP, ''));
  assert.equal(shown, monthUses(1), 'the uses of La Fontaine only');
  assert.notEqual(monthUses(grange.id), 0);
  assert.match(res.text, /<a href="\/admin\/reseau">tableau de bord du réseau<\/a>/, 'a network admin is shown the network\'s pages');
});

test('/admin/reseau: uses of each space against its own target, public share per organisation', async () => {
  grangeUse();
  const label = `Subvention réseau ${run}`;
  // A public grant of 1 000 € for Les Coteaux numériques this year (its organisation).
  psql(`INSERT INTO funding (funder_name, public, label, amount_cents, period_start, period_end, status, organisation_id)
    SELECT 'Région test', true, :'label', 100000, date_trunc('year', paris_today())::date,
           date_trunc('year', paris_today())::date + 364, 'granted', organisation_id FROM space WHERE id = :'s'`,
  { label, s: grange.id });
  try {
    const admin = account('admin', { member: false });
    const res = await admin.client.get('/admin/reseau');
    assert.equal(res.status, 200);
    const row = (name) => res.text.split('<tr>').find((r) => r.startsWith(`<th scope="row">${name}</th>`));
    for (const [name, id] of [['La Fontaine', 1], ['La Grange', grange.id]]) {
      const target = Number(psql(`SELECT use_target_of(date_trunc('month', paris_today())::date, :'s'::smallint)`, { s: id }));
      const r = row(name);
      assert.ok(r, `a row for ${name}`);
      assert.ok(r.includes(`<td>${fig(monthUses(id, { toDate: true }))} sur ${fig(target)} (`), `${name}: this month (to date) against its own target (${target})`);
    }
    // The income table's rows are the organisations by id (another test may give two of them
    // the same legal name for a while): the second organisation's row by its rank.
    const orgs = psqlRows(`SELECT o.id, o.legal_name,
        coalesce((SELECT sum(amount_cents) FROM funding f WHERE f.organisation_id = o.id AND public AND status <> 'requested'
           AND extract(year FROM period_start) = extract(year FROM paris_today())), 0) AS pub
      FROM organisation o WHERE NOT o.placeholder ORDER BY o.id`);
    const rank = orgs.findIndex((o) => o.id === Number(psql(`SELECT organisation_id FROM space WHERE id = :'s'`, { s: grange.id })));
    const income = res.text.split('id="recettes-titre"')[1].split('<tbody>')[1].split('</tbody>')[0].split('<tr>').slice(1);
    assert.equal(income.length, orgs.length, 'a row per organisation');
    const orgRow = income[rank];
    const euros = (c) => `${fig(Math.floor(c / 100))},${String(c % 100).padStart(2, '0')}${NBSP}€`;
    assert.ok(orgRow.includes(`</th><td>${euros(orgs[rank].pub)}</td>`),
      `its public grants ${euros(orgs[rank].pub)}: ${orgRow}`);
    assert.match(orgRow, /<td>\d{1,3},\d\u202f%<\/td><\/tr>/, 'its public share');
    assert.ok(income[0].includes(`</th><td>${euros(orgs[0].pub)}</td>`), 'La Fontaine\'s own grants, without the other\'s');
  } finally {
    psql(`DELETE FROM funding WHERE label = :'label'`, { label });
  }
});

test('network pages: network admins only; a space\'s admin and staff get 403', async () => {
  const spaceAdmin = account('admin', { member: false });
  psql(`INSERT INTO staff_space (person_id, space_id) VALUES (:'id', :'s')`, { id: spaceAdmin.id, s: grange.id });
  const staff = account('staff', { member: false });
  try {
    for (const p of ['/admin/reseau', '/admin/lieux', '/admin/lieux/nouveau', `/admin/lieux/${grange.id}`]) {
      const a = await spaceAdmin.client.get(p);
      assert.equal(a.status, 403, `${p}: an admin of one space`);
      assert.match(a.text, /réservée aux administrateurs du réseau|travaille pour un autre lieu du réseau/);
      assert.equal((await staff.client.get(p)).status, 403, `${p}: staff`);
      const anon = await get(p);
      assert.equal(anon.status, 303, `${p}: anonymous → login`);
    }
    const home = await spaceAdmin.client.get('/admin');
    assert.doesNotMatch(home.text, /href="\/admin\/reseau"/, 'no link to the network\'s pages for an admin of one space');
  } finally {
    psql(`DELETE FROM staff_space WHERE person_id = :'id'`, { id: spaceAdmin.id });
  }
});

test('/admin/lieux: create a space (French messages), edit it, open and save unchanged, assign staff; audited', async () => {
  const admin = account('admin', { member: false });
  let res = await admin.client.get('/admin/lieux');
  assert.equal(res.status, 200);
  assert.match(res.text, /La Grange/);
  assert.match(res.text, /\/lieux\/la-grange\//);
  res = await admin.client.get('/admin/lieux/nouveau');
  assert.equal(res.status, 200);
  const slug = `${run}-lieu`;
  // Bad input: French messages, the values kept.
  res = await admin.client.post('/admin/lieux/nouveau', {
    nom: '', identifiant: 'Pas Bon!', domaine: 'http://exemple.fr/', rue: '', code_postal: '4700', ville: 'Nérac',
    presentation: '', organisation: '2',
  });
  assert.equal(res.status, 422);
  assert.match(res.text, /Indiquez le nom du nouveau lieu\./);
  assert.match(res.text, /L’identifiant ne peut contenir que des lettres minuscules/);
  assert.match(res.text, /Indiquez un nom de domaine en minuscules/);
  assert.match(res.text, /Le code postal compte 5 chiffres\./);
  assert.match(res.text, /value="Pas Bon!"/);
  // A slug already taken.
  res = await admin.client.post('/admin/lieux/nouveau', {
    nom: 'Doublon', identifiant: 'la-grange', domaine: '', rue: '', code_postal: '47600', ville: 'Nérac',
    presentation: '', organisation: '2', ouvert: '1',
  });
  assert.equal(res.status, 422);
  assert.match(res.text, /déjà celui d’un autre lieu/);
  // Created closed, so that the network's home page of other tests stays the demo's.
  res = await admin.client.post('/admin/lieux/nouveau', {
    nom: `L’Atelier ${run}`, identifiant: slug, domaine: '', rue: '2 rue du Test', code_postal: '47600', ville: 'Nérac',
    presentation: 'Un lieu de test.', organisation: '2',
  });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const id = Number(psql(`SELECT id FROM space WHERE slug = :'slug'`, { slug }));
  assert.match(res.headers.location, new RegExp(`/admin/lieux/${id}\\?ok=cree$`));
  const row = psqlRows(`SELECT name, city, postcode, organisation_id, active, host FROM space WHERE id = :'id'`, { id })[0];
  assert.deepEqual(row, { name: `L’Atelier ${run}`, city: 'Nérac', postcode: '47600', organisation_id: 2, active: false, host: null });
  const actor = (t, rid, action) => psql(`SELECT person_id FROM audit_log WHERE table_name = :'t' AND row_id = :'r' AND action = :'a' ORDER BY id DESC LIMIT 1`,
    { t, r: rid, a: action });
  assert.equal(Number(actor('space', id, 'create')), admin.id, 'the creation audited with its admin');

  // Open and save without change: nothing changes, no audit entry.
  res = await admin.client.get(`/admin/lieux/${id}`);
  assert.equal(res.status, 200);
  const form = {};
  for (const m of res.text.matchAll(/<input id="f-[^"]+" name="([^"]+)" type="(text|checkbox)" value="([^"]*)"([^>]*)>/g))
    if (m[2] === 'text' || / checked/.test(m[4])) form[m[1]] = m[3].replaceAll('&rsquo;', '’').replaceAll('&#39;', "'");
  form.presentation = /<textarea id="f-presentation" name="presentation"[^>]*>\n?([^<]*)<\/textarea>/.exec(res.text)[1];
  form.organisation = /<option value="(\d+)" selected>/.exec(res.text)[1];
  assert.equal(form.nom, `L’Atelier ${run}`);
  const before = psql(`SELECT to_jsonb(s) FROM space s WHERE id = :'id'`, { id });
  const audits = () => Number(psql(`SELECT count(*) FROM audit_log WHERE table_name = 'space' AND row_id = :'id'`, { id }));
  const n0 = audits();
  res = await admin.client.post(`/admin/lieux/${id}`, form);
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /\?ok=inchange$/);
  assert.equal(psql(`SELECT to_jsonb(s) FROM space s WHERE id = :'id'`, { id }), before, 'the row is as it was');
  assert.equal(audits(), n0, 'no audit entry for a save without change');

  // An edit: the host, audited.
  res = await admin.client.post(`/admin/lieux/${id}`, { ...form, domaine: `${slug}.example` });
  assert.equal(res.status, 303);
  assert.equal(psql(`SELECT host FROM space WHERE id = :'id'`, { id }), `${slug}.example`);
  assert.equal(audits(), n0 + 1);
  assert.equal(Number(actor('space', id, 'edit') || actor('space', id, 'update')), admin.id);

  // The default space cannot be closed.
  res = await admin.client.get('/admin/lieux/1');
  assert.equal(res.status, 200);
  assert.match(res.text, /C’est le lieu principal/);

  // Staff: a staff member assigned, then removed.
  const staff = account('staff', { member: false });
  res = await admin.client.get(`/admin/lieux/${id}`);
  assert.ok(res.text.includes(`<option value="${staff.id}">`), 'the staff member can be chosen');
  assert.match(res.text, /<option value="">Choisir une personne…<\/option>/);
  res = await admin.client.post(`/admin/lieux/${id}/equipe`, { personne: String(staff.id) });
  assert.equal(res.status, 303);
  assert.equal(Number(psql(`SELECT count(*) FROM staff_space WHERE person_id = :'p' AND space_id = :'s'`, { p: staff.id, s: id })), 1);
  assert.equal(Number(psql(`SELECT count(*) FROM audit_log WHERE table_name = 'staff_space' AND person_id = :'a'
    AND after->>'person_id' = :'p'`, { a: admin.id, p: staff.id })), 1, 'the assignment audited');
  assert.deepEqual(JSON.parse(psql(`SELECT to_json(person_spaces(:'p'))`, { p: staff.id })), [id], 'the staff member now works for that space');
  res = await admin.client.get(`/admin/lieux/${id}`);
  assert.match(res.text, new RegExp(`Retirer Test ${staff.tag} de l’équipe`));
  res = await admin.client.post(`/admin/lieux/${id}/equipe`, { personne: String(admin.id) });
  assert.equal(res.status, 409, 'a network admin does not assign themselves (they would lose the network)');
  res = await admin.client.post(`/admin/lieux/${id}/equipe`, { personne: '' });
  assert.equal(res.status, 422);
  res = await admin.client.post(`/admin/lieux/${id}/equipe/${staff.id}/retirer`, {});
  assert.equal(res.status, 303);
  assert.equal(Number(psql(`SELECT count(*) FROM staff_space WHERE person_id = :'p'`, { p: staff.id })), 0);
  assert.equal((await admin.client.post(`/admin/lieux/${id}/equipe/${staff.id}/retirer`, {})).status, 404);
  assert.equal((await admin.client.get('/admin/lieux/99999')).status, 404);
});

test('a space\'s content pages write into that space only (hours saved on La Fontaine leave La Grange\'s)', async () => {
  const grangeHours = () => psql(`SELECT string_agg(weekday || ' ' || opens || '-' || closes, ',' ORDER BY weekday, opens)
    FROM opening_hours WHERE space_id = :'s'`, { s: grange.id });
  const before = grangeHours();
  const admin = account('admin', { member: false });
  const res = await admin.client.get('/admin/contenu/horaires');
  assert.equal(res.status, 200);
  const fields = {};
  for (const m of res.text.matchAll(/<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"/g)) if (m[1] !== 'csrf') fields[m[1]] = m[2];
  const saved = await admin.client.post('/admin/contenu/horaires', fields);
  assert.ok([200, 303].includes(saved.status), `saved: ${saved.status}`);
  assert.equal(grangeHours(), before, 'La Grange\'s hours untouched');
  assert.ok(Number(psql(`SELECT count(*) FROM opening_hours WHERE space_id = 1`)) > 0, 'La Fontaine keeps its hours');
});

test('a person\'s export holds their uses and bookings in every space, each with its place', async () => {
  const member = account('member');
  const fontaineDesk = psql(`SELECT id FROM resource WHERE space_id = 1 AND kind = 'open_space' LIMIT 1`);
  psql(`BEGIN; SET LOCAL session_replication_role = replica;
    INSERT INTO booking (resource_id, space_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name, person_id)
    VALUES (:'gdesk', :'gspace', false, paris_today() - 1, 'am', ((paris_today() - 1) + time '09:00') AT TIME ZONE 'Europe/Paris',
            ((paris_today() - 1) + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', :'run', :'p'),
           (:'fdesk', 1, false, paris_today() - 1, 'pm', ((paris_today() - 1) + time '14:00') AT TIME ZONE 'Europe/Paris',
            ((paris_today() - 1) + time '18:00') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', :'run', :'p'); COMMIT;`,
  { gdesk: grange.desk, gspace: grange.id, fdesk: fontaineDesk, run, p: member.id });
  for (const path of ['/compte/donnees.json', '/lieux/la-grange/compte/donnees.json']) {
    const res = await member.client.get(path);
    assert.equal(res.status, 200, path);
    const data = JSON.parse(res.text);
    const places = data.utilisations.map((u) => `${u.lieu} ${u.creneau}`).sort();
    assert.deepEqual(places, ['La Fontaine pm', 'La Grange am'], `${path}: the uses of both spaces`);
    assert.deepEqual(data.reservations.map((b) => b.lieu).sort(), ['La Fontaine', 'La Grange'], `${path}: both bookings with their place`);
  }
});
