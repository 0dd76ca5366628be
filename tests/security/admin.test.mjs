// admin.test.mjs: the back-office findings of the security review (issue 12) replayed against
// the running stack: a staff account taking over an administrator's; a page or an event opened
// and saved unchanged losing its Markdown line breaks; every back-office edit form opened and
// posted back unchanged leaving its row byte-identical; a POST with only a CSRF token closing
// the space all week; a 410 read as "Internal Server Error"; two Referrer-Policy headers on
// the invoice link page; 33 cookies or a 4 KB Cookie header giving 400 on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, raw, psql, psqlRows, hidden, freshAddr, formBody } from '../integration/lib.mjs';

const ADMIN = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };
const MEMBER = { email: 'membre@lafontaine-agen.example', password: 'fontaine-demo-2026' };

class Client {
  constructor() {
    this.localAddress = freshAddr();
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

  cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(p, extraCookies = '') {
    const c = [this.cookie(), extraCookies].filter(Boolean).join('; ');
    const headers = c ? { Cookie: c } : {};
    return this.keep(await request({ path: p, headers, localAddress: this.localAddress }));
  }

  // body: an object (the csrf token is added) or a string already encoded.
  async post(p, fields = {}, { csrf = this.csrf } = {}) {
    const body = typeof fields === 'string' ? fields : formBody(csrf === null ? fields : { csrf, ...fields });
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
    };
    if (this.jar.size) headers.Cookie = this.cookie();
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

async function logIn({ email, password }) {
  const c = new Client();
  await c.get('/connexion');
  const res = await c.post('/connexion', { email, mot_de_passe: password, retour: '/admin' });
  assert.equal(res.status, 303, `login of ${email} answered ${res.status}`);
  assert.ok(c.jar.has('session'), `${email} has a session`);
  return c;
}

const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const idOf = (email) => Number(psql(`SELECT id FROM person WHERE email = :'e'`, { e: email }));

function makePerson({ role = 'member', email = `p-${tag()}@example.org`, company = false } = {}) {
  const id = Number(psql(`INSERT INTO person (email, first_name, last_name, phone, profile, role, status,
      password_hash, email_verified_at, activity, company_name, siren, billing_street, billing_postcode, billing_city)
    SELECT :'email', 'Léa', 'Testeuse', '05 53 00 00 00', CASE WHEN :'co' = 'true' THEN 'organisation' ELSE 'independant' END,
      :'role', 'active', password_hash, now(), 'Graphiste « indépendante »',
      CASE WHEN :'co' = 'true' THEN 'Atelier & Cie' END, CASE WHEN :'co' = 'true' THEN '732829320' END,
      CASE WHEN :'co' = 'true' THEN '12 rue des Juifs' END, CASE WHEN :'co' = 'true' THEN '47000' END,
      CASE WHEN :'co' = 'true' THEN 'Agen' END
    FROM person WHERE email = '${ADMIN.email}' RETURNING id;`, { email, role, co: String(company) }));
  return { id, email, password: ADMIN.password };
}

// ---- what a browser submits for a form ------------------------------------------------------

const decode = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
});

