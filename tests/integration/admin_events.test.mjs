// admin_events.test.mjs: the staff back office's event pages against the running stack: login
// as the demo admin, create (with every French validation error), edit (sequence raised, the
// optimistic lock), publish, delete refused for a published event, cancel (registered people
// get a mail in the outbox), delete a draft; roles, CSRF and the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, psql, psqlRows, count, hidden, freshAddr, formBody } from './lib.mjs';

const ADMIN = { email: 'equipe@lafontaine-agen.example', password: 'fontaine-demo-2026' };
const MEMBER = { email: 'membre@lafontaine-agen.example', password: 'fontaine-demo-2026' };

// A browser: cookie jar, the csrf token of the last form page.
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

  async get(p) {
    const headers = this.jar.size ? { Cookie: this.cookie() } : {};
    return this.keep(await request({ path: p, headers, localAddress: this.localAddress }));
  }

  async post(p, fields = {}, { csrf = this.csrf } = {}) {
    const body = formBody(csrf === null ? fields : { csrf, ...fields });
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': Buffer.byteLength(body),
    };
    if (this.jar.size) headers.Cookie = this.cookie();
    return this.keep(await request({ method: 'POST', path: p, headers, body, localAddress: this.localAddress }));
  }
}

// Logs in through the real login form (GET /connexion for the csrf cookie and token first).
async function logIn({ email, password }) {
  const c = new Client();
  const form = await c.get('/connexion');
  assert.equal(form.status, 200);
  assert.ok(c.jar.has('csrf') && c.csrf, 'GET /connexion gives a csrf cookie and field');
  const res = await c.post('/connexion', { email, mot_de_passe: password, retour: '/admin' });
  assert.equal(res.status, 303, `login of ${email} answered ${res.status}`);
  assert.ok(c.jar.has('session'), `${email} has a session`);
  return c;
}

let seq = 0;
const tag = () => `${process.pid.toString(36)}${Date.now().toString(36)}${(++seq).toString(36)}`;

// A valid event form; the title carries a unique tag to find the row.
function eventFields(extra = {}) {
  const t = tag();
  return {
    t,
    fields: {
      titre: `Atelier « Découvrir Git » ${t}`,
      resume: 'Deux heures pour versionner ses fichiers sans douleur.',
      description: '## Au programme\n\n- les *commits*\n- les **branches**\n\n<script>alert(1)</script>',
      categorie: 'atelier',
      date_debut: '2031-03-11',
      heure_debut: '18:30',
      date_fin: '2031-03-11',
      heure_fin: '20:30',
      lieu: 'La Fontaine',
      adresse: '',
      capacite: '12',
      prix: '12,50',
      image: '',
      ...extra,
    },
  };
}

const fieldError = (html, name) => {
  const m = new RegExp(`<p class="error" id="f-${name}-erreur">([^<]*)</p>`).exec(html);
  return m ? m[1] : undefined;
};

const eventByTag = (t) => psqlRows(`SELECT id, slug, title, status, sequence, capacity, price_cents,
    category, published_at IS NOT NULL AS published,
    to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') AS starts,
    to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts_utc
    FROM event WHERE title LIKE '%' || :'t'`, { t })[0];

async function createEvent(admin, extra = {}) {
  const { t, fields } = eventFields(extra);
  const form = await admin.get('/admin/evenements/nouveau');
  assert.equal(form.status, 200);
  const res = await admin.post('/admin/evenements/nouveau', fields);
  assert.equal(res.status, 303, `create answered ${res.status}: ${res.text.slice(0, 3000)}`);
  const ev = eventByTag(t);
  assert.ok(ev, 'the event is saved');
  assert.equal(res.header('location'), `/admin/evenements/${ev.id}?ok=cree`);
  return { t, fields, ev };
}

const audit = (id) => psqlRows(`SELECT person_id, action, table_name, row_id, before, after
    FROM audit_log WHERE table_name = 'event' AND row_id = :id ORDER BY id`, { id });
const adminId = () => Number(psql("SELECT id FROM person WHERE email = 'equipe@lafontaine-agen.example'"));