function attrs(tagText) {
  const a = {};
  for (const m of tagText.matchAll(/\s([a-zA-Z-]+)(?:="([^"]*)")?/g)) a[m[1].toLowerCase()] = m[2] === undefined ? '' : decode(m[2]);
  return a;
}

// The form data set of the form posting to action in html, as a browser builds it when the
// submit button submitter ({name, value}, or none) is pressed and nothing is changed: inputs
// by their value, checked boxes, the selected options, textareas' text (the newline right
// after the start tag is not content), every line end sent as CR LF. Returns [[name, value]].
function formData(html, action, submitter) {
  const start = html.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const end = html.indexOf('</form>', start);
  const form = html.slice(start, end);
  const out = [];
  for (const m of form.matchAll(/<(input|select|textarea|button)(\s[^>]*)?>/g)) {
    const kind = m[1];
    const a = attrs(m[2] || '');
    if (!a.name || 'disabled' in a) continue;
    if (kind === 'input') {
      const type = (a.type || 'text').toLowerCase();
      if (['submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      out.push([a.name, a.value ?? (type === 'checkbox' ? 'on' : '')]);
    } else if (kind === 'textarea') {
      const after = m.index + m[0].length;
      let text = form.slice(after, form.indexOf('</textarea>', after));
      if (text.startsWith('\n')) text = text.slice(1);
      out.push([a.name, decode(text)]);
    } else if (kind === 'select') {
      const after = m.index + m[0].length;
      const options = [...form.slice(after, form.indexOf('</select>', after)).matchAll(/<option(\s[^>]*)?>([^<]*)/g)]
        .map((o) => ({ a: attrs(o[1] || ''), text: decode(o[2]) }));
      const chosen = options.find((o) => 'selected' in o.a) || options[0];
      if (chosen) out.push([a.name, chosen.a.value ?? chosen.text]);
    } else if (kind === 'button' && submitter && a.name === submitter.name && a.value === submitter.value) {
      out.push([a.name, a.value]);
    }
  }
  return out.map(([k, v]) => [k, v.replace(/\r\n|\r|\n/g, '\r\n')]);
}

// Opens path, posts its form back unchanged; returns the answer to the POST.
async function saveUnchanged(client, path, action = path.replace(/\?.*$/, ''), submitter) {
  const page = await client.get(path);
  assert.equal(page.status, 200, `GET ${path}`);
  const fields = formData(page.text, action, submitter);
  return client.post(action, new URLSearchParams(fields).toString());
}

const rowJson = (select, vars = {}) => psql(`SELECT coalesce(json_agg(t)::text, '[]') FROM (${select}) t;`, vars);

// Markdown that a lossy round trip would change: headings, lists, blank lines, indentation,
// a hard line break, characters to escape, a leading blank line and a final newline.
const RICH_MD = '\n## Bienvenue à La Fontaine\n\nUn espace de **coworking** coopératif,\nau cœur d’Agen.\n\n'
  + '- open space\n- bureaux privés\n  - à la journée\n\n1. réserver\n2. venir\n\n> citation « entre guillemets »\n\n'
  + '    code indenté\n\nDeux espaces en fin de ligne  \npour un saut forcé ; <balise> & "guillemets" \'apostrophe\'\n';

// ---- HIGH: a staff account takes over an administrator's ------------------------------------

test('a staff member cannot edit an administrator or another staff account (403 in French, nothing saved)', async () => {
  const adminId = makePerson({ role: 'admin' }).id; // not the demo admin: the attack must not lock later tests out
  const staff = makePerson({ role: 'staff' });
  const other = makePerson({ role: 'staff' });
  const s = await logIn(staff);

  const before = rowJson(`SELECT * FROM person WHERE id IN (${adminId}, ${other.id}) ORDER BY id`);
  for (const target of [adminId, other.id]) {
    const page = await s.get(`/admin/membres/${target}`);
    const fields = Object.fromEntries(formData(page.text, `/admin/membres/${target}`));
    fields.email = `pirate-${tag()}@example.org`;
    const res = await s.post(`/admin/membres/${target}`, new URLSearchParams(fields).toString());
    assert.equal(res.status, 403, `staff editing account ${target}`);
    assert.match(res.text, /lang="fr"/);
    assert.match(res.text, /seul·e un·e administrateur·rice peut le\s+modifier/);
  }
  assert.equal(rowJson(`SELECT * FROM person WHERE id IN (${adminId}, ${other.id}) ORDER BY id`), before, 'nothing changed');

  const view = await s.get(`/admin/membres/${adminId}`);
  assert.equal(view.status, 200, 'staff may still look at the account');
  assert.doesNotMatch(view.text, /<button type="submit" class="button">Enregistrer<\/button>/, 'no save button on an admin account');
  assert.match(view.text, /seul·e un·e administrateur·rice peut le modifier/);

  // The staff member may still edit a member's account.
  const member = makePerson();
  const ok = await s.post(`/admin/membres/${member.id}`, new URLSearchParams(
    formData((await s.get(`/admin/membres/${member.id}`)).text, `/admin/membres/${member.id}`)
      .map(([k, v]) => [k, k === 'prenom' ? 'Léonie' : v])).toString());
  assert.equal(ok.status, 303, 'staff editing a member');
  assert.equal(psql(`SELECT first_name FROM person WHERE id = ${member.id}`), 'Léonie');

  // An administrator may edit a staff account.
  const a = await logIn(ADMIN);
  const page = await a.get(`/admin/membres/${other.id}`);
  const res = await a.post(`/admin/membres/${other.id}`, new URLSearchParams(
    formData(page.text, `/admin/membres/${other.id}`).map(([k, v]) => [k, k === 'telephone' ? '05 53 11 22 33' : v])).toString());
  assert.equal(res.status, 303, 'admin editing a staff account');
  assert.equal(psql(`SELECT phone FROM person WHERE id = ${other.id}`), '05 53 11 22 33');
});

test('the database refuses a back-office change of a staff or admin account, or of a role, by a non-admin', () => {
  const adminId = makePerson({ role: 'admin' }).id;
  const staff = makePerson({ role: 'staff' });
  const member = makePerson();
  // Each statement in a transaction rolled back: only whether the database refuses it counts.
  const asActor = (actor, sql) => {
    try {
      psql(`BEGIN; SELECT set_config('fontaine.actor', '${actor}', true); ${sql}; ROLLBACK;`);
      return 'ok';
    } catch (e) {
      return /FTA02|only an administrator/.test(String(e.stderr || e.message)) ? 'FTA02' : String(e.stderr || e.message);
    }
  };
  assert.equal(asActor(staff.id, `UPDATE person SET email = 'x-${tag()}@example.org' WHERE id = ${adminId}`), 'FTA02', 'e-mail of an admin');
  assert.equal(asActor(staff.id, `UPDATE person SET role = 'admin' WHERE id = ${member.id}`), 'FTA02', 'granting a role');
  assert.equal(asActor(staff.id, `UPDATE person SET role = 'admin' WHERE id = ${staff.id}`), 'FTA02', 'granting oneself a role');
  assert.equal(asActor(staff.id, `DELETE FROM person WHERE id = ${adminId}`), 'FTA02', 'deleting an admin');
  assert.equal(asActor(staff.id, `UPDATE person SET first_name = 'Lou' WHERE id = ${member.id}`), 'ok', 'a member, by staff');
  assert.equal(asActor(staff.id, `UPDATE person SET phone = '05 53 00 00 01' WHERE id = ${staff.id}`), 'ok', 'one’s own account');
  assert.equal(asActor(adminId, `UPDATE person SET phone = '05 53 00 00 02' WHERE id = ${staff.id}`), 'ok', 'staff, by an admin');
  assert.equal(asActor(adminId, `UPDATE person SET role = 'staff' WHERE id = ${member.id}`), 'ok', 'a role, by an admin');
});

// ---- HIGH: Markdown loses its line breaks on a save ---------------------------------------------

test('a page saved unchanged keeps its Markdown byte for byte; CR LF from the browser is stored as LF', async () => {
  const a = await logIn(ADMIN);
  const saved = psql(`SELECT body_md FROM site_page WHERE space_id = 1 AND slug = 'accueil'`);
  try {
    psql(`UPDATE site_page SET body_md = :'b' WHERE space_id = 1 AND slug = 'accueil'`, { b: RICH_MD });
    const before = rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = 'accueil'`);
    const res = await saveUnchanged(a, '/admin/contenu/pages/accueil', '/admin/contenu/pages/accueil',
      { name: 'action', value: 'enregistrer' });
    assert.equal(res.status, 303);
    assert.equal(rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = 'accueil'`), before, 'the row is byte-identical');
    assert.equal(psql(`SELECT body_md = :'b' FROM site_page WHERE space_id = 1 AND slug = 'accueil'`, { b: RICH_MD }), 't');
    const home = await request({ path: `/?t=${tag()}` });
    assert.match(home.text, /<h2[^>]*>Bienvenue à La Fontaine<\/h2>/, 'the heading stays a heading');
    assert.match(home.text, /<li>bureaux privés/);

    // A body typed in a browser arrives with CR LF: stored with LF.
    const page = await a.get('/admin/contenu/pages/accueil');
    const fields = formData(page.text, '/admin/contenu/pages/accueil', { name: 'action', value: 'enregistrer' })
      .map(([k, v]) => [k, k === 'contenu' ? '## Titre\r\n\r\n- un\r\n- deux\r\n' : v]);
    assert.equal((await a.post('/admin/contenu/pages/accueil', new URLSearchParams(fields).toString())).status, 303);
    assert.equal(psql(`SELECT body_md = E'## Titre\\n\\n- un\\n- deux\\n' FROM site_page WHERE space_id = 1 AND slug = 'accueil'`), 't');
    // The database keeps it so.
    assert.throws(() => psql(`UPDATE site_page SET body_md = E'a\\r\\nb' WHERE space_id = 1 AND slug = 'accueil'`), /site_page_body_lf/);
  } finally {
    psql(`UPDATE site_page SET body_md = :'b' WHERE space_id = 1 AND slug = 'accueil'`, { b: saved });
  }
});

test('every showcase page opened and saved unchanged stays byte-identical', async () => {
  const a = await logIn(ADMIN);
  for (const { slug } of psqlRows('SELECT slug FROM site_page WHERE space_id = 1 ORDER BY slug')) {
    const before = rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = :'s'`, { s: slug });
    const res = await saveUnchanged(a, `/admin/contenu/pages/${slug}`, `/admin/contenu/pages/${slug}`,
      { name: 'action', value: 'enregistrer' });
    assert.equal(res.status, 303, `page ${slug}`);
    assert.equal(rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = :'s'`, { s: slug }), before, `page ${slug} unchanged`);
  }
});

test('every event opened and saved unchanged stays byte-identical, rich Markdown included', async () => {
  const a = await logIn(ADMIN);
  const id = psql(`SELECT id FROM event WHERE space_id = 1 AND status <> 'cancelled' AND ends_at > now() ORDER BY id LIMIT 1`);
  assert.ok(id, 'an upcoming event to edit');
  psql(`UPDATE event SET body_md = :'b' WHERE id = ${id}`, { b: RICH_MD });
  let tried = 0;
  for (const { id: e } of psqlRows('SELECT id FROM event WHERE space_id = 1 ORDER BY id')) {
    const page = await a.get(`/admin/evenements/${e}`);
    if (page.status !== 200 || !page.text.includes(`action="/admin/evenements/${e}"`)) continue;
    const before = rowJson(`SELECT * FROM event WHERE id = ${e}`);
    const res = await a.post(`/admin/evenements/${e}`, new URLSearchParams(formData(page.text, `/admin/evenements/${e}`)).toString());
    const cancelled = psql(`SELECT status FROM event WHERE id = ${e}`) === 'cancelled';
    assert.equal(res.status, cancelled ? 409 : 303, `event ${e}: ${res.status} ${res.status === 422 ? res.text.match(/class="error"[^>]*>([^<]*)/)?.[1] : ''}`);
    assert.equal(rowJson(`SELECT * FROM event WHERE id = ${e}`), before, `event ${e} unchanged (body, sequence, updated_at)`);
    tried++;
  }
  assert.ok(tried >= 2, `events tried: ${tried}`);
  assert.equal(psql(`SELECT body_md = :'b' FROM event WHERE id = ${id}`, { b: RICH_MD }), 't');
});