test('create: French errors beside the fields, nothing saved; then a valid event (Paris time, slug, cents)', async () => {
  const admin = await logIn(ADMIN);
  const home = await admin.get('/admin');
  assert.equal(home.status, 200);
  assert.match(home.header('cache-control') || '', /no-store/, 'staff pages are never stored');
  const before = count('event');
  const bad = [
    [{ date_fin: '2031-03-11', heure_fin: '17:00' }, 'date_fin', 'La fin doit être après le début de l’événement.'],
    [{ titre: '' }, 'titre', 'Ce champ est obligatoire.'],
    [{ titre: '   ' }, 'titre', 'Ce champ est obligatoire.'],
    [{ capacite: '0' }, 'capacite', 'Indiquez un nombre entre 1 et 100000.'],
    [{ capacite: 'douze' }, 'capacite', 'Indiquez un nombre entier.'],
    [{ prix: '-5' }, 'prix', 'Indiquez un montant en euros, sans signe moins (exemple : 12,50).'],
    [{ prix: '12,505' }, 'prix', 'Indiquez un montant en euros, sans signe moins (exemple : 12,50).'],
    [{ categorie: 'concert' }, 'categorie', 'Choisissez une des options proposées.'],
    [{ date_debut: '11/03/2031' }, 'date_debut', 'Cette date n’est pas valide (format attendu : AAAA-MM-JJ).'],
    [{ heure_debut: '25:00' }, 'heure_debut', 'Cette heure n’est pas valide (format attendu : HH:MM, par exemple 18:30).'],
    [{ date_fin: '2031-03-30' }, 'date_fin', 'Un événement dure au plus 14 jours.'],
    [{ image: 'https://example.org/x.jpg' }, 'image', undefined],
  ];
  for (const [extra, name, message] of bad) {
    const { fields } = eventFields(extra);
    const res = await admin.post('/admin/evenements/nouveau', fields);
    assert.equal(res.status, 422, `${JSON.stringify(extra)} answered ${res.status}`);
    const shown = fieldError(res.text, name);
    assert.ok(shown, `${JSON.stringify(extra)}: a message beside ${name}`);
    if (message) assert.equal(shown, message, JSON.stringify(extra));
    assert.match(res.text, /Le formulaire contient 1\serreur\./, `${JSON.stringify(extra)}: one error only`);
    // The user's other values come back, escaped.
    assert.ok(res.text.includes('value="Deux heures pour versionner ses fichiers sans douleur."'));
  }
  assert.equal(count('event'), before, 'nothing saved by an invalid form');

  // A title with markup comes back escaped, never as markup.
  const xss = await admin.post('/admin/evenements/nouveau', eventFields({ titre: '<b>x</b>"', prix: 'abc' }).fields);
  assert.equal(xss.status, 422);
  assert.ok(xss.text.includes('value="&lt;b&gt;x&lt;/b&gt;&quot;"'), 'the title is escaped on redisplay');

  const { ev, t } = await createEvent(admin, { prix: '1 234,5', capacite: '' });
  assert.equal(ev.status, 'draft');
  assert.equal(ev.published, false);
  assert.equal(ev.price_cents, 123450, '"1 234,5" is 123450 cents');
  assert.equal(ev.capacity, null, 'empty capacity is unlimited');
  assert.equal(ev.starts, '2031-03-11 18:30', 'stored as the Paris time typed');
  assert.equal(ev.starts_utc, '2031-03-11 17:30', 'which is 17:30 UTC in winter');
  assert.equal(ev.slug, `atelier-decouvrir-git-${t}-2031-03-11`, 'slug: ASCII, accents folded, with the date');

  // Same title and date again: the slug takes -2.
  const again = await admin.post('/admin/evenements/nouveau', eventFields({ titre: `Atelier « Découvrir Git » ${t}` }).fields);
  assert.equal(again.status, 303);
  const slugs = psqlRows("SELECT slug FROM event WHERE title = :'title' ORDER BY id", { title: `Atelier « Découvrir Git » ${t}` }).map((r) => r.slug);
  assert.deepEqual(slugs, [`atelier-decouvrir-git-${t}-2031-03-11`, `atelier-decouvrir-git-${t}-2031-03-11-2`]);

  // Summer time: 18:30 in Paris is 16:30 UTC.
  const summer = await createEvent(admin, { date_debut: '2031-07-02', date_fin: '2031-07-02' });
  assert.equal(summer.ev.starts_utc, '2031-07-02 16:30');

  // The list and the home show it, with its seats.
  const list = await admin.get('/admin/evenements');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/admin/evenements/${ev.id}"`), 'the list links to the event');
  assert.ok(list.text.includes('0 (illimité)'), 'unlimited seats are said so');
  const home2 = await admin.get('/admin');
  assert.equal(home2.status, 200);
  assert.ok(home2.text.includes(`href="/admin/evenements/${ev.id}/inscriptions"`), 'the home links to its registrations');

  const rows = audit(ev.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, 'create');
  assert.equal(rows[0].person_id, adminId(), 'the audit row names the staff member');
  assert.equal(rows[0].before, null);
  assert.equal(rows[0].after.title, `Atelier « Découvrir Git » ${t}`);
});