// ---- open, change nothing, save: nothing may change --------------------------------------------

test('members, prices, hours, organisation, funders and grants saved unchanged stay byte-identical', async () => {
  const a = await logIn(ADMIN);
  const people = [idOf(MEMBER.email), makePerson().id, makePerson({ company: true }).id];
  for (const id of people) {
    const before = rowJson(`SELECT * FROM person WHERE id = ${id}`);
    const res = await saveUnchanged(a, `/admin/membres/${id}`);
    assert.equal(res.status, 303, `member ${id}`);
    assert.equal(rowJson(`SELECT * FROM person WHERE id = ${id}`), before, `member ${id} unchanged`);
  }

  const prices = psqlRows('SELECT code FROM price WHERE space_id = 1 ORDER BY code');
  assert.ok(prices.length > 0);
  for (const { code } of prices) {
    const before = rowJson(`SELECT * FROM price WHERE code = :'c'`, { c: code });
    const res = await saveUnchanged(a, '/admin/contenu/tarifs', `/admin/contenu/tarifs/${code}`);
    assert.equal(res.status, 303, `price ${code}`);
    assert.equal(rowJson(`SELECT * FROM price WHERE code = :'c'`, { c: code }), before, `price ${code} unchanged`);
  }

  const hours = () => rowJson('SELECT * FROM opening_hours WHERE space_id = 1 ORDER BY weekday, opens');
  const audits = () => psql(`SELECT count(*) FROM audit_log WHERE table_name = 'opening_hours'`);
  const [h0, n0] = [hours(), audits()];
  assert.equal((await saveUnchanged(a, '/admin/contenu/horaires')).status, 303, 'hours');
  assert.equal(hours(), h0, 'opening hours unchanged');
  assert.equal(audits(), n0, 'no audit rows for a save that changed nothing');

  const org = rowJson('SELECT * FROM organisation ORDER BY id');
  assert.equal((await saveUnchanged(a, '/admin/contenu/organisation')).status, 303, 'organisation');
  assert.equal(rowJson('SELECT * FROM organisation ORDER BY id'), org, 'organisation unchanged');

  for (const { id } of psqlRows('SELECT id FROM funder WHERE space_id = 1 ORDER BY id')) {
    const before = rowJson(`SELECT * FROM funder WHERE id = ${id}`);
    assert.equal((await saveUnchanged(a, '/admin/contenu/financeurs', `/admin/contenu/financeurs/${id}`)).status, 303, `funder ${id}`);
    assert.equal(rowJson(`SELECT * FROM funder WHERE id = ${id}`), before, `funder ${id} unchanged`);
  }

  const grant = psql(`INSERT INTO funding (funder_name, public, label, amount_cents, period_start, period_end, status, note)
    VALUES ('Fondation ${tag()}', false, 'Essai', 150000, '2026-01-01', '2026-12-31', 'granted',
            E'Versée en deux fois :\\n\\n- 60 % à la signature\\n- le solde au bilan\\n') RETURNING id`);
  for (const { id } of psqlRows('SELECT id FROM funding ORDER BY id')) {
    const before = rowJson(`SELECT * FROM funding WHERE id = ${id}`);
    const res = await saveUnchanged(a, `/admin/financements/${id}`);
    assert.equal(res.status, 303, `grant ${id}`);
    assert.equal(rowJson(`SELECT * FROM funding WHERE id = ${id}`), before, `grant ${id} unchanged`);
  }
  assert.match(psql(`SELECT note FROM funding WHERE id = ${grant}`), /\n\n- 60 %/);
});