test('edit (sequence raised, concurrent edit refused with the form kept), publish, delete refused, cancel mails, delete a draft', async () => {
  const admin = await logIn(ADMIN);
  const other = await logIn(ADMIN); // a second staff session
  const { ev, fields } = await createEvent(admin);
  const url = `/admin/evenements/${ev.id}`;

  const page = await admin.get(url);
  assert.equal(page.status, 200);
  assert.equal(hidden(page.text, 'sequence'), String(ev.sequence));
  // Markdown preview, cmark safe mode: markup rendered, raw HTML dropped.
  assert.match(page.text, /<h2>Au programme<\/h2>/);
  assert.match(page.text, /<strong>branches<\/strong>/);
  assert.ok(!page.text.includes('<script>alert(1)</script>'), 'raw HTML never reaches the page');
  assert.match(page.text, /value="12,50"/, 'the price shows in French');
  assert.match(page.text, /<option value="atelier" selected>Atelier<\/option>/);
  await other.get(url); // the other staff member opens the same version

  const edited = await admin.post(url, { ...fields, sequence: hidden(page.text, 'sequence'), titre: `${fields.titre} (complet)`, capacite: '20' });
  assert.equal(edited.status, 303, `edit answered ${edited.status}`);
  assert.equal(edited.header('location'), `${url}?ok=enregistre`);
  const [after] = psqlRows('SELECT title, capacity, sequence FROM event WHERE id = :id', { id: ev.id });
  assert.equal(after.capacity, 20);
  assert.equal(after.title, `${fields.titre} (complet)`);
  assert.equal(after.sequence, ev.sequence + 1, 'the sequence is raised');

  // The other staff member saves the version they read: refused, their values kept.
  const stale = await other.post(url, { ...fields, sequence: String(ev.sequence), lieu: 'Médiathèque Lamouroux' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /modifié entre-temps/);
  assert.match(stale.text, /value="Médiathèque Lamouroux"/, 'what they typed is kept');
  assert.equal(hidden(stale.text, 'sequence'), String(after.sequence), 'the next save is checked against the current version');
  assert.equal(psql('SELECT place_name FROM event WHERE id = :id', { id: ev.id }), 'La Fontaine', 'nothing lost silently');

  // An image-only change also moves the lock.
  const img = await admin.post(url, { ...fields, titre: after.title, capacite: '20', sequence: String(after.sequence), image: '/static/img/og.png' });
  assert.equal(img.status, 303);
  assert.ok(Number(psql('SELECT sequence FROM event WHERE id = :id', { id: ev.id })) > after.sequence);

  // Validation on edit too: 422, nothing changed.
  const cur = psql('SELECT sequence FROM event WHERE id = :id', { id: ev.id });
  const invalid = await admin.post(url, { ...fields, sequence: cur, prix: '-1' });
  assert.equal(invalid.status, 422);
  assert.equal(psql('SELECT price_cents FROM event WHERE id = :id', { id: ev.id }), '1250');

  const pub = await admin.post(`${url}/publier`);
  assert.equal(pub.status, 303);
  const [published] = psqlRows('SELECT status, published_at IS NOT NULL AS stamped FROM event WHERE id = :id', { id: ev.id });
  assert.deepEqual(published, { status: 'published', stamped: true });
  const twice = await admin.post(`${url}/publier`);
  assert.equal(twice.status, 409, 'publishing twice is refused with a message');

  // A published event cannot be deleted: the database refuses, the page explains (no 500).
  const del = await admin.post(`${url}/supprimer`);
  assert.equal(del.status, 409);
  assert.match(del.text, /Seul un brouillon peut être supprimé/);
  assert.equal(count('event', 'id = :id', { id: ev.id }), 1);

  // Cancel: every live registration is told by mail.
  const email = `inscrit.${ev.id}@exemple.fr`;
  psql(`INSERT INTO registration (event_id, name, email, status, cancel_token_hash)
        VALUES (:id, 'Louise Inscrite', :'email', 'confirmed', decode(md5(:'email') || md5(:'email' || 'x'), 'hex'))`, { id: ev.id, email });
  const outboxBefore = count('outbox', "to_addr = :'email'", { email });
  const cancel = await admin.post(`${url}/annuler`);
  assert.equal(cancel.status, 303);
  assert.equal(psql('SELECT status FROM event WHERE id = :id', { id: ev.id }), 'cancelled');
  const mails = psqlRows("SELECT subject, body_text FROM outbox WHERE to_addr = :'email' ORDER BY id", { email });
  assert.equal(mails.length, outboxBefore + 1, 'one mail for the registered person');
  assert.match(mails.at(-1).subject, /annulé/i);
  assert.match(mails.at(-1).body_text, /^Bonjour Louise Inscrite,/);
  const again = await admin.post(`${url}/annuler`);
  assert.equal(again.status, 409, 'cancelling twice is refused with a message');
  const edit = await admin.post(url, { ...fields, sequence: psql('SELECT sequence FROM event WHERE id = :id', { id: ev.id }) });
  assert.equal(edit.status, 409, 'a cancelled event is not edited');

  const regs = await admin.get(`${url}/inscriptions`);
  assert.equal(regs.status, 200);
  assert.ok(regs.text.includes('Louise Inscrite'));

  // Every change is in the audit log, by this staff member, with before and after.
  const rows = audit(ev.id);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'edit', 'edit', 'publish', 'cancel']);
  for (const r of rows) assert.equal(r.person_id, adminId());
  assert.equal(rows[1].before.capacity, 12);
  assert.equal(rows[1].after.capacity, 20);
  assert.equal(rows[3].before.status, 'draft');
  assert.equal(rows[3].after.status, 'published');

  // A draft is deleted, and the deletion is logged with the row as it was.
  const draft = await createEvent(admin);
  const gone = await admin.post(`/admin/evenements/${draft.ev.id}/supprimer`);
  assert.equal(gone.status, 303);
  assert.equal(gone.header('location'), '/admin/evenements?ok=supprime');
  assert.equal(count('event', 'id = :id', { id: draft.ev.id }), 0);
  const last = audit(draft.ev.id).at(-1);
  assert.equal(last.action, 'delete');
  assert.equal(last.after, null);
  assert.equal(last.before.id, draft.ev.id);
  assert.equal((await admin.get(`/admin/evenements/${draft.ev.id}`)).status, 404);
  for (const p of ['/admin/evenements/abc', '/admin/evenements/0', '/admin/evenements/99999999999']) {
    assert.equal((await admin.get(p)).status, 404, p);
  }
});