// ---- Low: a POST with only a CSRF token closes the space all week ----------------------------------

test('opening hours: a POST with only a token, or a blank week without confirmation, saves nothing', async () => {
  const a = await logIn(ADMIN);
  await a.get('/admin/contenu/horaires');
  const hours = () => rowJson('SELECT * FROM opening_hours WHERE space_id = 1 ORDER BY weekday, opens');
  const before = hours();
  assert.notEqual(before, '[]', 'the demo space has opening hours');

  const bare = await a.post('/admin/contenu/horaires', {});
  assert.equal(bare.status, 422, 'only a token');
  assert.match(bare.text, /Horaires non enregistrés/);
  assert.match(bare.text, /value="\d\d:\d\d"/, 'the saved hours are shown again');
  assert.equal(hours(), before);

  const page = await a.get('/admin/contenu/horaires');
  const blank = formData(page.text, '/admin/contenu/horaires').map(([k, v]) => [k, k === 'csrf' ? v : '']);
  const res = await a.post('/admin/contenu/horaires', new URLSearchParams(blank).toString());
  assert.equal(res.status, 422, 'a blank week');
  assert.match(res.text, /l’espace serait fermé toute la\s+semaine/);
  assert.equal(hours(), before, 'nothing saved is lost');

  try {
    const confirmed = await a.post('/admin/contenu/horaires', new URLSearchParams([...blank, ['fermer_semaine', '1']]).toString());
    assert.equal(confirmed.status, 303, 'a blank week, confirmed');
    assert.equal(hours(), '[]');
  } finally {
    const rows = JSON.parse(before);
    psql(`BEGIN; DELETE FROM opening_hours WHERE space_id = 1; INSERT INTO opening_hours (weekday, opens, closes)
      SELECT (r->>'weekday')::smallint, (r->>'opens')::time, (r->>'closes')::time FROM jsonb_array_elements(:'j'::jsonb) r; COMMIT;`,
    { j: JSON.stringify(rows) });
  }
  assert.equal(hours(), before);
});

// ---- Low: status lines, headers, cookies ---------------------------------------------------

test('a 410 answer says Gone', async () => {
  const res = await raw(`GET /mot-de-passe/nouveau HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  assert.equal(res.status, 410);
  assert.match(res.head.split('\r\n')[0], /^HTTP\/1\.1 410 Gone$/);
  assert.match(res.text, /Lien expiré/);
});

test('the invoice link page sends one Referrer-Policy header, and no referrer', async () => {
  const token = psql(`SELECT public_token FROM invoice WHERE status <> 'draft' AND public_token IS NOT NULL ORDER BY id LIMIT 1`);
  assert.ok(token, 'an issued invoice with a link');
  for (const p of [`/factures/${token}`, `/factures/${token}.pdf`, '/', '/contact', '/static/css/site.css']) {
    const res = await request({ path: p });
    assert.equal((res.all['referrer-policy'] || []).length, 1, `${p}: ${JSON.stringify(res.all['referrer-policy'])}`);
  }
  const page = await request({ path: `/factures/${token}` });
  assert.equal(page.status, 200);
  assert.match(page.text, /<meta name="referrer" content="no-referrer">/);
});

test('33 cookies or a Cookie header over 4 KB: the extras are ignored, not a 400', async () => {
  const many = Array.from({ length: 40 }, (_, i) => `tiers${i}=${'v'.repeat(10)}`).join('; ');
  const big = `pub=${'x'.repeat(5000)}`;
  for (const cookie of [many, big, `${many}; ${big}`]) {
    for (const p of ['/', '/contact', '/evenements', '/connexion']) {
      const res = await request({ path: `${p}?t=${tag()}`, headers: { Cookie: cookie } });
      assert.equal(res.status, 200, `${p} with a Cookie header of ${cookie.length} bytes`);
    }
  }
  // A signed-in administrator whose browser holds other cookies past the caps stays signed in.
  const a = await logIn(ADMIN);
  const res = await a.get('/admin', many);
  assert.equal(res.status, 200, 'the session cookie, first, is kept');
});

// ---- the same defect in every program's textareas ------------------------------------------------

// The text of the textarea named name in html, as a browser reads it.
function textareaText(html, name) {
  const m = new RegExp(`<textarea[^>]*\\sname="${name}"[^>]*>`).exec(html);
  assert.ok(m, `a textarea ${name}`);
  let text = html.slice(m.index + m[0].length, html.indexOf('</textarea>', m.index));
  if (text.startsWith('\n')) text = text.slice(1);
  return decode(text);
}

test('every form with a textarea shows its text back with its line breaks (contact, booking, back office)', async () => {
  const a = await logIn(ADMIN);
  const visitor = new Client();
  const forms = [
    // [client, page, form action, textarea, changes that make the form come back, submitter]
    [visitor, '/contact', '/contact', 'message', { email: 'pas-une-adresse' }],
    [visitor, '/reservation', '/reservation', 'objet', {}, { name: 'action', value: 'prix' }],
    [a, '/admin/lettre', '/admin/lettre', 'message', { sujet: 'Essai' }, { name: 'action', value: 'apercu' }],
    [a, '/admin/evenements/nouveau', '/admin/evenements/nouveau', 'description', { titre: '' }],
    [a, '/admin/financements/nouveau', '/admin/financements/nouveau', 'note', { objet: '' }],
    [a, '/admin/contenu/pages/accueil', '/admin/contenu/pages/accueil', 'contenu', {}, { name: 'action', value: 'apercu' }],
  ];
  const text = RICH_MD.slice(0, 480); // within the booking purpose's 500 characters
  const home = rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = 'accueil'`);
  for (const [client, page, action, name, changes, submitter] of forms) {
    const res0 = await client.get(page);
    assert.equal(res0.status, 200, `GET ${page}`);
    const fields = formData(res0.text, action, submitter).map(([k, v]) => [k, k in changes ? changes[k] : v]);
    const i = fields.findIndex(([k]) => k === name);
    fields[i][1] = text.replace(/\n/g, '\r\n');
    const res = await client.post(action, new URLSearchParams(fields).toString());
    assert.ok([200, 422].includes(res.status), `POST ${action}: ${res.status}`);
    assert.equal(textareaText(res.text, name), text, `${page}: ${name} comes back with its line breaks`);
  }
  assert.equal(rowJson(`SELECT * FROM site_page WHERE space_id = 1 AND slug = 'accueil'`), home, 'a preview saves nothing');
});

test('a contact message is stored with its line breaks, CR LF made LF', async () => {
  const c = new Client();
  const page = await c.get('/contact');
  const t = tag();
  const message = `Bonjour,\n\nJe voudrais visiter l’espace ${t} :\n- mardi\n- ou jeudi\n\nMerci !\n`;
  const fields = formData(page.text, '/contact').map(([k, v]) => [k, {
    nom: 'Camille Test', email: `camille.${t}@example.org`, telephone: '05 53 00 00 00', objet: `Visite ${t}`,
    message: message.replace(/\n/g, '\r\n'),
  }[k] ?? v]);
  const res = await c.post('/contact', new URLSearchParams(fields).toString());
  assert.ok([200, 303].includes(res.status), `POST /contact: ${res.status}`);
  assert.equal(psql(`SELECT body = :'m' FROM contact_message WHERE subject = :'s'`, { m: message, s: `Visite ${t}` }), 't');
});