test('roles: no session → login; a member → 403 everywhere; CSRF missing → 403; the audit log is append-only', async () => {
  const pages = ['/admin', '/admin/evenements', '/admin/evenements/nouveau'];
  const anyId = psql('SELECT id FROM event ORDER BY id LIMIT 1') || '1';
  pages.push(`/admin/evenements/${anyId}`, `/admin/evenements/${anyId}/inscriptions`);
  const visitor = new Client();
  for (const p of pages) {
    const res = await visitor.get(p);
    assert.equal(res.status, 303, `${p} without a session`);
    assert.equal(res.header('location'), `/connexion?retour=${encodeURIComponent(p)}`);
  }
  const member = await logIn(MEMBER);
  const before = count('event');
  for (const p of pages) assert.equal((await member.get(p)).status, 403, `member GET ${p}`);
  await member.get('/connexion'); // a csrf token of this browser
  for (const p of ['/admin/evenements/nouveau', `/admin/evenements/${anyId}`, `/admin/evenements/${anyId}/publier`,
    `/admin/evenements/${anyId}/annuler`, `/admin/evenements/${anyId}/supprimer`]) {
    assert.equal((await member.post(p, eventFields().fields)).status, 403, `member POST ${p}`);
  }
  assert.equal(count('event'), before, 'a member changed nothing');

  const admin = await logIn(ADMIN);
  await admin.get('/admin/evenements/nouveau');
  const { fields } = eventFields();
  assert.equal((await admin.post('/admin/evenements/nouveau', fields, { csrf: null })).status, 403, 'no csrf field');
  assert.equal((await admin.post('/admin/evenements/nouveau', fields, { csrf: 'x'.repeat(43) })).status, 403, 'a wrong csrf');
  assert.equal(count('event'), before, 'nothing saved without CSRF');

  // The admin role reads and appends to the audit log, never rewrites it, and cannot change
  // an event without naming its actor.
  const asAdmin = (sql) => psql(`SET ROLE fontaine_admin; ${sql}`);
  assert.ok(Number(asAdmin('SELECT count(*) FROM audit_log;')) > 0);
  assert.throws(() => asAdmin('UPDATE audit_log SET action = \'edit\';'), /permission denied/);
  assert.throws(() => asAdmin('DELETE FROM audit_log;'), /permission denied/);
  assert.throws(() => psql(`SET SESSION AUTHORIZATION fontaine_admin; UPDATE event SET title = title || '!' WHERE id = ${anyId};`),
    /needs its actor/);
});
